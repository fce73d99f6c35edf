using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>The catalog, product and cart pages are plain links and form posts: they work in a browser with JavaScript off.</summary>
public sealed class NoJavaScriptTests(SqliteOfflineShop shop) : BrowserTest(shop), IClassFixture<SqliteOfflineShop>
{
    protected override BrowserNewContextOptions ContextOptions => new() { JavaScriptEnabled = false };

    [Fact]
    public async Task Without_JavaScript_a_guest_browses_a_category_opens_a_product_adds_it_and_sees_it_in_the_cart()
    {
        var product = (await Shop.Api().GetFromJsonAsync<Paged<ProductView>>("/api/products?category=audio", ShopServer.Json))!.Items
            .First(p => p.Stock >= 2);

        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" }).GetByRole(AriaRole.Link, new() { Name = "Audio" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audio");
        await Page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();

        await Page.AddToCartAsync(product.Name, 2);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "View your cart" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Spinbutton, new() { Name = $"Quantity of {product.Name}" })).ToHaveValueAsync("2");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Summary" })).ToContainTextAsync(Money.Display(2 * product.Price, product.Currency));
        (await Page.EvaluateAsync<bool>("() => typeof window.Blazor === 'undefined'")).ShouldBeTrue("blazor.web.js ran, so JavaScript was on");
    }
}
