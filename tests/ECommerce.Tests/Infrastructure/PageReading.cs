using AngleSharp.Dom;

namespace ECommerce.Tests.Infrastructure;

/// <summary>What a shopper reads on a page, found the way assistive technology finds it: by role and by label.</summary>
public static class PageReading
{
    /// <summary>The header's cart link, which carries the count: <c>Cart (2)</c>.</summary>
    public static string CartLink(this PageSession.Page page) =>
        page.Document.QuerySelector("header a[href='/cart']")?.TextContent.Trim() ?? throw new ShouldAssertException($"{page.Url} has no cart link");

    /// <summary>The text of the page's <c>role=status</c> message, or null.</summary>
    public static string? StatusMessage(this PageSession.Page page) => page.Document.QuerySelector("[role=status]")?.TextContent.Trim();

    /// <summary>The text of the page's <c>role=alert</c> message, or null.</summary>
    public static string? AlertMessage(this PageSession.Page page) => page.Document.QuerySelector("[role=alert]")?.TextContent.Trim();

    /// <summary>The form field whose label reads <paramref name="label"/>.</summary>
    public static IElement Field(this PageSession.Page page, string label)
    {
        var forId = page.Document.QuerySelectorAll("label[for]").FirstOrDefault(l => l.TextContent.Trim() == label)?.GetAttribute("for")
            ?? throw new ShouldAssertException($"{page.Url} has no label '{label}':\n{page.Html}");
        return page.Document.GetElementById(forId) ?? throw new ShouldAssertException($"{page.Url}: label '{label}' points to nothing");
    }

    /// <summary>The buttons' accessible names (their text, hidden parts included).</summary>
    public static IReadOnlyList<string> Buttons(this PageSession.Page page) =>
        [.. page.Document.QuerySelectorAll("main button").Select(b => b.TextContent.Trim())];

    /// <summary>Whether the answer gives the browser a guest cart cookie.</summary>
    public static bool SetsCartCookie(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("shop_cart=", StringComparison.Ordinal));

    /// <summary>The text of the page's main content, white space collapsed.</summary>
    public static string MainText(this PageSession.Page page) =>
        string.Join(' ', (page.Document.QuerySelector("main")?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
