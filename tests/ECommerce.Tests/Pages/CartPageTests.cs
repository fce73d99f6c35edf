using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ECommerce.Tests.Pages;

public abstract class CartPageTests(ShopFixture shop)
{
    [Fact]
    public async Task An_empty_cart_says_so_and_links_to_the_catalog()
    {
        using var session = PageSession.Start(shop);

        var page = await session.GetAsync("/cart");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe("Your cart");
        page.MainText().ShouldContain("Your cart is empty.");
        page.Document.QuerySelector("main a[href='/']").ShouldNotBeNull();
        page.Document.QuerySelector("a[href='/checkout']").ShouldBeNull();
    }

    [Fact]
    public async Task The_cart_lists_what_a_guest_added_with_prices_as_money()
    {
        var product = await shop.CreateProductAsync(price: 1_250, stock: 10);
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);

        var page = await session.GetAsync("/cart");

        var link = page.Document.QuerySelector("main a.cart-line-name")!;
        (link.TextContent.Trim(), link.GetAttribute("href")).ShouldBe((product.Name, $"/products/{product.Id}"));
        page.Field($"Quantity of {product.Name}").GetAttribute("value").ShouldBe("2");
        page.Buttons().ShouldContain($"Remove {product.Name}");
        page.MainText().ShouldContain("$12.50 each");
        page.Document.QuerySelector(".cart-total")!.TextContent.Trim().ShouldBe("$25.00");
        page.Document.QuerySelector(".cart-item-count")!.TextContent.Trim().ShouldBe("2");
        page.Document.QuerySelector("main a[href='/checkout']")!.TextContent.Trim().ShouldBe("Checkout");
        page.CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task Updating_a_quantity_redirects_and_the_cart_and_header_follow()
    {
        var product = await shop.CreateProductAsync(price: 1_000, stock: 10);
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);

        var response = await session.SubmitAsync(await session.GetAsync("/cart"), $"update-{product.Id}", ("Quantity", "3"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await session.FollowAsync(response);
        page.StatusMessage().ShouldBe($"Your cart now holds 3 × {product.Name}.");
        page.Field($"Quantity of {product.Name}").GetAttribute("value").ShouldBe("3");
        page.Document.QuerySelector(".cart-total")!.TextContent.Trim().ShouldBe("$30.00");
        page.CartLink().ShouldBe("Cart (3)");
    }

    [Fact]
    public async Task Remove_takes_the_line_out_and_says_so()
    {
        var product = await shop.CreateProductAsync();
        var other = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);
        await AddAsync(session, other, 1);

        var page = await session.FollowAsync(await session.SubmitAsync(await session.GetAsync("/cart"), $"remove-{product.Id}"));

        page.StatusMessage().ShouldBe($"Removed {product.Name} from your cart.");
        page.Document.QuerySelectorAll("a.cart-line-name").Select(a => a.TextContent.Trim()).ShouldBe([other.Name]);
        page.CartLink().ShouldBe("Cart (1)");
    }

