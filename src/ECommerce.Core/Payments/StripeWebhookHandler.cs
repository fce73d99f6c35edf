using System.Diagnostics;
using System.Text.Json;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace ECommerce.Core.Payments;

public enum WebhookStatus
{
    Applied,
    Ignored,
    Duplicate,
    Rejected,

    /// <summary>Not applied and not recorded: a non-2xx answer makes Stripe deliver it again later.</summary>
    RetryLater,
}

public sealed record WebhookResult(WebhookStatus Status, string Message);

/// <summary>
/// Verifies Stripe events and applies them to orders. Each event's id is stored in the same
/// transaction as its effect, so an event is applied at most once however often it arrives; an
/// event that does not fit the order's state is recorded and ignored, so delivery order does not matter.
/// </summary>
public sealed class StripeWebhookHandler(
    IDbContextFactory<ShopDbContext> dbFactory,
    IPaymentGateway gateway,
    OrderStatusFeed statusFeed,
    IOptions<PaymentOptions> options,
    TimeProvider time,
    ILogger<StripeWebhookHandler> logger)
{
    /// <summary>Stripe's default: a signature older than five minutes is refused.</summary>
    public const long ToleranceSeconds = 300;

    /// <summary>Stripe retries an undelivered event for up to three days: a record younger than that must stay.</summary>
    public static readonly TimeSpan MinimumEventRetention = TimeSpan.FromDays(3);

    public async Task<WebhookResult> HandleAsync(string json, string? signature, CancellationToken ct)
    {
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                json,
                signature ?? "",
                options.Value.WebhookSecret ?? "",
                ToleranceSeconds,
                time.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or JsonException or Newtonsoft.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            logger.LogWarning("Refused a webhook call: {Reason}", e.Message);
            return new WebhookResult(WebhookStatus.Rejected, e.Message);
        }

        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
        {
            // Without an id the event cannot be recorded, so it could not be applied at most once.
            logger.LogWarning("Refused a webhook call: the payload has no event id or type.");
            return new WebhookResult(WebhookStatus.Rejected, "The payload is not a Stripe event: it has no id or type.");
        }

        if (stripeEvent.ApiVersion != StripeConfiguration.ApiVersion)
        {
            logger.LogWarning(
                "Event {EventId} uses Stripe API version {EventVersion}; this shop expects {Expected}. Applying it anyway.",
                stripeEvent.Id,
                stripeEvent.ApiVersion,
                StripeConfiguration.ApiVersion);
        }

        var result = await ApplyAsync(stripeEvent, ct);
        logger.LogInformation("Stripe event {EventId} ({Type}): {Status}, {Message}", stripeEvent.Id, stripeEvent.Type, result.Status, result.Message);
        return result;
    }

    /// <summary>
    /// Applies a payment that Stripe reported outside an event (the sweeper or a cancel found the
    /// PaymentIntent succeeded) exactly as the <c>succeeded</c> event would, recorded under an id of its
    /// own: whichever of the two comes second finds the order paid and changes nothing.
    /// </summary>
    public async Task<WebhookResult> SettleSucceededAsync(CancelOutcome.AlreadySucceeded payment, CancellationToken ct)
    {
        var result = await PaymentSucceededAsync(
            $"settled_{payment.PaymentIntentId}",
            EventTypes.PaymentIntentSucceeded,
            new SucceededPayment(payment.PaymentIntentId, payment.Amount, payment.Currency, time.GetUtcNow().UtcDateTime),
            ct);
        logger.LogInformation("PaymentIntent {PaymentIntentId} found succeeded at Stripe: {Status}, {Message}", payment.PaymentIntentId, result.Status, result.Message);
        return result;
    }

    /// <summary>Forgets applied events older than <see cref="PaymentOptions.EventRetention"/>, and never those of Stripe's retry window.</summary>
    public async Task<int> PruneProcessedEventsAsync(CancellationToken ct)
    {
        var retention = options.Value.EventRetention > MinimumEventRetention ? options.Value.EventRetention : MinimumEventRetention;
        var cutoff = time.GetUtcNow().UtcDateTime - retention;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProcessedWebhookEvents.Where(e => e.ProcessedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private Task<WebhookResult> ApplyAsync(Event stripeEvent, CancellationToken ct)
    {
        var (id, type) = (stripeEvent.Id, stripeEvent.Type);
        return (type, stripeEvent.Data?.Object) switch
        {
            (EventTypes.PaymentIntentSucceeded, PaymentIntent intent) => PaymentSucceededAsync(
                id, type, new SucceededPayment(intent.Id, intent.Amount, intent.Currency, stripeEvent.Created), ct),
            (EventTypes.PaymentIntentPaymentFailed, PaymentIntent intent) =>
                RecordAsync(id, type, intent.Id, (_, order) => Task.FromResult(PaymentFailed(order, intent)), ct),
            (EventTypes.PaymentIntentCanceled, PaymentIntent intent) => RecordAsync(id, type, intent.Id, PaymentCanceledAsync, ct),
            (EventTypes.ChargeRefunded, Charge charge) =>
                RecordAsync(id, type, charge.PaymentIntentId, (_, order) => Task.FromResult(ChargeRefunded(order, charge)), ct),
            _ => RecordAsync(id, type, null, (_, _) => throw new UnreachableException(), ct),
        };
    }

    private async Task<WebhookResult> PaymentSucceededAsync(string recordId, string type, SucceededPayment payment, CancellationToken ct)
    {
        try
        {
            return await RecordAsync(recordId, type, payment.PaymentIntentId, (db, order) => PaymentSucceededAsync(db, order, payment, ct), ct);
        }
        catch (LatePaymentWithoutStockException late)
        {
            // The reservation had expired and the stock is gone: give the money back, then record the refund.
            try
            {
                await gateway.RefundAsync(payment.PaymentIntentId, $"refund-{late.IdempotencyKey}", ct);
            }
            catch (PaymentGatewayException e)
            {
                logger.LogError(e, "Refunding the late payment {PaymentIntentId} failed; Stripe will deliver the event again.", payment.PaymentIntentId);
                return new WebhookResult(WebhookStatus.RetryLater, $"The refund of a late payment failed: {e.Message}");
            }

            return await RecordAsync(recordId, type, payment.PaymentIntentId, (_, order) => Task.FromResult(RefundLatePayment(order)), ct);
        }
    }

    private static async Task<string> PaymentSucceededAsync(ShopDbContext db, Order order, SucceededPayment payment, CancellationToken ct)
    {
        if (order.IsPaidFor || order.Status is OrderStatus.Refunded or OrderStatus.Placing)
        {
            return Ignored(order);
        }

        if (payment.Amount != order.Amount || !string.Equals(payment.Currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            order.FlagForReview($"Stripe reported a payment of {payment.Amount} {payment.Currency}; the order is {order.Amount} {order.Currency}.");
            return "flagged for review: amount or currency differs from the order";
        }

        // The order first: its version check fails, and all rolls back, if a sweeper canceled it meanwhile.
        var wasPending = order.Status == OrderStatus.Pending;
        order.MarkPaid(payment.PaidAt);
        await db.SaveChangesAsync(ct);
        if (wasPending)
        {
            await db.SellReservedAsync(order, ct);
            return "paid";
        }

        if (!await db.TrySellAsync(order, ct))
        {
            throw new LatePaymentWithoutStockException(order.IdempotencyKey);
        }

        return "paid after its reservation expired: stock taken again";
    }

    private static string RefundLatePayment(Order order)
    {
        if (order.Status != OrderStatus.Canceled)
        {
            return Ignored(order);
        }

        order.MarkRefunded();
        return "refunded: paid after its reservation expired, with too little stock left";
    }

    private static string PaymentFailed(Order order, PaymentIntent intent)
    {
        if (order.Status != OrderStatus.Pending)
        {
            return Ignored(order);
        }

        order.RecordPaymentError(intent.LastPaymentError?.Message ?? "The payment failed.");
        return "payment error recorded";
    }

    private static async Task<string> PaymentCanceledAsync(ShopDbContext db, Order order)
    {
        if (order.Status != OrderStatus.Pending)
        {
            return Ignored(order);
        }

        // The order first, as for a payment.
        order.Cancel();
        await db.SaveChangesAsync(CancellationToken.None);
        await db.ReleaseAsync(order, CancellationToken.None);
        return "canceled, stock released";
    }

    private static string ChargeRefunded(Order order, Charge charge)
    {
        if (!charge.Refunded || !order.IsPaidFor)
        {
            return charge.Refunded ? Ignored(order) : "ignored: partial refund";
        }

        order.MarkRefunded();
        return "refunded";
    }

    private static string Ignored(Order order) => $"ignored: order {order.Id} is {order.Status.ToApiName()}";

    /// <summary>Stores the event and its effect on the order of <paramref name="paymentIntentId"/> in one transaction.</summary>
    private async Task<WebhookResult> RecordAsync(
        string eventId, string type, string? paymentIntentId, Func<ShopDbContext, Order, Task<string>> effect, CancellationToken ct)
    {
        var result = await dbFactory.InTransactionAsync<WebhookResult>(
            async db =>
            {
                var record = new ProcessedWebhookEvent
                {
                    EventId = eventId,
                    Type = type,
                    Outcome = "",
                    ProcessedAt = time.GetUtcNow().UtcDateTime,
                };
                db.ProcessedWebhookEvents.Add(record);
                try
                {
                    // Inserted first: a concurrent copy of this event waits here and then finds it taken.
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (Transactions.IsUniqueViolation(e))
                {
                    return new WebhookResult(WebhookStatus.Duplicate, "already processed");
                }

                var order = paymentIntentId is null
                    ? null
                    : await db.Orders.SingleOrDefaultAsync(o => o.PaymentIntentId == paymentIntentId, ct);
                record.Outcome = (paymentIntentId, order) switch
                {
                    (null, _) => "ignored: event type not handled",
                    (_, null) => "ignored: no order has this PaymentIntent",
                    _ => await effect(db, order),
                };
                await db.SaveChangesAsync(ct);
                var status = record.Outcome.StartsWith("ignored", StringComparison.Ordinal) ? WebhookStatus.Ignored : WebhookStatus.Applied;
                return new WebhookResult(status, record.Outcome);
            },
            ct);
        if (result.Value.Status == WebhookStatus.Applied)
        {
            statusFeed.Nudge();
        }

        return result.Value;
    }

    private sealed record SucceededPayment(string PaymentIntentId, long Amount, string Currency, DateTime PaidAt);

    private sealed class LatePaymentWithoutStockException(string idempotencyKey) : Exception("Too little stock for a late payment.")
    {
        public string IdempotencyKey { get; } = idempotencyKey;
    }
}
