using System.Diagnostics.CodeAnalysis;

namespace ECommerce.Web.Components.Account;

/// <summary>Where sign-in and registration send the shopper back to: a path of this shop only, so a crafted link cannot lead to another site.</summary>
public static class ReturnUrls
{
    public const string Home = "/";

    /// <summary><paramref name="returnUrl"/> when it is a local path, else the catalog.</summary>
    public static string LocalOrHome(string? returnUrl) => IsLocal(returnUrl) ? returnUrl : Home;

    /// <summary>
    /// One leading '/' and not "//" or "/\" (browsers read both as another host), nor any control character
    /// (browsers drop tabs and newlines, which would turn "/\t/evil" into "//evil"): the rule of MVC's Url.IsLocalUrl.
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url) =>
        url is ['/', ..] && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl);

    /// <summary>A link to another account page that keeps the way back.</summary>
    public static string AccountPage(string path, string? returnUrl) =>
        IsLocal(returnUrl) && returnUrl != Home ? $"{path}?returnUrl={Uri.EscapeDataString(returnUrl)}" : path;
}
