using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ECommerce.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace ECommerce.Web.Hosting;

/// <summary>
/// The styles MudBlazor's <see cref="MudThemeProvider"/> writes into every page it is on (12 KB of CSS variables for
/// <see cref="ShopTheme"/>, three quarters of a product page) as one stylesheet instead, linked by the layout with
/// its hash like the site's files, so browsers keep it for a year. Rendered once, by MudThemeProvider itself: the
/// same CSS the component would have written.
/// </summary>
public sealed partial class ThemeStylesheet
{
    public const string Path = "/theme.css";

    public ThemeStylesheet(IServiceProvider services, ILoggerFactory loggers)
    {
        Css = Render(services, loggers);
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))[..12];
        Url = $"{Path}?{AssetVersions.Parameter}={Hash}";
    }

    public string Css { get; }

    public string Hash { get; }

    /// <summary>The stylesheet's address with its version, as every page links it.</summary>
    public string Url { get; }

    private static string Render(IServiceProvider services, ILoggerFactory loggers)
    {
        using var scope = services.CreateScope();
        using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(MudThemeProvider.Theme)] = ShopTheme.Theme });
            return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
        }).GetAwaiter().GetResult();
        return string.Join('\n', StyleElement().Matches(html).Select(m => m.Groups["css"].Value.Trim()));
    }

    [GeneratedRegex("<style[^>]*>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
