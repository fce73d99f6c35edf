using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Ordering;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>An order's page belongs to its shopper: to anyone else it is as absent as an order that never was.</summary>
public sealed class OrderPrivacyTests(SqliteOfflineShop shop) : BrowserTest(shop), IClassFixture<SqliteOfflineShop>
{
    [Fact]
    public async Task A_shopper_opening_another_shoppers_order_gets_the_not_found_page_and_nothing_of_that_order()
    {
        var alice = await Shop.SignedInApiAsync();
        (await alice.PostAsJsonAsync("/api/cart/add", new { product_id = 1, quantity = 1 })).EnsureSuccessStatusCode();
        var checkout = await alice.PostAsJsonAsync("/api/checkout", new
        {
            shipping_address = new { name = "Grace Hopper", line1 = "1 Navy Yard", city = "Arlington", postal_code = "22202", country = "US" },
        });
        checkout.StatusCode.ShouldBe(HttpStatusCode.Created, await checkout.Content.ReadAsStringAsync());
        var order = (await alice.GetFromJsonAsync<List<OrderView>>("/api/orders", ShopServer.Json)).ShouldHaveSingleItem();

        var bob = ShopServer.NewUsername();
        await Shop.SignedInApiAsync(bob);
        await Page.GotoAsync("/account/login");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("sign-in");
        await Page.SignInAsync(bob, ShopServer.ShopperPassword);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        var response = await Page.GotoAsync($"/orders/{order.Id}");

        response.ShouldNotBeNull().Status.ShouldBe(404);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Order #" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        var main = Page.GetByRole(AriaRole.Main);
        foreach (var text in new[] { "Grace Hopper", "Arlington", order.Items[0].Name, $"#{order.Id}" })
        {
            await Expect(main).Not.ToContainTextAsync(text);
        }

        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("not-found");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("You have no orders yet.")).ToBeVisibleAsync();
    }
}
