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
        var username = ShopServer.NewUsername();
        var api = await Shop.SignedInApiAsync(username);
        (await api.PostAsJsonAsync("/api/cart/add", new { product_id = 1, quantity = 1 })).EnsureSuccessStatusCode();

        await Page.GotoAsync("/checkout");
        await Page.WaitForURLAsync("**/account/login?returnUrl=%2Fcheckout");
        await Page.SignInAsync(username, ShopServer.ShopperPassword);
        await Page.WaitForURLAsync("**/checkout");

        await Page.EnterAddressAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync();
        await Page.SaveAsync("checkout");
        await Page.PlaceOrderAsync();
        return Page.Url;
    }

    protected async Task ShouldBeDeclinedAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your card was declined.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToBeEnabledAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("pending");
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

        await Page.PayWithTestCardAsync();
        await Page.ShouldBePaidWithoutReloadAsync();
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
        await Page.ShouldBePaidWithoutReloadAsync();
    }
}
