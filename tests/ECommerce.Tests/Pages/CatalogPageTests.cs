using System.Net;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

public sealed class CatalogPageTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Fact]
    public async Task Search_lists_the_matching_products_as_links_to_their_pages()
    {
        var word = $"quokka{Guid.NewGuid():N}"[..14];
        var match = await shop.CreateProductAsync(name: $"The {word} lamp");
        await shop.CreateProductAsync(name: "Something else entirely");
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?q={word}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Products(page).ShouldBe([(match.Name, $"/products/{match.Id}")]);
        page.Document.QuerySelector("input[type=search]")!.GetAttribute("value").ShouldBe(word);
    }

    [Fact]
    public async Task Category_lists_only_its_products_and_is_marked_current()
    {
        var (category, names) = await CategoryAsync(2);
        await shop.CreateProductAsync(category: "other-things");
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?category={category}");

        Products(page).Select(p => p.Name).ShouldBe(names, ignoreOrder: true);
        page.Document.QuerySelector("nav[aria-label=Categories] a[aria-current=page]")!.GetAttribute("href").ShouldBe($"/?category={category}");
        page.Document.QuerySelectorAll("h1").Length.ShouldBe(1);
        page.Document.QuerySelectorAll("meta[name=description]").Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("price_asc", new[] { 100, 200, 300 })]
    [InlineData("price_desc", new[] { 300, 200, 100 })]
    public async Task Sort_orders_the_listing_by_price(string sort, int[] prices)
    {
        var category = $"sorted-{Guid.NewGuid():N}"[..14];
        var admin = await shop.AdminAsync();
        foreach (var price in new[] { 200, 300, 100 })
        {
            await shop.CreateProductAsync(price: price, name: $"Priced {price}", category: category, admin: admin);
        }

        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?category={category}&sort={sort}");

        Products(page).Select(p => p.Name).ShouldBe(prices.Select(p => $"Priced {p}"));
        page.Document.QuerySelector("select[name=sort] option[selected]")!.GetAttribute("value").ShouldBe(sort);
    }

    [Fact]
    public async Task Page_two_holds_what_page_one_left_and_the_pages_link_to_each_other()
    {
        var (category, names) = await CategoryAsync(21);
        using var session = PageSession.Start(shop);

        var first = await session.GetAsync($"/?category={category}");
        var second = await session.GetAsync($"/?category={category}&page=2");

        Products(first).Count.ShouldBe(20);
        Products(second).Count.ShouldBe(1);
        Products(first).Concat(Products(second)).Select(p => p.Name).ShouldBe(names, ignoreOrder: true);
        first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href").ShouldBe($"/?category={category}&page=2");
        second.Document.QuerySelector("a[rel=prev]")!.GetAttribute("href").ShouldBe($"/?category={category}");
        second.MainText().ShouldContain("Page 2 of 2");
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("page=0")]
    [InlineData("page=-3")]
    [InlineData("page=99999999999999")]
    [InlineData("sort=bogus")]
    [InlineData("sort=")]
    public async Task A_bad_page_or_sort_is_corrected_never_an_error(string query)
    {
        var (category, names) = await CategoryAsync(2);
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?category={category}&{query}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Products(page).Select(p => p.Name).ShouldBe(names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_page_past_the_end_says_so_and_links_to_the_last_page()
    {
        var (category, _) = await CategoryAsync(2);
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?category={category}&page=3");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Products(page).ShouldBeEmpty();
        page.MainText().ShouldContain("There is no page 3: these 2 products fill 1 page.");
        page.Document.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Go to the last page").GetAttribute("href")
            .ShouldBe($"/?category={category}");
    }

    [Fact]
    public async Task A_search_without_a_match_says_so()
    {
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/?q=nothing-{Guid.NewGuid():N}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.MainText().ShouldContain("No products match.");
    }

    private static List<(string Name, string Href)> Products(PageSession.Page page) =>
        [.. page.Document.QuerySelectorAll(".product-grid h2 a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href")!))];

    /// <summary>A category of the test's own holding <paramref name="count"/> products.</summary>
    private async Task<(string Slug, List<string> Names)> CategoryAsync(int count)
    {
        var slug = $"cat-{Guid.NewGuid():N}"[..14];
        var admin = await shop.AdminAsync();
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            names.Add((await shop.CreateProductAsync(name: $"Item {i:00} {slug}", category: slug, admin: admin)).Name);
        }

        return (slug, names);
    }
}
