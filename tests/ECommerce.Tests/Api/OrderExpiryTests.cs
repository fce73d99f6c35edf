using System.Globalization;
using System.Net;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Api;

/// <summary>
/// The sweeper that cancels pending orders left unpaid past <c>Checkout:ReservationTimeout</c> (30
/// minutes by default). The tests move the fixture's clock and run a sweep themselves.
/// </summary>
public abstract class OrderExpiryTests(ShopFixture shop)
{
    [Fact]
    public async Task A_pending_order_past_the_reservation_timeout_is_canceled_with_its_PaymentIntent()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 3);
        var checkout = await client.CheckOutAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(31));

        await ExpireAsync();

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("canceled");
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((10, 0, 10));
        shop.Stripe.FindPaymentIntent(checkout.PaymentIntentId)!.Status.ShouldBe("canceled");
        shop.Stripe.Requests.ShouldContain(r => r.Method == "POST" && r.Path == $"/v1/payment_intents/{checkout.PaymentIntentId}/cancel");
    }

    [Fact]
    public async Task A_pending_order_younger_than_the_timeout_keeps_its_stock()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 3);
        var checkout = await client.CheckOutAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(29));

        await ExpireAsync();

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("pending");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(3);
        shop.Stripe.FindPaymentIntent(checkout.PaymentIntentId)!.Status.ShouldBe("requires_payment_method");

        // Its customer can still pay for it.
        await shop.PayAsync(checkout);

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("paid");
    }

    [Fact]
    public async Task An_expired_order_already_paid_at_Stripe_is_left_to_the_succeeded_event()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 2);
        var checkout = await client.CheckOutAsync();
        shop.Stripe.MarkSucceeded(checkout.PaymentIntentId);
        shop.Clock.Advance(TimeSpan.FromMinutes(31));

        await ExpireAsync();

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("pending");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(2);

        await shop.PayAsync(checkout);

        var order = await client.OrderAsync(checkout.OrderId);
        order.Status.ShouldBe("paid");
        order.PaidAt.ShouldNotBeNull();
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((8, 0));
    }

    [Fact]
    public async Task An_order_that_needs_review_is_not_expired()
    {
        var product = await shop.CreateProductAsync(price: 1_000, stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 2);
        var checkout = await client.CheckOutAsync();
        // Stripe reports a payment of another amount than the order's: a person must look at it.
        // (The stand-in's PaymentIntent stays open, so only the flag can keep the sweeper away.)
        var mismatch = StripeEvents.PaymentIntentEvent(
            "payment_intent.succeeded", $"evt_{Guid.NewGuid():N}", checkout.PaymentIntentId, 1_000, "usd", "succeeded",
            orderId: checkout.OrderId.ToString(CultureInfo.InvariantCulture));
        await (await shop.SendWebhookAsync(mismatch)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await client.OrderAsync(checkout.OrderId)).NeedsReview.ShouldBeTrue();
        shop.Clock.Advance(TimeSpan.FromMinutes(31));
        var requestsBefore = shop.Stripe.Requests.Count;

        await ExpireAsync();

        var order = await client.OrderAsync(checkout.OrderId);
        order.Status.ShouldBe("pending");
        order.NeedsReview.ShouldBeTrue();
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(2);
        shop.Stripe.Requests.Skip(requestsBefore).ShouldNotContain(r => r.Path.Contains(checkout.PaymentIntentId));
    }

    [Fact]
    public async Task Concurrent_sweeps_release_each_expired_order_once()
    {
        var product = await shop.CreateProductAsync(stock: 20);
        var expiring = new List<(HttpClient Client, CheckoutView Checkout)>();
        foreach (var quantity in new[] { 2, 3, 4 })
        {
            var client = await shop.SignedInAsync();
            await client.AddToCartAsync(product.Id, quantity);
            expiring.Add((client, await client.CheckOutAsync()));
        }

        shop.Clock.Advance(TimeSpan.FromMinutes(20));
        var youngClient = await shop.SignedInAsync();
        await youngClient.AddToCartAsync(product.Id, 5);
        var young = await youngClient.CheckOutAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(11));
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(14);

        // Two app instances sweeping at once, and the same instance twice.
        await using var otherInstance = shop.Services.CreateAsyncScope();
        var sweepers = new[]
        {
            shop.Services.GetRequiredService<OrderExpiry>(),
            shop.Services.GetRequiredService<OrderExpiry>(),
            ActivatorUtilities.CreateInstance<OrderExpiry>(otherInstance.ServiceProvider),
        };
        await Task.WhenAll(sweepers.Select(s => s.ExpireAsync()));

        foreach (var (client, checkout) in expiring)
        {
            (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("canceled");
        }

        (await youngClient.OrderAsync(young.OrderId)).Status.ShouldBe("pending");
        // A release counted twice would eat into the young order's reservation.
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((20, 5, 15));
        (await shop.QueryAsync(db => db.Products.AnyAsync(p => p.Reserved < 0 || p.OnHand < p.Reserved))).ShouldBeFalse();
    }

    private async Task ExpireAsync()
    {
        await using var scope = shop.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrderExpiry>().ExpireAsync();
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class OrderExpiryTests_Sqlite(SqliteShop shop) : OrderExpiryTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class OrderExpiryTests_MariaDb(MariaDbShop shop) : OrderExpiryTests(shop), IClassFixture<MariaDbShop>;
