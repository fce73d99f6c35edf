using System.Data.Common;
using System.Threading.Channels;
using ECommerce.Core.Data;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Api;

/// <summary>
/// An open order page follows its order live (<see cref="OrderStatusFeed"/>): a watcher hears each change,
/// whichever app instance on the database made it, until it stops watching.
/// </summary>
public abstract class OrderStatusFeedTests(ShopFixture shop)
{
    /// <summary>The default <c>Orders:StatusPollInterval</c>.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private OrderStatusFeed Feed => shop.Services.GetRequiredService<OrderStatusFeed>();

    [Fact]
    public async Task A_watcher_of_a_pending_order_hears_it_paid_as_soon_as_the_webhook_is_applied_here()
    {
        var (checkout, version) = await PendingOrderAsync();
        var heard = new Heard();
        using var watch = Feed.Watch(checkout.OrderId, heard.Add, version);

        await shop.PayAsync(checkout);

        // The clock does not move: the webhook's own nudge, not the interval, brings the change.
        var change = await heard.NextAsync();
        change.ShouldBe(new OrderStatusChange(checkout.OrderId, "paid", await VersionAsync(checkout.OrderId), null));
    }

    [Fact]
    public async Task A_watcher_hears_a_payment_that_another_app_instance_took_within_the_interval()
    {
        var (checkout, version) = await PendingOrderAsync();
        await using var other = shop.StartAnotherApp();
        var heard = new Heard();
        using var watch = Feed.Watch(checkout.OrderId, heard.Add, version);

        await shop.PayAsync(checkout, client: other.CreateClient());
        shop.Clock.Advance(Interval);

        var change = await heard.NextAsync();
        change.Status.ShouldBe("paid");
        change.Version.ShouldBeGreaterThan(version);
    }

    [Fact]
    public async Task A_disposed_watch_hears_nothing_more_while_another_watcher_of_the_order_still_does()
    {
        var (checkout, version) = await PendingOrderAsync();
        var leaving = new Heard();
        var staying = new Heard();
        var leavingWatch = Feed.Watch(checkout.OrderId, leaving.Add, version);
        using var stayingWatch = Feed.Watch(checkout.OrderId, staying.Add, version);
        await DeclineAsync(checkout);
        (await leaving.NextAsync()).Status.ShouldBe("pending");
        (await staying.NextAsync()).Status.ShouldBe("pending");

        leavingWatch.Dispose();
        await shop.PayAsync(checkout);

        (await staying.NextAsync()).Status.ShouldBe("paid");
        leaving.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_watcher_that_throws_stops_neither_the_other_watchers_nor_later_changes()
    {
        var (checkout, version) = await PendingOrderAsync();
        using var throwing = Feed.Watch(checkout.OrderId, _ => throw new InvalidOperationException("A page that breaks."), version);
        using var throwingLater = Feed.Watch(
            checkout.OrderId,
            async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("A page that breaks after an await.");
            },
            version);
        var heard = new Heard();
        using var watch = Feed.Watch(checkout.OrderId, heard.Add, version);

        await DeclineAsync(checkout);
        var declined = await heard.NextAsync();
        await shop.PayAsync(checkout);
        var paid = await heard.NextAsync();

        declined.ShouldBe(new OrderStatusChange(checkout.OrderId, "pending", version + 1, "Your card was declined."));
        paid.Status.ShouldBe("paid");
        paid.LastPaymentError.ShouldBeNull();
    }

    [Fact]
    public async Task Status_queries_run_only_while_someone_watches_one_a_round_for_all_watched_orders()
    {
        // Counted in an app of the test's own, so no other test's watches count.
        var queries = new StatusQueries();
        await using var app = shop.StartAnotherApp(services => services.ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(queries)));
        var feed = app.Services.GetRequiredService<OrderStatusFeed>();
        var (first, firstVersion) = await PendingOrderAsync();
        var (second, secondVersion) = await PendingOrderAsync();
        shop.Clock.Advance(Interval * 3);
        queries.Count.ShouldBe(0);

