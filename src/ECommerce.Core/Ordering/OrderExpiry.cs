using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Ordering;

/// <summary>
/// Cancels pending orders whose payment has not succeeded within the reservation timeout, so their
/// stock goes back on sale. Safe with several app instances: each cancellation is a compare-and-swap
/// on the order, so only one instance releases the stock.
/// </summary>
public sealed class OrderExpiry(
    IDbContextFactory<ShopDbContext> dbFactory,
    OrderService orders,
    IOptions<CheckoutOptions> options,
    TimeProvider time,
    ILogger<OrderExpiry> logger)
{
    private const int BatchSize = 100;

    /// <summary>Cancels the expired orders it finds; answers how many it canceled.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ReservationTimeout;
        List<int> expired;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            expired = await db.Orders
                .Where(o => o.Status == OrderStatus.Pending && !o.NeedsReview && o.CreatedAt < cutoff)
                .OrderBy(o => o.CreatedAt)
                .Select(o => o.Id)
                .Take(BatchSize)
                .ToListAsync(ct);
        }

        var canceled = 0;
        foreach (var orderId in expired)
        {
            var result = await orders.CancelPendingAsync(orderId, ct);
            if (result.Succeeded)
            {
                canceled++;
                logger.LogInformation("Order {OrderId} expired unpaid: canceled and its stock released.", orderId);
            }
            else
            {
                logger.LogInformation("Order {OrderId} expired but was not canceled: {Reason}", orderId, result.Failure!.Detail);
            }
        }

        return canceled;
    }
}

/// <summary>Runs <see cref="OrderExpiry"/> every <see cref="CheckoutOptions.SweepInterval"/>.</summary>
public sealed class OrderExpiryWorker(IServiceProvider services, IOptions<CheckoutOptions> options, TimeProvider time, ILogger<OrderExpiryWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await services.GetRequiredService<OrderExpiry>().ExpireAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Expiring unpaid orders failed; trying again at the next sweep.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
