using System.Diagnostics;
using System.Net;
using ECommerce.Core;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ECommerce.Tests.Api;

/// <summary>
/// The shop when Stripe is slow, down or out of step, and over long runs: every Stripe call ends within
/// <c>Stripe:Timeout</c>, the sweeper goes past orders it cannot settle, and old webhook records go.
/// </summary>
public abstract class MaintenanceTests(ShopFixture shop) : IShopSettings
{
    public const string StripeTimeout = "00:00:02";
    public const int SweepBatchSize = 2;
    public const int EventRetentionDays = 5;

    /// <summary>The settings of this class's fixtures: a short Stripe timeout, small sweeps, a short memory of events.</summary>
    public static void Configure(Dictionary<string, string?> settings)
    {
        settings["Stripe:Timeout"] = StripeTimeout;
        settings["Checkout:SweepBatchSize"] = SweepBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Stripe:EventRetention"] = $"{EventRetentionDays}.00:00:00";
    }

    [Fact]
    public async Task Checkout_when_Stripe_never_answers_is_502_within_Stripe_Timeout_with_nothing_reserved_and_the_cart_kept()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 2);
        var hung = shop.Stripe.Hold(count: 10);
        var clock = Stopwatch.StartNew();

        var response = await client.PostCheckoutAsync();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.Parse(StripeTimeout, System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(3));
        hung.Held.ShouldBeGreaterThan(0);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        (await client.OrdersAsync()).ShouldBeEmpty();
        (await client.CartAsync()).Items.ShouldHaveSingleItem().Quantity.ShouldBe(2);
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(0);
        await (await shop.Anonymous().GetAsync("/health/live")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        shop.Stripe.Reset();
    }

    [Fact]
    public async Task A_sweep_when_Stripe_never_answers_puts_the_order_off_and_settles_it_once_Stripe_is_back()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        var checkout = await client.CheckOutAsync(product.Id, 3);
        var cancelPath = $"/v1/payment_intents/{checkout.PaymentIntentId}/cancel";
        shop.Clock.Advance(TimeSpan.FromMinutes(31));
        shop.Stripe.Hold(cancelPath, count: 10);

        await ExpireAsync();

        await (await shop.Anonymous().GetAsync("/health/live")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("pending");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(3);
        shop.Stripe.Reset();
        var attempts = CountRequests(cancelPath);

        // Put off for a minute after its first failure: the next sweep leaves it alone.
        await ExpireAsync();
        CountRequests(cancelPath).ShouldBe(attempts);

        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExpireAsync();

        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("canceled");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task Expired_orders_Stripe_cannot_settle_do_not_hold_up_the_others()
    {
        var product = await shop.CreateProductAsync(stock: 20);
        var stuck = new List<CheckoutView>();
        for (var i = 0; i < SweepBatchSize; i++)
        {
            stuck.Add(await (await shop.SignedInAsync()).CheckOutAsync(product.Id));
        }

        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        var client = await shop.SignedInAsync();
        var abandoned = await client.CheckOutAsync(product.Id, 2);
        shop.Clock.Advance(TimeSpan.FromMinutes(31));
        // Stripe refuses every cancel of the oldest orders, which fill a whole sweep.
        foreach (var order in stuck)
        {
            shop.Stripe.Hold($"/v1/payment_intents/{order.PaymentIntentId}/cancel", count: 100).Fail(400);
        }

        for (var sweep = 0; sweep < 3; sweep++)
        {
            await ExpireAsync();
        }

        (await client.OrderAsync(abandoned.OrderId)).Status.ShouldBe("canceled");
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(SweepBatchSize);
        foreach (var order in stuck)
        {
            CountRequests($"/v1/payment_intents/{order.PaymentIntentId}/cancel").ShouldBe(1, "an order that failed waits before it is tried again");
        }

        // Stripe answers again: once their wait is over, the stuck orders go too (and leave the next test's sweeps alone).
        shop.Stripe.Reset();
        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExpireAsync();
        (await shop.ProductAsync(product.Id)).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task Processed_events_are_kept_through_Stripes_retry_window_and_forgotten_after_the_retention()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var checkout = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        var eventId = $"evt_{Guid.NewGuid():N}";
        var payload = StripeEvents.PaymentIntentEvent(
            "payment_intent.succeeded", eventId, checkout.PaymentIntentId, checkout.Amount, checkout.Currency, "succeeded");
        await (await shop.SendWebhookAsync(payload)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var webhook = shop.Services.GetRequiredService<StripeWebhookHandler>();

        shop.Clock.Advance(TimeSpan.FromDays(EventRetentionDays) - TimeSpan.FromMinutes(1));
        await webhook.PruneProcessedEventsAsync(default);

        (await Recorded(eventId)).ShouldBeTrue();

        shop.Clock.Advance(TimeSpan.FromMinutes(2));
        await webhook.PruneProcessedEventsAsync(default);

        (await Recorded(eventId)).ShouldBeFalse();
        // A copy delivered by hand after that changes nothing either: the order is paid already.
        await (await shop.SendWebhookAsync(payload)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved).ShouldBe((9, 0));
    }

    private Task<bool> Recorded(string eventId) => shop.QueryAsync(db => db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == eventId));

    private int CountRequests(string path) => shop.Stripe.Requests.Count(r => r.Path == path);

    private async Task<int> ExpireAsync()
    {
        await using var scope = shop.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderExpiry>().ExpireAsync();
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class MaintenanceTests_Sqlite(SqliteShop<MaintenanceTests> shop) : MaintenanceTests(shop), IClassFixture<SqliteShop<MaintenanceTests>>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class MaintenanceTests_MariaDb(MariaDbShop<MaintenanceTests> shop) : MaintenanceTests(shop), IClassFixture<MariaDbShop<MaintenanceTests>>;

/// <summary>The background worker itself, on its own clock: a round that meets a hung Stripe does not stop the app.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class MaintenanceWorkerTests(MaintenanceWorkerTests.Shop shop) : IClassFixture<MaintenanceWorkerTests.Shop>
{
    [Fact]
    public async Task A_round_that_meets_a_Stripe_that_never_answers_leaves_the_app_and_the_worker_running()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var client = await shop.SignedInAsync();
        var checkout = await client.CheckOutAsync(product.Id, 2);
        var hung = shop.Stripe.Hold($"/v1/payment_intents/{checkout.PaymentIntentId}/cancel", count: 10);

        // Past the reservation timeout and the worker's period in one tick: its next round takes the order.
        shop.Clock.Advance(TimeSpan.FromMinutes(41));
        await hung.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => shop.QueryAsync(db => db.Orders.AnyAsync(o => o.Id == checkout.OrderId && o.NextSweepAt != null)));

        var worker = shop.Services.GetServices<IHostedService>().OfType<MaintenanceWorker>().Single();
        worker.ExecuteTask.ShouldNotBeNull().IsCompleted.ShouldBeFalse();
        shop.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested.ShouldBeFalse();
        await (await shop.Anonymous().GetAsync("/health/live")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("pending");
        shop.Stripe.Reset();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the worker's round never finished");
            await Task.Delay(50);
        }
    }

    public sealed class Shop : SqliteShop
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Stripe:Timeout"] = "00:00:01";
            // One tick past the 30-minute reservation timeout, so the round that takes the order reads a clock already past it.
            settings["Checkout:SweepInterval"] = "00:40:00";
        }
    }
}
