using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>
/// Two shoppers, each in a browser of their own, want the last unit: checkout reserves it for one of them only.
/// On MariaDB too, where a read-then-write reservation would oversell while SQLite's serialized writers hide it.
/// </summary>
public abstract class LastUnitTests(ShopServer shop) : BrowserTest(shop)
{
    [Fact]
    public async Task Two_shoppers_race_for_the_last_unit_one_pays_the_other_is_told_it_is_sold_out_and_stock_stays_at_zero()
    {
        var admin = await Shop.AdminApiAsync();
        var product = await CreateProductAsync(admin, stock: 1);
        await using var otherContext = await Shop.NewContextAsync();
        var shoppers = new[] { Page, await otherContext.NewPageAsync() };
        foreach (var shopper in shoppers)
        {
            await GoToCheckoutWithTheProductAsync(shopper, product);
        }

        // Both press Continue at once; the first reservation wins.
        await Task.WhenAll(shoppers.Select(shopper => shopper.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync()));
        var outcomes = await Task.WhenAll(shoppers.Select(OutcomeAsync));

        outcomes.Count(placed => placed).ShouldBe(1, "exactly one of the two shoppers gets the last unit");
        var (winner, loser) = outcomes[0] ? (shoppers[0], shoppers[1]) : (shoppers[1], shoppers[0]);

        await Expect(loser.GetByRole(AriaRole.Alert)).ToContainTextAsync("Some items in your cart are no longer in stock in the quantity you chose.");
        await loser.ShouldHaveNoSeriousViolationsAsync();
        await loser.GetByRole(AriaRole.Link, new() { Name = "Back to your cart" }).ClickAsync();
        await Expect(loser.GetByText("Sold out: remove it to check out.")).ToBeVisibleAsync();
        await Expect(loser.GetByRole(AriaRole.Button, new() { Name = "Checkout" })).ToBeDisabledAsync();
        await loser.ShouldHaveNoSeriousViolationsAsync();
        await loser.SaveAsync("cart-sold-out");

        await winner.WaitForInteractiveAsync();
        await Expect(winner.GetByRole(AriaRole.Status)).ToHaveTextAsync("pending");
        await winner.PayWithTestCardAsync();
        await winner.ShouldBePaidWithoutReloadAsync();

        (await Shop.Api().GetFromJsonAsync<ProductView>($"/api/products/{product.Id}", ShopServer.Json))!.Stock.ShouldBe(0);
        var stock = (await admin.GetFromJsonAsync<AdminProductView>($"/api/admin/products/{product.Id}", ShopServer.Json))!;
        (stock.OnHand, stock.Reserved, stock.Stock).ShouldBe((0, 0, 0));
    }

    private static async Task<AdminProductView> CreateProductAsync(HttpClient admin, int stock)
    {
        var sku = $"LAST-{Guid.NewGuid():N}"[..14];
        var response = await admin.PostAsJsonAsync("/api/admin/products", new
        {
            sku,
            name = $"Last lamp {sku}",
            description = "Only one left.",
            price = 2500,
            stock,
            category = "home-office",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AdminProductView>(ShopServer.Json))!;
    }

    /// <summary>A new shopper signs in on the product's page, adds one, and fills in the address at checkout.</summary>
    private async Task GoToCheckoutWithTheProductAsync(IPage shopper, AdminProductView product)
    {
        var username = ShopServer.NewUsername();
        await Shop.SignedInApiAsync(username);
        await shopper.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString($"/products/{product.Id}")}");
        await shopper.SignInAsync(username, ShopServer.ShopperPassword);
        await Expect(shopper.GetByRole(AriaRole.Heading, new() { Level = 1, Name = product.Name })).ToBeVisibleAsync();
        await shopper.AddToCartAsync(product.Name, 1);
        await shopper.GetByRole(AriaRole.Link, new() { Name = "Cart (1)" }).ClickAsync();
        await shopper.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await shopper.EnterAddressAsync();
    }

    /// <summary>Whether the shopper's Continue placed the order (its page) or was refused (an alert at checkout).</summary>
    private static async Task<bool> OutcomeAsync(IPage shopper)
    {
        var orderHeading = shopper.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Order #" });
        // The two checkouts queue for the database: the second answer may take longer than one page usually does.
        await Expect(orderHeading.Or(shopper.GetByRole(AriaRole.Alert)).First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        return await orderHeading.IsVisibleAsync();
    }
}

public sealed class LastUnitTests_Sqlite(SqliteOfflineShop shop) : LastUnitTests(shop), IClassFixture<SqliteOfflineShop>;

[Trait("Database", "MariaDb")]
public sealed class LastUnitTests_MariaDb(MariaDbOfflineShop shop) : LastUnitTests(shop), IClassFixture<MariaDbOfflineShop>;
