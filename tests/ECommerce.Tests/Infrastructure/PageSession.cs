using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// A browser without JavaScript, over HTTP: it keeps cookies, reads pages as HTML and posts their forms
/// with the antiforgery token the page rendered, as a real form post would. It does not follow redirects,
/// so a test sees each one (<see cref="FollowAsync"/> takes the next step).
/// </summary>
public sealed class PageSession(HttpClient client, CookieContainer? cookies = null) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    public static PageSession Start(ShopFixture shop)
    {
        var cookies = new CookieContainer();
        return new(shop.Pages(cookies), cookies);
    }

    private CookieContainer Cookies => cookies ?? throw new InvalidOperationException("This session was made without its cookie container: start it with PageSession.Start.");

    /// <summary>The value of the browser's cookie <paramref name="name"/>, or null when it has none.</summary>
    public string? Cookie(string name) => Cookies.GetCookies(Client.BaseAddress!)[name]?.Value;

    /// <summary>Gives the browser a cookie, as an earlier visit would have.</summary>
    public void SetCookie(string name, string value) => Cookies.Add(Client.BaseAddress!, new Cookie(name, value));

    /// <summary>GETs a page and parses it; the status is the caller's to check.</summary>
    public async Task<Page> GetAsync(string url) => await Page.ReadAsync(await Client.GetAsync(url));

    /// <summary>
    /// Fills the form named <paramref name="formName"/> (Blazor's <c>FormName</c>, posted as <c>_handler</c>)
    /// of <paramref name="page"/> and submits it: the form's own fields (hidden ones, the antiforgery token)
    /// are sent, with <paramref name="fields"/> set on top.
    /// </summary>
    public Task<HttpResponseMessage> SubmitAsync(Page page, string formName, params (string Name, string Value)[] fields) =>
        SubmitAsync(page, page.Form(formName), fields);

    /// <summary>Submits <paramref name="form"/> of <paramref name="page"/>, a form found by any means (one without a Blazor form name, say).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(Page page, IElement form, params (string Name, string Value)[] fields)
    {
        var values = form.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("submit" or "button" or "checkbox" or "radio") || e.HasAttribute("checked"))
            .Select(e => (Name: e.GetAttribute("name")!, Value: e is AngleSharp.Html.Dom.IHtmlSelectElement select ? select.Value ?? "" : e.GetAttribute("value") ?? e.TextContent))
            .ToList();
        foreach (var (name, value) in fields)
        {
            values.RemoveAll(v => v.Name == name);
            values.Add((name, value));
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url;
        return await Client.PostAsync(action, new FormUrlEncodedContent(values.Select(v => KeyValuePair.Create(v.Name, v.Value))));
    }

    /// <summary>GETs where a redirect points, as a browser would after a form post.</summary>
    public async Task<Page> FollowAsync(HttpResponseMessage redirect)
    {
        redirect.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther, HttpStatusCode.Found);
        return await GetAsync(redirect.Headers.Location!.OriginalString);
    }

    /// <summary>Signs in through the sign-in page's form, as a shopper does.</summary>
    public async Task SignInAsync(string username, string password)
    {
        var response = await SubmitAsync(await GetAsync("/account/login"), "login", ("Input.Username", username), ("Input.Password", password));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {username} failed: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => Client.Dispose();

    /// <summary>A page as HTML, with its address and status.</summary>
    public sealed record Page(string Url, HttpStatusCode Status, IDocument Document, string Html)
    {
        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            return new Page(response.RequestMessage!.RequestUri!.PathAndQuery, response.StatusCode, await Parser.ParseDocumentAsync(html), html);
        }

        public IElement Form(string formName) =>
            Document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? throw new ShouldAssertException($"{Url} has no form named '{formName}':\n{Html}");

        public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

        public IReadOnlyList<string> Texts(string selector) => [.. Document.QuerySelectorAll(selector).Select(e => e.TextContent.Trim())];
    }
}
