using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Core.Ordering;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>
/// A guest's whole visit, from the catalog to a paid order, and the same order seen by the JSON API with the
/// account made on the way. On SQLite and on MariaDB.
/// </summary>
public abstract class GuestJourneyTests(ShopServer shop) : BrowserTest(shop)
{
    private const string SearchTerm = "Lumora";

    [Fact]
    public async Task A_guest_searches_filters_adds_two_registers_keeps_the_cart_pays_and_the_API_shows_the_paid_order()
    {
        var found = (await Shop.Api().GetFromJsonAsync<Paged<ProductView>>($"/api/products?q={SearchTerm}", ShopServer.Json))!.Items;
        var product = found.First(p => p.Category == "phones");
        var elsewhere = found.First(p => p.Category != "phones");

        await Page.GotoAsync("/");
        var search = Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
        await search.FillAsync(SearchTerm);
        await search.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex($@"[?&]q={SearchTerm}(&|$)"));
        await Expect(Page.GetByText($"{found.Count} products", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = elsewhere.Name, Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" }).GetByRole(AriaRole.Link, new() { Name = "Phones" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Phones");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = elsewhere.Name, Exact = true })).ToHaveCountAsync(0);
        await Expect(search).ToHaveValueAsync(SearchTerm);
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("catalog-search");

        await Page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();
        await Page.AddToCartAsync(product.Name, 2);

        var username = ShopServer.NewUsername();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create an account");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("register");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(ShopServer.ShopperPassword);
        await Page.GetByLabel("Confirm password").FillAsync(ShopServer.ShopperPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        // Back on the product, signed in, with the guest's cart moved into the account's.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Spinbutton, new() { Name = $"Quantity of {product.Name}" })).ToHaveValueAsync("2");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Checkout");
        await Page.EnterAddressAsync();
        var orderId = await Page.PlaceOrderAsync();
        await Page.PayWithTestCardAsync();
        await Page.ShouldBePaidWithoutReloadAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        var row = Page.GetByRole(AriaRole.Row, new() { Name = $"Order #{orderId}" });
        await Expect(row).ToContainTextAsync("paid");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("orders");

        var api = await Shop.LoggedInApiAsync(username, ShopServer.ShopperPassword);
        var order = (await api.GetFromJsonAsync<List<OrderView>>("/api/orders", ShopServer.Json)).ShouldHaveSingleItem();
        (order.Id, order.Status, order.Amount, order.Currency).ShouldBe((orderId, "paid", 2 * product.Price, product.Currency));
        order.Items.ShouldHaveSingleItem().ShouldBe(new OrderLineView(product.Id, product.Name, product.Price, 2, 2 * product.Price));
        order.ShippingAddress.ShouldNotBeNull().Name.ShouldBe("Ada Lovelace");
    }
}

public sealed class GuestJourneyTests_Sqlite(SqliteOfflineShop shop) : GuestJourneyTests(shop), IClassFixture<SqliteOfflineShop>;

[Trait("Database", "MariaDb")]
public sealed class GuestJourneyTests_MariaDb(MariaDbOfflineShop shop) : GuestJourneyTests(shop), IClassFixture<MariaDbOfflineShop>;
