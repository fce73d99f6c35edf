using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Catalog;
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
    public async Task An_expired_order_paid_at_Stripe_whose_event_never_came_is_settled_as_paid_and_the_late_event_changes_nothing()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 2);
        var checkout = await client.CheckOutAsync();
        shop.Stripe.MarkSucceeded(checkout.PaymentIntentId);
        shop.Clock.Advance(TimeSpan.FromMinutes(31));

        await ExpireAsync();

        var order = await client.OrderAsync(checkout.OrderId);
        order.Status.ShouldBe("paid");
        order.PaidAt.ShouldNotBeNull();
        var sold = await shop.ProductAsync(product.Id);
        (sold.OnHand, sold.Reserved).ShouldBe((8, 0));
        var requests = shop.Stripe.Requests.Count;

        await ExpireAsync();
        await shop.PayAsync(checkout);

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("paid");
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((8, 0));
        shop.Stripe.Requests.Count.ShouldBe(requests, "a settled order is not swept again");
    }

    [Fact]
    public async Task An_expired_order_paid_at_Stripe_for_another_amount_is_flagged_for_review_and_keeps_its_stock()
    {
        var product = await shop.CreateProductAsync(price: 1_000, stock: 10);
        var client = await shop.SignedInAsync();
        var checkout = await client.CheckOutAsync(product.Id, 2);
        shop.Stripe.MarkSucceeded(checkout.PaymentIntentId);
        await shop.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Orders SET Amount = 1500 WHERE Id = {checkout.OrderId}"));
        shop.Clock.Advance(TimeSpan.FromMinutes(31));

        await ExpireAsync();

        var order = await client.OrderAsync(checkout.OrderId);
        (order.Status, order.NeedsReview).ShouldBe(("pending", true));
        order.LastPaymentError.ShouldNotBeNull().ShouldContain("2000");
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((10, 2));
    }

    [Fact]
    public async Task An_expired_order_whose_PaymentIntent_Stripe_does_not_know_is_canceled_and_its_stock_released()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        var checkout = await client.CheckOutAsync(product.Id, 2);
        // As after a change of API keys: the new account has never heard of the old account's intents.
        await shop.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Orders SET PaymentIntentId = {"pi_of_another_account_" + checkout.OrderId} WHERE Id = {checkout.OrderId}"));
        shop.Clock.Advance(TimeSpan.FromMinutes(31));

        await ExpireAsync();

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("canceled");
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((10, 0));
    }

    [Fact]
    public async Task A_checkout_stopped_half_way_is_undone_a_minute_after_Stripes_timeout_and_the_cart_gets_its_lines_back()
    {
        var product = await shop.CreateProductAsync(price: 700, stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 3);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        // What the app leaves behind when it stops right after the first step of checkout.
        var orderId = await shop.QueryAsync(async db =>
        {
            var userId = me.GetProperty("id").GetInt32();
            (await db.TryReserveAsync(product.Id, 3, default)).ShouldBeTrue();
            var order = Order.Place(userId, "usd", [new OrderLine { ProductId = product.Id, Name = product.Name, UnitPrice = 700, Quantity = 3 }], shop.Clock.GetUtcNow().UtcDateTime);
            db.Orders.Add(order);
            await db.CartItems.Where(i => i.UserId == userId).ExecuteDeleteAsync();
            await db.SaveChangesAsync();
            return order.Id;
        });
        var placing = (await client.OrdersAsync()).ShouldHaveSingleItem();
        (placing.Id, placing.Status, placing.PaymentIntentId).ShouldBe((orderId, "pending", null));
        await (await client.PostAsync($"/api/orders/{orderId}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        shop.Clock.Advance(TimeSpan.FromSeconds(70));
        await ExpireAsync();

        (await client.OrdersAsync()).ShouldHaveSingleItem("a minute after Stripe's timeout is not yet long enough");

        shop.Clock.Advance(TimeSpan.FromSeconds(20));
        await ExpireAsync();

        (await client.OrdersAsync()).ShouldBeEmpty();
        (await client.CartAsync()).Items.ShouldHaveSingleItem().Quantity.ShouldBe(3);
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((10, 0));
    }

    [Fact]
    public async Task A_PaymentIntent_that_comes_back_after_the_sweeper_undid_its_checkout_is_canceled_and_the_checkout_is_502()
    {
        var product = await shop.CreateProductAsync(price: 700, stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 3);
        var stripe = shop.Stripe.Hold();
        var checkout = client.PostCheckoutAsync();
        await stripe.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var orderId = (await client.OrdersAsync()).ShouldHaveSingleItem().Id;

        // Stripe answers only after its timeout and the sweeper's minute: the checkout has been undone meanwhile.
        shop.Clock.Advance(TimeSpan.FromSeconds(90));
        await ExpireAsync();
        (await client.OrdersAsync()).ShouldBeEmpty();
        stripe.Proceed();

        var problem = await (await checkout).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("took too long and was undone");
        // The intent created for the undone order is canceled, not left open at Stripe.
        shop.Stripe.PaymentIntents
            .Single(i => i.Metadata.GetValueOrDefault("order_id") == orderId.ToString(CultureInfo.InvariantCulture))
            .Status.ShouldBe("canceled");
        (await client.OrdersAsync()).ShouldBeEmpty();
        (await client.CartAsync()).Items.ShouldHaveSingleItem().Quantity.ShouldBe(3);
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((10, 0));
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
