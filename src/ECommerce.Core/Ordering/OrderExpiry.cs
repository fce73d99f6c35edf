using System.Linq.Expressions;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Ordering;

/// <summary>
/// Settles the orders nobody finished: a pending order unpaid past the reservation timeout is canceled
/// (or, when Stripe says it was paid, marked paid), and a checkout still placing long after the payment
/// provider's timeout (the app stopped half-way) is undone. Safe with several app instances: every
/// change is a compare-and-swap on the order. An order the provider cannot settle now waits, longer
/// after each failure, while the sweeper goes on with the others.
/// </summary>
public sealed class OrderExpiry(
    IDbContextFactory<ShopDbContext> dbFactory,
    OrderService orders,
    CheckoutService checkout,
    IOptions<CheckoutOptions> options,
    IOptions<PaymentOptions> payments,
    TimeProvider time,
    ILogger<OrderExpiry> logger)
{
    /// <summary>Settles the expired orders it finds; answers how many it canceled, paid or undid.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settled = 0;
        foreach (var orderId in await AbandonedCheckoutsAsync(now, ct))
        {
            if (await checkout.UndoAsync(orderId, ct))
            {
                settled++;
                logger.LogWarning("Order {OrderId} was left half-way through checkout: undone, its stock released and its lines back in the cart.", orderId);
            }
        }

        foreach (var orderId in await ExpiredOrdersAsync(now, ct))
        {
            if (await SettleAsync(orderId, ct))
            {
                settled++;
            }
        }

        return settled;
    }

    /// <summary>Placing orders older than any checkout can take: the one payment call bounded by Stripe's timeout, plus a minute.</summary>
    private Task<List<int>> AbandonedCheckoutsAsync(DateTime now, CancellationToken ct)
    {
        var cutoff = now - payments.Value.Timeout - TimeSpan.FromMinutes(1);
        return OldestAsync(o => o.Status == OrderStatus.Placing && o.CreatedAt < cutoff, ct);
    }

    /// <summary>The oldest pending orders past the reservation timeout, leaving out those waiting after a failure.</summary>
    private Task<List<int>> ExpiredOrdersAsync(DateTime now, CancellationToken ct)
    {
        var cutoff = now - options.Value.ReservationTimeout;
        return OldestAsync(o => o.Status == OrderStatus.Pending && !o.NeedsReview && o.CreatedAt < cutoff && (o.NextSweepAt == null || o.NextSweepAt <= now), ct);
    }

    /// <summary>The ids of one sweep's worth of the oldest orders that match.</summary>
    private async Task<List<int>> OldestAsync(Expression<Func<Order, bool>> matching, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Orders.Where(matching).OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(options.Value.SweepBatchSize).ToListAsync(ct);
    }

    private async Task<bool> SettleAsync(int orderId, CancellationToken ct)
    {
        try
        {
            var result = await orders.CancelPendingAsync(orderId, ct);
            switch (result.Failure)
            {
                case null:
                    logger.LogInformation("Order {OrderId} expired unpaid: canceled and its stock released.", orderId);
                    return true;
                case PaymentProviderFailure down:
                    await DeferAsync(orderId, down.Detail, ct);
                    return false;
                case var other:
                    // Paid at Stripe after all (now settled as paid), or changed by someone else meanwhile.
                    logger.LogInformation("Order {OrderId} expired but was not canceled: {Reason}", orderId, other.Detail);
                    return true;
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // One order that cannot be settled must not stop the sweep, nor the sweeper.
            logger.LogError(e, "Settling expired order {OrderId} failed.", orderId);
            await DeferAsync(orderId, e.Message, ct);
            return false;
        }
    }

    private async Task DeferAsync(int orderId, string reason, CancellationToken ct)
    {
        try
        {
            var deferred = await dbFactory.InTransactionAsync<DateTime?>(
                async db =>
                {
                    var order = await db.Orders.SingleAsync(o => o.Id == orderId, ct);
                    order.DeferSweep(time.GetUtcNow().UtcDateTime, options.Value.MaxSweepDelay);
                    await db.SaveChangesAsync(ct);
                    return order.NextSweepAt;
                },
                ct);
            logger.LogWarning("Order {OrderId} could not be settled ({Reason}); trying again at {NextSweepAt:u}.", orderId, reason, deferred.Value);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Could not put off expired order {OrderId}; the next sweep takes it again.", orderId);
        }
    }
}