        // Watchers that know an older version hear the current one at the first read: each heard change ends a read.
        var heard = new Heard();
        Task? loop;
        using (feed.Watch(first.OrderId, heard.Add, firstVersion - 1))
        {
            (await heard.NextAsync()).OrderId.ShouldBe(first.OrderId);
            using (feed.Watch(second.OrderId, heard.Add, secondVersion - 1))
            {
                shop.Clock.Advance(Interval);
                (await heard.NextAsync()).OrderId.ShouldBe(second.OrderId);
                loop = feed.Loop;
            }
        }

        await loop.ShouldNotBeNull().WaitAsync(Patience);
        queries.Count.ShouldBe(2);
        shop.Clock.Advance(Interval * 3);
        queries.Count.ShouldBe(2);

        // The next watch starts a loop afresh, which reads at once.
        using (feed.Watch(first.OrderId, heard.Add, firstVersion - 1))
        {
            (await heard.NextAsync()).Version.ShouldBe(firstVersion);
        }

        queries.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_read_the_database_fails_is_tried_again_at_the_next_interval()
    {
        var queries = new StatusQueries { Failing = 1 };
        await using var app = shop.StartAnotherApp(services => services.ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(queries)));
        var feed = app.Services.GetRequiredService<OrderStatusFeed>();
        var (checkout, version) = await PendingOrderAsync();
        var heard = new Heard();
        using var watch = feed.Watch(checkout.OrderId, heard.Add, version - 1);
        await queries.ReachAsync(1);

        shop.Clock.Advance(Interval);

        (await heard.NextAsync()).Version.ShouldBe(version);
        queries.Count.ShouldBe(2);
    }

    private async Task<(CheckoutView Checkout, int Version)> PendingOrderAsync()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var checkout = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        return (checkout, await VersionAsync(checkout.OrderId));
    }

    private Task<int> VersionAsync(int orderId) =>
        shop.QueryAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Version).SingleAsync());

    /// <summary>The card is declined: a signed <c>payment_intent.payment_failed</c> event records the error on the pending order.</summary>
    private async Task DeclineAsync(CheckoutView checkout)
    {
        var payload = StripeEvents.PaymentIntentEvent(
            "payment_intent.payment_failed",
            $"evt_{Guid.NewGuid():N}",
            checkout.PaymentIntentId,
            checkout.Amount,
            checkout.Currency,
            "requires_payment_method",
            lastPaymentErrorMessage: "Your card was declined.");
        await (await shop.SendWebhookAsync(payload)).ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
    }

    /// <summary>What one watcher heard, in order.</summary>
    private sealed class Heard
    {
        private readonly Channel<OrderStatusChange> _changes = Channel.CreateUnbounded<OrderStatusChange>();

        /// <summary>Changes heard and not yet taken by <see cref="NextAsync"/>.</summary>
        public int Count => _changes.Reader.Count;

        public Task Add(OrderStatusChange change)
        {
            _changes.Writer.TryWrite(change);
            return Task.CompletedTask;
        }

        public Task<OrderStatusChange> NextAsync() => _changes.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    /// <summary>Counts the feed's queries (found by their tag) that an app sends to the database, and fails the first ones if asked.</summary>
    private sealed class StatusQueries : DbCommandInterceptor
    {
        private int _count;
        private TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref _count);

        /// <summary>How many of the first queries fail as if the database were unreachable.</summary>
        public int Failing { get; init; }

        public async Task ReachAsync(int count)
        {
            while (true)
            {
                var counted = Volatile.Read(ref _counted).Task;
                if (Count >= count)
                {
                    return;
                }

                await counted.WaitAsync(Patience);
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(OrderStatusFeed.QueryTag, StringComparison.Ordinal))
            {
                var count = Interlocked.Increment(ref _count);
                Interlocked.Exchange(ref _counted, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                if (count <= Failing)
                {
                    throw new TimeoutException("The database did not answer (a test's stand-in).");
                }
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class OrderStatusFeedTests_Sqlite(SqliteShop shop) : OrderStatusFeedTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class OrderStatusFeedTests_MariaDb(MariaDbShop shop) : OrderStatusFeedTests(shop), IClassFixture<MariaDbShop>;