    [Fact]
    public async Task A_quantity_of_zero_removes_the_line()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);

        var page = await session.FollowAsync(await session.SubmitAsync(await session.GetAsync("/cart"), $"update-{product.Id}", ("Quantity", "0")));

        page.StatusMessage().ShouldBe($"Removed {product.Name} from your cart.");
        page.MainText().ShouldContain("Your cart is empty.");
        page.CartLink().ShouldBe("Cart (0)");
    }

    [Theory]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task A_quantity_outside_0_to_100_is_refused_and_changes_nothing(string quantity)
    {
        var product = await shop.CreateProductAsync(stock: 500);
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);

        var page = await PageSession.Page.ReadAsync(
            await session.SubmitAsync(await session.GetAsync("/cart"), $"update-{product.Id}", ("Quantity", quantity)));

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.AlertMessage().ShouldBe("Enter a quantity from 0 to 100 (0 removes the product).");
        page.CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task Raising_a_quantity_above_the_stock_is_refused_and_changes_nothing()
    {
        var product = await shop.CreateProductAsync(stock: 3);
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);

        var page = await PageSession.Page.ReadAsync(
            await session.SubmitAsync(await session.GetAsync("/cart"), $"update-{product.Id}", ("Quantity", "4")));

        page.AlertMessage().ShouldBe($"Only 3 of {product.Name} can be bought right now.");
        page.Field($"Quantity of {product.Name}").GetAttribute("value").ShouldBe("2");
        page.CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task A_line_short_of_stock_says_so_and_checkout_waits_until_it_is_lowered()
    {
        var product = await shop.CreateProductAsync(stock: 5);
        var other = await shop.CreateProductAsync(stock: 5);
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 4);
        await AddAsync(session, other, 1);
        await AdjustStockAsync(product.Id, -3);

        var page = await session.GetAsync("/cart");

        page.MainText().ShouldContain("Only 2 left: lower the quantity to check out.");
        page.Document.QuerySelector("a[href='/checkout']").ShouldBeNull();
        page.Document.QuerySelectorAll("main button[disabled]").Select(b => b.TextContent.Trim()).ShouldBe(["Checkout"]);

        var lowered = await session.FollowAsync(await session.SubmitAsync(page, $"update-{product.Id}", ("Quantity", "2")));

        lowered.MainText().ShouldNotContain("left: lower the quantity");
        lowered.Document.QuerySelector("main a[href='/checkout']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_product_archived_since_the_cart_was_shown_is_explained()
    {
        var product = await shop.CreateProductAsync();
        var other = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);
        await AddAsync(session, other, 1);
        var shown = await session.GetAsync("/cart");
        (await (await shop.AdminAsync()).DeleteAsync($"/api/admin/products/{product.Id}")).EnsureSuccessStatusCode();

        var page = await PageSession.Page.ReadAsync(await session.SubmitAsync(shown, $"update-{product.Id}", ("Quantity", "1")));

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.AlertMessage().ShouldBe("That product is no longer in your cart: it was removed meanwhile, or is no longer sold. Your cart below is up to date.");
        page.Document.QuerySelectorAll("a.cart-line-name").Select(a => a.TextContent.Trim()).ShouldBe([other.Name]);
        page.CartLink().ShouldBe("Cart (1)");
    }

    [Fact]
    public async Task Removing_a_product_archived_since_the_cart_was_shown_just_removes_it()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);
        var shown = await session.GetAsync("/cart");
        (await (await shop.AdminAsync()).DeleteAsync($"/api/admin/products/{product.Id}")).EnsureSuccessStatusCode();

        var page = await session.FollowAsync(await session.SubmitAsync(shown, $"remove-{product.Id}"));

        page.StatusMessage().ShouldBe("That product is no longer sold, so it left your cart.");
        page.MainText().ShouldContain("Your cart is empty.");
    }

    [Fact]
    public async Task A_guest_cart_is_served_by_another_instance_of_the_shop()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        using var session = PageSession.Start(shop);
        var added = await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "2"));
        var cookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shop_cart=", StringComparison.Ordinal)).Split(';')[0];
        await using var other = shop.StartAnotherApp();
        using var client = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        var page = await PageSession.Page.ReadAsync(await client.GetAsync("/cart"));

        page.Field($"Quantity of {product.Name}").GetAttribute("value").ShouldBe("2");
        page.CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var product = await shop.CreateProductAsync();
        using var session = PageSession.Start(shop);
        await AddAsync(session, product, 2);
        await session.GetAsync("/cart");

        var response = await session.Client.PostAsync("/cart", new FormUrlEncodedContent([KeyValuePair.Create("_handler", $"remove-{product.Id}")]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await session.GetAsync("/cart")).CartLink().ShouldBe("Cart (2)");
    }

    [Fact]
    public async Task Guests_do_not_see_each_others_carts()
    {
        var product = await shop.CreateProductAsync();
        using var first = PageSession.Start(shop);
        using var second = PageSession.Start(shop);
        await AddAsync(first, product, 2);

        var page = await second.GetAsync("/cart");

        page.MainText().ShouldContain("Your cart is empty.");
        page.CartLink().ShouldBe("Cart (0)");
    }

    /// <summary>Adds through the product page's form, as a guest without JavaScript does.</summary>
    private static async Task AddAsync(PageSession session, AdminProductView product, int quantity)
    {
        var response = await session.SubmitAsync(await session.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", $"{quantity}"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private async Task AdjustStockAsync(int productId, int delta)
    {
        var admin = await shop.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/admin/products/{productId}/stock", new { delta })).EnsureSuccessStatusCode();
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class CartPageTests_Sqlite(SqliteShop shop) : CartPageTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class CartPageTests_MariaDb(MariaDbShop shop) : CartPageTests(shop), IClassFixture<MariaDbShop>;
