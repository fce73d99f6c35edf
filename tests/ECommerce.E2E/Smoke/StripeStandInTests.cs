using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Ordering;
using ECommerce.E2E.Infrastructure;

namespace ECommerce.E2E.Smoke;

/// <summary>The Stripe mode harness end to end: Stripe.js stand-in in the page, confirm, delayed webhook.</summary>
public abstract class StripeStandInTests(ShopServer shop) : BrowserTest(shop)
{
    [Fact]
    public async Task Declining_card_resolves_confirmPayment_with_the_decline_message()
    {
        await Page.GotoAsync("/");
        await MountPaymentElementAsync("pi_standin_secret_test");
        await Page.GetByLabel("Test card number").FillAsync("4000 0000 0000 0002");

        var message = await Page.EvaluateAsync<string>(
            "async returnUrl => (await window.payment.stripe.confirmPayment({ elements: window.payment.elements, confirmParams: { return_url: returnUrl } })).error.message",
            Shop.BaseUrl + "/");

        message.ShouldBe("Your card was declined.");
    }

    [Fact]
    public async Task Confirmed_payment_returns_to_the_shop_and_its_webhook_marks_the_order_paid()
    {
        var api = await Shop.SignedInApiAsync();
        (await api.PostAsJsonAsync("/api/cart/add", new { product_id = 1, quantity = 1 })).EnsureSuccessStatusCode();
        var checkout = await CheckOutAsync(api);

        await Page.GotoAsync("/");
        await MountPaymentElementAsync(checkout.ClientSecret);
        await Page.GetByLabel("Test card number").FillAsync("4242 4242 4242 4242");
        // Not awaited in the page: on success Stripe.js leaves the page and its promise never settles.
        await Page.EvaluateAsync(
            "returnUrl => { window.payment.stripe.confirmPayment({ elements: window.payment.elements, confirmParams: { return_url: returnUrl } }); }",
            Shop.BaseUrl + "/");
        await Page.WaitForURLAsync(url => url.Contains("redirect_status=succeeded"));

        Page.Url.ShouldBe($"{Shop.BaseUrl}/?payment_intent={checkout.PaymentIntentId}"
            + $"&payment_intent_client_secret={checkout.ClientSecret}&redirect_status=succeeded");
        (await WaitForStatusAsync(api, checkout.OrderId, "paid")).ShouldBe("paid", $"webhook deliveries: {string.Join("; ", Shop.StripeJs.Deliveries)}");
        Shop.StripeJs.Deliveries.ShouldContain(d => d.PaymentIntentId == checkout.PaymentIntentId && d.StatusCode == 200);
    }

    private async Task MountPaymentElementAsync(string clientSecret)
    {
        await Page.AddScriptTagAsync(new() { Url = Shop.StripeJs.ScriptUrl });
        await Page.EvaluateAsync(
            """
            ([publishableKey, clientSecret]) => {
              const host = document.createElement('div');
              host.id = 'payment-element';
              document.body.append(host);
              const stripe = Stripe(publishableKey);
              const elements = stripe.elements({ clientSecret });
              elements.create('payment').mount('#payment-element');
              window.payment = { stripe, elements };
            }
            """,
            new[] { ShopServer.PublishableKey, clientSecret });
    }

    private static async Task<CheckoutView> CheckOutAsync(HttpClient api)
    {
        var response = await api.PostAsJsonAsync("/api/checkout", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CheckoutView>(ShopServer.Json))!;
    }

    private static async Task<string> WaitForStatusAsync(HttpClient api, int orderId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = (await api.GetFromJsonAsync<OrderView>($"/api/orders/{orderId}", ShopServer.Json))!;
            if (order.Status == status || DateTime.UtcNow > deadline)
            {
                return order.Status;
            }

            await Task.Delay(200);
        }
    }
}

public sealed class StripeStandInTests_Sqlite(SqliteStripeShop shop) : StripeStandInTests(shop), IClassFixture<SqliteStripeShop>;

[Trait("Database", "MariaDb")]
public sealed class StripeStandInTests_MariaDb(MariaDbStripeShop shop) : StripeStandInTests(shop), IClassFixture<MariaDbStripeShop>;
