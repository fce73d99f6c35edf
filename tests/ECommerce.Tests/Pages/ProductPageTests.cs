using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

public sealed class ProductPageTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Fact]
    public async Task Product_page_shows_the_product_with_its_price_as_money_and_its_stock()
    {
        var category = $"lamps-{Guid.NewGuid():N}"[..12];
        var product = await shop.CreateProductAsync(price: 12_345, stock: 3, category: category, description: "A lamp that glows warmly.");
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/products/{product.Id}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("h1").Select(h => h.TextContent.Trim()).ShouldBe([product.Name]);
        page.Document.Title.ShouldStartWith(product.Name);
        page.Document.QuerySelectorAll("meta[name=description]").Select(m => m.GetAttribute("content")).ShouldBe(["A lamp that glows warmly."]);
        page.Document.QuerySelector("main img")!.GetAttribute("alt").ShouldBe(product.Name);
        page.MainText().ShouldContain("$123.45");
        page.MainText().ShouldContain("Only 3 left");
        page.MainText().ShouldContain("A lamp that glows warmly.");
        page.Document.QuerySelector($"nav[aria-label=Breadcrumb] a[href='/?category={category}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Add_to_cart_form_has_a_quantity_from_1_to_100_starting_at_1()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/products/{product.Id}");

        var quantity = page.Field("Quantity");
        (quantity.GetAttribute("type"), quantity.GetAttribute("min"), quantity.GetAttribute("max"), quantity.GetAttribute("value"))
            .ShouldBe(("number", "1", "100", "1"));
        page.Form("add-to-cart").QuerySelector("button[type=submit]")!.TextContent.Trim().ShouldBe("Add to cart");
    }

    [Fact]
    public async Task A_sold_out_product_cannot_be_added()
    {
        var product = await shop.CreateProductAsync(stock: 0);
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/products/{product.Id}");

        page.MainText().ShouldContain("Sold out");
        var button = page.Form("add-to-cart").QuerySelector("button")!;
        (button.TextContent.Trim(), button.HasAttribute("disabled")).ShouldBe(("Add to cart", true));
        page.Document.QuerySelector("input[name=Quantity]").ShouldBeNull();
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("archived")]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public async Task Unknown_archived_or_malformed_ids_get_the_shops_not_found_page_with_status_404(string kind)
    {
        var path = kind switch
        {
            "unknown" => "/products/999999",
            "archived" => $"/products/{(await ArchivedProductAsync()).Id}",
            _ => $"/products/{kind}",
        };
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync(path);

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Heading.ShouldBe("Page not found");
        page.CartLink().ShouldBe("Cart (0)");
    }

    [Fact]
    public async Task The_api_still_answers_an_unknown_product_with_problem_details()
    {
        var response = await shop.Anonymous().GetAsync("/api/products/999999");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_guest_adds_to_the_cart_with_the_form_and_comes_back_to_a_confirmation()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        using var session = PageSession.Start(shop);

        var response = await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "2"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldEndWith($"/products/{product.Id}?added=2");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("shop_cart=") && c.Contains("httponly"));
        var page = await session.FollowAsync(response);
        page.StatusMessage().ShouldBe($"Added 2 × {product.Name} to your cart. View your cart");
        page.CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task Adding_again_adds_up_in_the_same_cart()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        using var session = PageSession.Start(shop);
        await session.FollowAsync(await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "2")));

        var response = await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "3"));

        response.SetsCartCookie().ShouldBeFalse("the guest keeps the cart it has");
        (await session.FollowAsync(response)).CartLink().ShouldBe("Cart (5)");
    }

    [Fact]
    public async Task Adding_more_than_is_left_says_how_many_and_changes_nothing()
    {
        var product = await shop.CreateProductAsync(stock: 3);
        using var session = PageSession.Start(shop);

        var page = await PageSession.Page.ReadAsync(
            await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "5")));

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.AlertMessage().ShouldBe($"Only 3 of {product.Name} can be bought right now.");
        page.Field("Quantity").GetAttribute("value").ShouldBe("5");
        (await session.GetAsync("/cart")).CartLink().ShouldBe("Cart (0)");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task Over_the_stock_with_some_already_in_the_cart_says_how_many_the_cart_holds()
    {
        var product = await shop.CreateProductAsync(stock: 4);
        using var session = PageSession.Start(shop);
        await session.FollowAsync(await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "3")));

        var page = await PageSession.Page.ReadAsync(
            await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "2")));

        page.AlertMessage().ShouldBe($"Only 4 of {product.Name} can be bought right now. Your cart already holds 3.");
        page.CartLink().ShouldBe("Cart (3)");
    }

    [Fact]
    public async Task A_line_holds_at_most_100_units()
    {
        var product = await shop.CreateProductAsync(stock: 500);
        using var session = PageSession.Start(shop);
        await session.FollowAsync(await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "60")));

        var page = await PageSession.Page.ReadAsync(
            await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "41")));

        page.AlertMessage().ShouldBe("A cart line can hold at most 100 units. Your cart already holds 60.");
        (await session.GetAsync("/cart")).CartLink().ShouldBe("Cart (60)");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("99999999999")]
    [InlineData("")]
    public async Task A_quantity_that_is_not_1_to_100_is_refused(string quantity)
    {
        var product = await shop.CreateProductAsync(stock: 500);
        using var session = PageSession.Start(shop);

        var response = await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", quantity));

        var page = await PageSession.Page.ReadAsync(response);
        page.AlertMessage().ShouldBe("Enter a quantity from 1 to 100.");
        response.SetsCartCookie().ShouldBeFalse("no cart is made for nothing");
    }

    [Fact]
    public async Task A_hand_made_confirmation_link_confirms_nothing()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync($"/products/{product.Id}?added=5");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.StatusMessage().ShouldBeNull();
    }

    /// <summary>The form carries no antiforgery token (the page is shared between visitors): what the browser says of the post's origin guards it.</summary>
    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://elsewhere.example")]
    [InlineData("Origin", "null")]
    public async Task A_post_from_another_site_is_refused_and_adds_nothing(string header, string value)
    {
        using var session = PageSession.Start(shop);

        var response = await AddSayingWhereFromAsync(session, header, value);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("sent from another site");
        response.SetsCartCookie().ShouldBeFalse();
        (await session.GetAsync("/cart")).CartLink().ShouldBe("Cart (0)");
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Origin", "http://localhost")]
    public async Task A_post_from_the_shop_itself_adds_to_the_cart(string header, string value)
    {
        using var session = PageSession.Start(shop);

        var response = await AddSayingWhereFromAsync(session, header, value);

        (await session.FollowAsync(response)).CartLink().ShouldBe("Cart (2)");
    }

    /// <summary>Adds 2 of a new product from its page, the post saying where it comes from as a browser would.</summary>
    private async Task<HttpResponseMessage> AddSayingWhereFromAsync(PageSession session, string header, string value)
    {
        var product = await shop.CreateProductAsync();
        var shown = await session.GetAsync($"/products/{product.Id}");
        session.Client.DefaultRequestHeaders.Add(header, value);
        try
        {
            return await session.SubmitAsync(shown, "add-to-cart", ("Quantity", "2"));
        }
        finally
        {
            session.Client.DefaultRequestHeaders.Remove(header);
        }
    }

    [Fact]
    public async Task Adding_a_product_archived_since_the_page_was_shown_gets_the_not_found_page()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        var shown = await session.GetAsync($"/products/{product.Id}");
        (await (await shop.AdminAsync()).DeleteAsync($"/api/admin/products/{product.Id}")).EnsureSuccessStatusCode();

        var page = await PageSession.Page.ReadAsync(await session.SubmitAsync(shown, "add-to-cart", ("Quantity", "1")));

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Heading.ShouldBe("Page not found");
        (await session.GetAsync("/cart")).CartLink().ShouldBe("Cart (0)");
    }

    private async Task<AdminProductView> ArchivedProductAsync()
    {
        var product = await shop.CreateProductAsync();
        var admin = await shop.AdminAsync();
        (await admin.DeleteAsync($"/api/admin/products/{product.Id}")).EnsureSuccessStatusCode();
        return product;
    }
}
