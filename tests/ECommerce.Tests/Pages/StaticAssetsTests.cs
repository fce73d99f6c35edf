using System.Net.Http.Headers;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>The files every page links are versioned by their content and kept by browsers; pages and files are compressed.</summary>
public sealed class StaticAssetsTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Fact]
    public async Task Every_stylesheet_and_script_a_page_links_is_versioned_and_kept_for_a_year()
    {
        using var session = PageSession.Start(shop);
        var page = await session.GetAsync("/");

        var links = page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!))
            .ToList();

        links.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var link in links)
        {
            link.ShouldMatch(@"\?v=[0-9a-f]{12}$");
            var file = await session.Client.GetAsync(link.StartsWith('/') ? link : "/" + link);
            file.EnsureSuccessStatusCode();
            file.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable", link);
        }
    }

    [Fact]
    public async Task The_theme_is_a_stylesheet_of_its_own_not_part_of_every_page()
    {
        using var session = PageSession.Start(shop);
        var page = await session.GetAsync("/");

        page.Document.QuerySelectorAll("style").ShouldBeEmpty();
        var href = page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.StartsWith("/theme.css?v="));
        var theme = await session.Client.GetAsync(href);
        theme.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        var css = await theme.Content.ReadAsStringAsync();
        css.ShouldContain("--mud-palette-primary: rgba(40,53,147,1);", Case.Sensitive, "the shop's primary colour, #283593");
        css.ShouldContain("--mud-palette-appbar-background: rgba(26,35,126,1);", Case.Sensitive, "#1a237e");

        var stale = await session.Client.GetAsync("/theme.css?v=000000000000");
        stale.Headers.CacheControl!.ToString().ShouldBe("public, max-age=3600", "an old version's URL gets today's file, so it is not kept for good");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_and_stylesheets_are_compressed(string encoding)
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        var page = await session.GetAsync("/");
        var theme = page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.StartsWith("/theme.css"));

        foreach (var url in new[] { "/", $"/products/{product.Id}", theme })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var answer = await session.Client.SendAsync(request);
            answer.Content.Headers.ContentEncoding.ShouldBe([encoding], url);
        }
    }
}
