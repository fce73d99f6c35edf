using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>/orders and /orders/{id} without JavaScript: what the server renders before the live island takes over.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class OrderPagesTests(OrderPagesTests.StripeShop shop) : IClassFixture<OrderPagesTests.StripeShop>
{
    /// <summary>Stripe keys for the pages too: the payment step mounts the Payment Element.</summary>
    public sealed class StripeShop : SqliteShop
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["Stripe:PublishableKey"] = "pk_test_pages";
    }

    private static readonly (string, string)[] Address =
    [
        ("Input.Name", "Grace Hopper"),
        ("Input.Line1", "1 Navy Way"),
        ("Input.City", "Arlington"),
        ("Input.PostalCode", "22202"),
        ("Input.Country", "US"),
    ];

    [Fact]
    public async Task The_order_page_shows_the_order_pending_with_its_lines_address_and_amount()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(price: 1_999, name: $"Notebook {Guid.NewGuid():N}"[..16]);
        var order = await PlaceOrderAsync(shopper, product.Id, quantity: 3);

        var page = await shopper.Browser.GetAsync($"/orders/{order.Id}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe($"Order #{order.Id}");
        page.Document.QuerySelectorAll("h1").Length.ShouldBe(1);
        page.Texts("[role=status]").ShouldBe(["pending"]);
        var line = page.Document.QuerySelector(".order-lines tbody tr")!.TextContent;
        line.ShouldContain(product.Name);
        line.ShouldContain("$19.99");
        page.Document.QuerySelector(".order-amount")!.TextContent.ShouldBe("$59.97");
        var address = page.Document.QuerySelector("address")!.TextContent;
        foreach (var part in new[] { "Grace Hopper", "1 Navy Way", "Arlington", "22202", "United States" })
        {
            address.ShouldContain(part);
        }

        page.Document.QuerySelector("time")!.GetAttribute("datetime").ShouldBe(order.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_payment_step_is_rendered_with_Pay_disabled_until_the_island_is_interactive()
    {
        using var shopper = await shop.ShopperAsync();
        var order = await PlaceOrderAsync(shopper, (await shop.CreateProductAsync(price: 2_500)).Id);

        var page = await shopper.Browser.GetAsync($"/orders/{order.Id}");

        var island = page.Document.QuerySelector(".order-live")!;
        island.HasAttribute("data-interactive").ShouldBeFalse();
        island.QuerySelector(".payment-element").ShouldNotBeNull();
        var pay = island.QuerySelector("button[type=submit]")!;
        pay.TextContent.ShouldContain("Pay $25.00");
        pay.HasAttribute("disabled").ShouldBeTrue();
        // The client secret reaches the browser only through the circuit, never in the page's HTML.
        page.Html.ShouldNotContain("_secret_");
    }

    [Fact]
    public async Task After_the_succeeded_webhook_the_order_page_shows_paid_and_no_payment_step()
    {
        using var shopper = await shop.ShopperAsync();
        var order = await PlaceOrderAsync(shopper, (await shop.CreateProductAsync()).Id);

        await shop.PayAsync(new CheckoutView(order.Id, order.Status, order.Amount, order.Currency, "", order.PaymentIntentId!));

        var page = await shopper.Browser.GetAsync($"/orders/{order.Id}");
        page.Texts("[role=status]").ShouldBe(["paid"]);
        page.Document.QuerySelector(".payment-step").ShouldBeNull();
        page.Document.QuerySelector(".thank-you").ShouldNotBeNull();
        page.Document.QuerySelectorAll("form").Where(f => f.QuerySelector("input[name=_handler][value=cancel]") is not null).ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_shoppers_order_is_the_shops_not_found_page()
    {
        using var owner = await shop.ShopperAsync();
        using var other = await shop.ShopperAsync();
        var order = await PlaceOrderAsync(owner, (await shop.CreateProductAsync()).Id);

        var page = await other.Browser.GetAsync($"/orders/{order.Id}");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Heading.ShouldBe("Page not found");
        page.Html.ShouldNotContain("Grace Hopper");
    }

    [Fact]
    public async Task An_unknown_order_is_the_shops_not_found_page()
    {
        using var shopper = await shop.ShopperAsync();

        var page = await shopper.Browser.GetAsync("/orders/987654");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Heading.ShouldBe("Page not found");
    }

    [Theory]
    [InlineData("/orders")]
    [InlineData("/orders/1")]
    public async Task A_guest_is_sent_to_sign_in(string path)
    {
        using var guest = PageSession.Start(shop);

        var response = await guest.Client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
    }

    [Fact]
    public async Task The_orders_page_lists_the_shoppers_orders_newest_first_with_date_status_and_amount()
    {
        using var shopper = await shop.ShopperAsync();
        using var other = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(price: 1_000);
        var first = await PlaceOrderAsync(shopper, product.Id);
        var othersOrder = await PlaceOrderAsync(other, product.Id);
        var second = await PlaceOrderAsync(shopper, product.Id, quantity: 2);
        await shop.PayAsync(new CheckoutView(first.Id, first.Status, first.Amount, first.Currency, "", first.PaymentIntentId!));

        var page = await shopper.Browser.GetAsync("/orders");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe("Your orders");
        var rows = page.Document.QuerySelectorAll(".orders-table tbody tr");
        rows.Select(r => r.QuerySelector("a")!.GetAttribute("href")).ShouldBe([$"/orders/{second.Id}", $"/orders/{first.Id}"]);
        rows.Select(r => r.QuerySelector("a")!.TextContent).ShouldBe([$"Order #{second.Id}", $"Order #{first.Id}"]);
        rows[0].TextContent.ShouldContain("pending");
        rows[0].TextContent.ShouldContain("$20.00");
        rows[1].TextContent.ShouldContain("paid");
        rows[1].QuerySelector("time").ShouldNotBeNull();
        page.Html.ShouldNotContain($"/orders/{othersOrder.Id}\"");
    }

    [Fact]
    public async Task A_shopper_without_orders_is_pointed_to_the_catalog()
    {
        using var shopper = await shop.ShopperAsync();

        var page = await shopper.Browser.GetAsync("/orders");

        page.Document.QuerySelector(".empty-state")!.TextContent.ShouldContain("no orders yet");
        page.Document.QuerySelector(".empty-state a[href='/']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Cancel_order_cancels_the_pending_order_and_puts_its_stock_back_on_sale()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(stock: 5);
        var order = await PlaceOrderAsync(shopper, product.Id, quantity: 2);
        (await StockAsync(product.Id)).ShouldBe(3);
        var page = await shopper.Browser.GetAsync($"/orders/{order.Id}");
        page.Form("cancel").QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Cancel order");

        var response = await shopper.Browser.SubmitAsync(page, "cancel");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.RedirectPath().ShouldBe($"/orders/{order.Id}");
        var canceled = await shopper.Browser.FollowAsync(response);
        canceled.Texts("[role=status]").ShouldBe(["canceled"]);
        canceled.Document.QuerySelector(".order-status-line")!.TextContent.ShouldContain("nothing was charged");
        canceled.Document.QuerySelector(".payment-step").ShouldBeNull();
        (await StockAsync(product.Id)).ShouldBe(5);
        (await shopper.Api.OrderAsync(order.Id)).Status.ShouldBe("canceled");
    }

    [Fact]
    public async Task Canceling_an_order_that_was_paid_meanwhile_says_why_and_keeps_it_paid()
    {
        using var shopper = await shop.ShopperAsync();
        var order = await PlaceOrderAsync(shopper, (await shop.CreateProductAsync()).Id);
        var page = await shopper.Browser.GetAsync($"/orders/{order.Id}");
        await shop.PayAsync(new CheckoutView(order.Id, order.Status, order.Amount, order.Currency, "", order.PaymentIntentId!));

        var response = await shopper.Browser.SubmitAsync(page, "cancel");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await PageSession.Page.ReadAsync(response);
        answer.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("only pending orders can be canceled");
        answer.Texts("[role=status]").ShouldBe(["paid"]);
    }

    private async Task<OrderView> PlaceOrderAsync(Shopper shopper, int productId, int quantity = 1)
    {
        await shopper.Api.AddToCartAsync(productId, quantity);
        var response = await shopper.Browser.SubmitAsync(await shopper.Browser.GetAsync("/checkout"), "address", Address);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = int.Parse(response.RedirectPath()["/orders/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return await shopper.Api.OrderAsync(id);
    }

    private async Task<int> StockAsync(int productId) =>
        (await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{productId}")).GetProperty("stock").GetInt32();
}

/// <summary>The order page of a shop without Stripe keys: the test card form, clearly labelled.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class OfflineOrderPageTests(OfflineSqliteShop shop) : IClassFixture<OfflineSqliteShop>
{
    [Fact]
    public async Task A_pending_order_offers_the_test_card_form_labelled_as_test_mode()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync();
        var order = await shopper.Api.CheckOutAsync(product.Id);

        var page = await shopper.Browser.GetAsync($"/orders/{order.OrderId}");

        page.Texts("[role=status]").ShouldBe(["pending"]);
        page.Document.QuerySelector(".payment-step legend")!.TextContent.ShouldBe("Test mode: no real payment");
        var label = page.Document.QuerySelectorAll("label").Single(l => l.TextContent.Trim() == "Card number");
        page.Document.QuerySelector($"#{label.GetAttribute("for")}").ShouldNotBeNull();
        page.Document.QuerySelector(".payment-step button[type=submit]")!.TextContent.ShouldContain("Pay");
    }
}
