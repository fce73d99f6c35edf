using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Shopping;

/// <summary>
/// Checkout and payment in Chromium: the address form, then the order's page, whose island takes the payment
/// and follows the status live. The same journey on both payment modes.
/// </summary>
public abstract class CheckoutFlowTests(ShopServer shop) : BrowserTest(shop)
{
    /// <summary>Signs a new shopper in with a product in the cart, checks out with an address, and lands on the order's page.</summary>
    protected async Task<string> CheckOutAsync()
    {
        const string password = "password123";
        var username = $"e2e-{Guid.NewGuid():N}"[..20];
        var api = await Shop.SignedInApiAsync(username, password);
        (await api.PostAsJsonAsync("/api/cart/add", new { product_id = 1, quantity = 1 })).EnsureSuccessStatusCode();

        await Page.GotoAsync("/checkout");
        await Page.WaitForURLAsync("**/account/login?returnUrl=%2Fcheckout");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync("**/checkout");

        await Page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await Page.GetByLabel("Address line 1").FillAsync("12 St James's Square");
        await Page.GetByLabel("City").FillAsync("London");
        await Page.GetByLabel("Postal code").FillAsync("SW1Y 4JH");
        await Page.GetByLabel("Country").SelectOptionAsync(new SelectOptionValue { Label = "United Kingdom" });
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("checkout");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Page.WaitForURLAsync(new Regex(@"/orders/\d+$"));
        var orderUrl = Page.Url;
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Order #" })).ToBeVisibleAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("pending");
        return orderUrl;
    }

    protected async Task ShouldBeDeclinedAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your card was declined.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToBeEnabledAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("pending");
    }

    protected async Task ShouldBePaidWithoutReloadAsync()
    {
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("paid", new() { Timeout = 20_000 });
        await Expect(Page.GetByText("Thank you for your order!")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync();
    }
}

public sealed class OfflineCheckoutFlowTests(SqliteOfflineShop shop) : CheckoutFlowTests(shop), IClassFixture<SqliteOfflineShop>
{
    [Fact]
    public async Task A_shopper_checks_out_is_declined_by_the_test_card_then_pays_and_sees_paid_live()
    {
        await CheckOutAsync();
        await Expect(Page.GetByText("Test mode: no real payment")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("order-test-payment");

        await Page.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await ShouldBeDeclinedAsync();

        await Page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await ShouldBePaidWithoutReloadAsync();
        await Page.SaveAsync("order-paid");
    }
}

public sealed class StripeCheckoutFlowTests(SqliteStripeShop shop) : CheckoutFlowTests(shop), IClassFixture<SqliteStripeShop>
{
    [Fact]
    public async Task A_shopper_pays_in_the_Payment_Element_after_a_decline_and_the_webhook_turns_the_order_paid_live()
    {
        var orderUrl = await CheckOutAsync();
        var card = Page.GetByLabel("Test card number");
        await Expect(card).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();

        await card.FillAsync(StripeJsStandIn.DecliningCard);
        await ShouldBeDeclinedAsync();

        await card.FillAsync(StripeJsStandIn.SucceedingCard);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        // Stripe returns the shopper to the order's page; the status waits for the webhook, not the query string.
        await Page.WaitForURLAsync(new Regex(Regex.Escape(orderUrl) + @"\?.*redirect_status=succeeded"));
        await Page.WaitForInteractiveAsync();
        await ShouldBePaidWithoutReloadAsync();
    }
}
