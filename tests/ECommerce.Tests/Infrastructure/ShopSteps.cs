using System.Net;
using System.Net.Http.Json;
using System.Text;
using ECommerce.Core.Cart;
using ECommerce.Core.Ordering;

namespace ECommerce.Tests.Infrastructure;

/// <summary>The steps of a purchase through the JSON API, for tests whose subject comes after them.</summary>
public static class ShopSteps
{
    public static async Task<CartView> AddToCartAsync(this HttpClient client, int productId, int quantity = 1)
    {
        var response = await client.PostAsJsonAsync("/api/cart/add", new { product_id = productId, quantity });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<CartView>(ShopFixture.Json))!;
    }

    public static async Task<CartView> CartAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<CartView>("/api/cart", ShopFixture.Json))!;

    /// <summary>POST /api/checkout with <paramref name="body"/> as JSON, or with no body at all when null.</summary>
    public static Task<HttpResponseMessage> PostCheckoutAsync(this HttpClient client, string? body = "{}") =>
        client.PostAsync("/api/checkout", body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>A checkout that must succeed.</summary>
    public static async Task<CheckoutView> CheckOutAsync(this HttpClient client)
    {
        var response = await client.PostCheckoutAsync();
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CheckoutView>(ShopFixture.Json))!;
    }

    /// <summary>Puts <paramref name="quantity"/> units of the product in the cart and checks out (201).</summary>
    public static async Task<CheckoutView> CheckOutAsync(this HttpClient client, int productId, int quantity = 1)
    {
        await client.AddToCartAsync(productId, quantity);
        return await client.CheckOutAsync();
    }

    public static async Task<OrderView> OrderAsync(this HttpClient client, int orderId)
    {
        var response = await client.GetAsync($"/api/orders/{orderId}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<OrderView>(ShopFixture.Json))!;
    }

    public static async Task<IReadOnlyList<OrderView>> OrdersAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<List<OrderView>>("/api/orders", ShopFixture.Json))!;

    /// <summary>
    /// The customer pays at Stripe: the stand-in's PaymentIntent becomes <c>succeeded</c> and the
    /// signed <c>payment_intent.succeeded</c> event reaches /webhook (of the fixture's app, or of the app
    /// <paramref name="client"/> calls), for <paramref name="amount"/> (the order's amount unless a test wants a mismatch).
    /// </summary>
    public static async Task<HttpResponseMessage> PayAsync(this ShopFixture shop, CheckoutView checkout, long? amount = null, HttpClient? client = null)
    {
        shop.Stripe.MarkSucceeded(checkout.PaymentIntentId);
        var response = await shop.SendWebhookAsync(SucceededEvent(checkout, $"evt_{Guid.NewGuid():N}", amount), client: client);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return response;
    }

    /// <summary>The <c>payment_intent.succeeded</c> event of the checkout's PaymentIntent, for <paramref name="amount"/> (by default the order's).</summary>
    public static string SucceededEvent(CheckoutView checkout, string eventId, long? amount = null) =>
        StripeEvents.PaymentIntentEvent(
            "payment_intent.succeeded",
            eventId,
            checkout.PaymentIntentId,
            amount ?? checkout.Amount,
            checkout.Currency,
            "succeeded",
            orderId: checkout.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
