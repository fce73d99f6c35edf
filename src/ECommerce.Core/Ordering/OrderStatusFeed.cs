using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Ordering;

/// <summary>What a watcher of an order hears: the order's status as clients name it, and what goes with it.</summary>
public sealed record OrderStatusChange(int OrderId, string Status, int Version, string? LastPaymentError);

/// <summary>
/// Tells the watchers of an order when it changes, whichever app instance changed it. One loop per
/// instance reads every watched order in one query each <see cref="OrderOptions.StatusPollInterval"/>,
/// and runs only while someone watches; <see cref="Nudge"/> makes it read at once after a change made here.
/// </summary>
public sealed class OrderStatusFeed(
    IDbContextFactory<ShopDbContext> dbFactory, IOptions<OrderOptions> options, TimeProvider time, ILogger<OrderStatusFeed> logger)
    : IDisposable, IAsyncDisposable
{
    /// <summary>Tags the feed's query, so it can be told apart in the database's logs.</summary>
    public const string QueryTag = "Order status feed";

    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<Watcher>> _watchers = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _wake = NewWake();
    private Task? _loop;

    /// <summary>
    /// Calls <paramref name="onChange"/> whenever order <paramref name="orderId"/> is found at another
    /// version than the last one this watcher saw: <paramref name="knownVersion"/> when given (the version
    /// the caller shows), or else the version read just after this call. Calls run on the thread pool, one
    /// at a time per watcher; a Blazor component hands them to its renderer with <c>InvokeAsync</c>.
    /// Dispose the answer to stop.
    /// </summary>
    public IDisposable Watch(int orderId, Func<OrderStatusChange, Task> onChange, int? knownVersion = null)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var watcher = new Watcher(this, orderId, onChange) { Seen = knownVersion };
        lock (_gate)
        {
            if (!_watchers.TryGetValue(orderId, out var watchers))
            {
                _watchers[orderId] = watchers = [];
            }

            watchers.Add(watcher);
            if (_loop is null)
            {
                // The loop outlives this caller: it must not carry the caller's execution context (its request's activity, say).
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(RunAsync);
                }
            }
        }

        if (knownVersion is null)
        {
            Nudge();
        }

        return watcher;
    }

    /// <summary>Makes the loop read the watched orders now rather than at its next interval: call it after changing an order.</summary>
    public void Nudge() => Volatile.Read(ref _wake).TrySetResult();

    public void Dispose()
    {
        _stopping.Cancel();
        Nudge();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (Loop is { } loop)
        {
            await loop;
        }
    }

    /// <summary>The poll loop while one runs; it ends when the last watch does.</summary>
    internal Task? Loop
    {
        get
        {
            lock (_gate)
            {
                return _loop;
            }
        }
    }

    private async Task RunAsync()
    {
        var interval = options.Value.StatusPollInterval;
        while (true)
        {
            int[] ids;
            Task wake;
            lock (_gate)
            {
                if (_watchers.Count == 0 || _stopping.IsCancellationRequested)
                {
                    _loop = null;
                    return;
                }

                ids = [.. _watchers.Keys];
                // A nudge from here on wakes the wait below: the read may have come too early for its change.
                _wake = NewWake();
                wake = _wake.Task;
            }

            // Counted from the start of the read, so a slow read does not stretch the interval.
            var next = time.GetUtcNow() + interval;
            try
            {
                Notify(await ReadAsync(ids, _stopping.Token));
            }
            catch (Exception e)
            {
                // Once disposed, the read is canceled on purpose and the loop ends at its top.
                if (!_stopping.IsCancellationRequested)
                {
                    logger.LogError(e, "Reading the status of {Count} watched orders failed; trying again in {Interval}.", ids.Length, interval);
                }
            }

            var delay = next - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await using var timer = time.CreateTimer(_ => Nudge(), null, delay, Timeout.InfiniteTimeSpan);
                await wake;
            }
        }
    }

    private async Task<List<OrderStatusChange>> ReadAsync(int[] ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = await db.Orders.AsNoTracking()
            .TagWith(QueryTag)
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Status, o.Version, o.LastPaymentError })
            .ToListAsync(ct);
        return [.. orders.Select(o => new OrderStatusChange(o.Id, o.Status.ToApiName(), o.Version, o.LastPaymentError))];
    }

    private void Notify(List<OrderStatusChange> orders)
    {
        lock (_gate)
        {
            foreach (var order in orders)
            {
                if (!_watchers.TryGetValue(order.OrderId, out var watchers))
                {
                    continue;
                }

                foreach (var watcher in watchers)
                {
                    // A watcher still busy with its last change hears the newest one at a later read.
                    if (watcher.Seen == order.Version || watcher.Calling is { IsCompleted: false })
                    {
                        continue;
                    }

                    var first = watcher.Seen is null;
                    watcher.Seen = order.Version;
                    if (!first)
                    {
                        watcher.Calling = Task.Run(() => CallAsync(watcher, order));
                    }
                }
            }
        }
    }

    private async Task CallAsync(Watcher watcher, OrderStatusChange change)
    {
        if (watcher.Disposed)
        {
            return;
        }

        try
        {
            await watcher.OnChange(change);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A watcher of order {OrderId} failed on its change to {Status} (version {Version}).", change.OrderId, change.Status, change.Version);
        }
    }

    private void Unwatch(Watcher watcher)
    {
        bool nobodyLeft;
        lock (_gate)
        {
            if (_watchers.TryGetValue(watcher.OrderId, out var watchers) && watchers.Remove(watcher) && watchers.Count == 0)
            {
                _watchers.Remove(watcher.OrderId);
            }

            nobodyLeft = _watchers.Count == 0;
        }

        if (nobodyLeft)
        {
            // The loop ends now rather than at the end of its wait.
            Nudge();
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Watcher(OrderStatusFeed feed, int orderId, Func<OrderStatusChange, Task> onChange) : IDisposable
    {
        private volatile bool _disposed;

        public int OrderId => orderId;

        public Func<OrderStatusChange, Task> OnChange => onChange;

        public bool Disposed => _disposed;

        /// <summary>The version this watcher last heard of; null until the first read. Guarded by the feed's lock.</summary>
        public int? Seen { get; set; }

        public Task? Calling { get; set; }

        public void Dispose()
        {
            _disposed = true;
            feed.Unwatch(this);
        }
    }
}
