using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ECommerce.Core.Catalog;
using ECommerce.Core.Ordering;
using ECommerce.E2E.Infrastructure;
using ECommerce.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Admin;

/// <summary>An admin's day in Chromium: a product added and restocked, one order shipped, another refunded after Stripe first refused.</summary>
public sealed class BackOfficeTests(SqliteStripeShop shop) : BrowserTest(shop), IClassFixture<SqliteStripeShop>
{
    [Fact]
    public async Task An_admin_adds_a_product_and_changes_its_stock_in_the_browser()
    {
        await SignInAsAdminAsync("/admin/products");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("admin-products");
        var name = $"Desk lamp {Guid.NewGuid():N}"[..18];

        await Page.GetByRole(AriaRole.Link, new() { Name = "New product" }).ClickAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("SKU").FillAsync($"LMP-{Guid.NewGuid():N}"[..12]);
        await Page.GetByLabel("Description").FillAsync("Warm light for late orders.");
        await Page.GetByLabel("Price").FillAsync("12.50");
        await Page.GetByLabel("Category").FillAsync("lighting");
        await Page.GetByLabel("Units on hand").FillAsync("4");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Product created.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Edit {name}");
        await Page.GetByLabel("Quantity change").FillAsync("-5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Stock cannot go below");
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.GetByLabel("Quantity change").FillAsync("6");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stock adjusted.");
        await Page.SaveAsync("admin-product");

        var id = int.Parse(new Uri(Page.Url).AbsolutePath.Split('/').Last(), CultureInfo.InvariantCulture);
        var product = (await Shop.Api().GetFromJsonAsync<ProductView>($"/api/products/{id}", ShopServer.Json))!;
        (product.Name, product.Price, product.Stock).ShouldBe((name, 1250L, 10));
    }

    [Fact]
    public async Task An_admin_ships_one_paid_order_and_refunds_another_after_Stripe_refused_once_and_the_customers_page_follows()
    {
        var username = ShopServer.NewUsername();
        var customer = await Shop.SignedInApiAsync(username);
        var toShip = await PaidOrderAsync(customer);
        var toRefund = await PaidOrderAsync(customer);

        // The customer watches the order's page in a browser of their own while the admin works.
        await using var customerContext = await Shop.NewContextAsync();
        var customerPage = await customerContext.NewPageAsync();
        await customerPage.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString($"/orders/{toShip.OrderId}")}");
        await customerPage.SignInAsync(username, ShopServer.ShopperPassword);
        await customerPage.WaitForInteractiveAsync();
        var customerStatus = customerPage.GetByRole(AriaRole.Status);
        await Expect(customerStatus).ToHaveTextAsync("paid");

        await SignInAsAdminAsync("/admin/orders");
        await Page.WaitForInteractiveAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();
        var shipRow = Page.Locator($"tr[data-order-id='{toShip.OrderId}']");
        await shipRow.GetByRole(AriaRole.Button, new() { Name = "Ship" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ship it" }).ClickAsync();
        await Expect(shipRow.Locator(".order-status")).ToHaveTextAsync("shipped");
        await Expect(customerStatus).ToHaveTextAsync("shipped");

        await customerPage.GotoAsync($"/orders/{toRefund.OrderId}");
        await customerPage.WaitForInteractiveAsync();
        await Expect(customerStatus).ToHaveTextAsync("paid");

        var refundRow = Page.Locator($"tr[data-order-id='{toRefund.OrderId}']");
        try
        {
            Shop.Stripe.FailNext(402, count: 1, path: "/v1/refunds");
            await refundRow.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Refund it" }).ClickAsync();
            await Expect(refundRow.GetByRole(AriaRole.Alert)).ToContainTextAsync("injected by the test stand-in");
        }
        finally
        {
            Shop.Stripe.Reset();
        }

        await Expect(refundRow.Locator(".order-status")).ToHaveTextAsync("paid");
        await Page.SaveAsync("admin-orders");
        await refundRow.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Refund it" }).ClickAsync();
        await Expect(refundRow.Locator(".order-status")).ToHaveTextAsync("refunded");
        await Expect(customerStatus).ToHaveTextAsync("refunded");

        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{toShip.OrderId}", ShopServer.Json))!.Status.ShouldBe("shipped");
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{toRefund.OrderId}", ShopServer.Json))!.Status.ShouldBe("refunded");
        Shop.Stripe.Refunds.Where(r => r.PaymentIntentId == toRefund.PaymentIntentId).ShouldHaveSingleItem();

        await Page.GotoAsync($"/admin/orders/{toShip.OrderId}");
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Order #{toShip.OrderId}");
        await Expect(Page.GetByText(toShip.PaymentIntentId)).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("admin-order");
    }

    private async Task SignInAsAdminAsync(string returnUrl)
    {
        await Page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Page.SignInAsync(ShopServer.AdminUsername, ShopServer.AdminPassword);
        await Page.WaitForURLAsync($"**{returnUrl}");
    }

    /// <summary>Checks out one unit of the first product and pays at the Stripe stand-in, whose signed event reaches /webhook.</summary>
    private async Task<CheckoutView> PaidOrderAsync(HttpClient customer)
    {
        (await customer.PostAsJsonAsync("/api/cart/add", new { product_id = 1, quantity = 1 })).EnsureSuccessStatusCode();
        var response = await customer.PostAsJsonAsync("/api/checkout", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var checkout = (await response.Content.ReadFromJsonAsync<CheckoutView>(ShopServer.Json))!;
        Shop.Stripe.MarkSucceeded(checkout.PaymentIntentId);
        var payload = StripeEvents.PaymentIntentEvent(
            "payment_intent.succeeded", $"evt_{Guid.NewGuid():N}", checkout.PaymentIntentId, checkout.Amount, checkout.Currency, "succeeded",
            orderId: checkout.OrderId.ToString(CultureInfo.InvariantCulture));
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        webhook.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, ShopServer.WebhookSecret));
        (await Shop.Api().SendAsync(webhook)).EnsureSuccessStatusCode();
        return checkout;
    }
}
