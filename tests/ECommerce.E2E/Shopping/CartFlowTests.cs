using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>The product and cart pages with JavaScript on: enhanced navigation must not change what the forms do.</summary>
public sealed class CartFlowTests(SqliteOfflineShop shop) : BrowserTest(shop), IClassFixture<SqliteOfflineShop>
{
    [Fact]
    public async Task A_guest_adds_to_the_cart_changes_the_quantity_and_removes_the_line()
    {
        var products = (await Shop.Api().GetFromJsonAsync<Paged<ProductView>>("/api/products?sort=price_asc", ShopServer.Json))!;
        var product = products.Items.First(p => p.Stock >= 3);

        await Page.GotoAsync($"/products/{product.Id}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.AddToCartAsync(product.Name, 2);

        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" })).ToBeVisibleAsync();
        await Page.SaveAsync("product-added");

        await Page.GetByRole(AriaRole.Link, new() { Name = "View your cart" }).ClickAsync();
        var quantity = Page.GetByRole(AriaRole.Spinbutton, new() { Name = $"Quantity of {product.Name}" });
        await Expect(quantity).ToHaveValueAsync("2");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Checkout" })).ToHaveAttributeAsync("href", "/checkout");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("cart");

        await quantity.FillAsync("3");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Update {product.Name}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Cart (3)" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Your cart now holds 3 × {product.Name}");

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Remove {product.Name}" }).ClickAsync();
        await Expect(Page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Cart (0)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task With_the_keyboard_alone_a_guest_opens_a_product_from_the_catalog_and_adds_it()
    {
        // The catalog's first page, in its default order: what "/" lists.
        var product = (await Shop.Api().GetFromJsonAsync<Paged<ProductView>>("/api/products", ShopServer.Json))!.Items.First(p => p.Stock >= 2);

        await Page.GotoAsync("/");
        await TabToAsync(Page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true }));
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();
        await TabToAsync(Page.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity" }));
        await Page.Keyboard.PressAsync("Control+A");
        await Page.Keyboard.TypeAsync("2");
        await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }));
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added 2 × {product.Name} to your cart");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" })).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, as a keyboard user moves through the page.</summary>
    private async Task TabToAsync(ILocator target)
    {
        for (var press = 0; press < 80; press++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
        }

        throw new ShouldAssertException($"80 presses of Tab never reached {target}.");
    }
}
