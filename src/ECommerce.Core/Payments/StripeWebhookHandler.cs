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
    IOptions<PaymentOptions> options,
    TimeProvider time,
    ILogger<StripeWebhookHandler> logger)
{
    /// <summary>Stripe's default: a signature older than five minutes is refused.</summary>
    public const long ToleranceSeconds = 300;

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

    private async Task<WebhookResult> ApplyAsync(Event stripeEvent, CancellationToken ct)
    {
        switch (stripeEvent.Type, stripeEvent.Data?.Object)
        {
            case (EventTypes.PaymentIntentSucceeded, PaymentIntent intent):
                return await PaymentSucceededAsync(stripeEvent, intent, ct);
            case (EventTypes.PaymentIntentPaymentFailed, PaymentIntent intent):
                return await RecordAsync(stripeEvent, intent.Id, (_, order) => Task.FromResult(PaymentFailed(order, intent)), ct);
            case (EventTypes.PaymentIntentCanceled, PaymentIntent intent):
                return await RecordAsync(stripeEvent, intent.Id, PaymentCanceledAsync, ct);
            case (EventTypes.ChargeRefunded, Charge charge):
                return await RecordAsync(stripeEvent, charge.PaymentIntentId, (_, order) => Task.FromResult(ChargeRefunded(order, charge)), ct);
            default:
                return await RecordAsync(stripeEvent, null, (_, _) => throw new UnreachableException(), ct);
        }
    }

    private async Task<WebhookResult> PaymentSucceededAsync(Event stripeEvent, PaymentIntent intent, CancellationToken ct)
    {
        try
        {
            return await RecordAsync(stripeEvent, intent.Id, (db, order) => PaymentSucceededAsync(db, order, intent, stripeEvent.Created, ct), ct);
        }
        catch (LatePaymentWithoutStockException late)
        {
            // The reservation had expired and the stock is gone: give the money back, then record the refund.
            try
            {
                await gateway.RefundAsync(intent.Id, $"refund-{late.IdempotencyKey}", ct);
            }
            catch (PaymentGatewayException e)
            {
                logger.LogError(e, "Refunding the late payment {PaymentIntentId} failed; Stripe will deliver the event again.", intent.Id);
                return new WebhookResult(WebhookStatus.RetryLater, $"The refund of a late payment failed: {e.Message}");
            }

            return await RecordAsync(stripeEvent, intent.Id, (_, order) => Task.FromResult(RefundLatePayment(order)), ct);
        }
    }

    private static async Task<string> PaymentSucceededAsync(ShopDbContext db, Order order, PaymentIntent intent, DateTime paidAt, CancellationToken ct)
    {
        if (order.IsPaidFor || order.Status == OrderStatus.Refunded)
        {
            return Ignored(order);
        }

        if (intent.Amount != order.Amount || !string.Equals(intent.Currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            order.FlagForReview($"Stripe reported a payment of {intent.Amount} {intent.Currency}; the order is {order.Amount} {order.Currency}.");
            return "flagged for review: amount or currency differs from the order";
        }

        if (order.Status == OrderStatus.Pending)
        {
            await db.SellReservedAsync(order, ct);
            order.MarkPaid(paidAt);
            return "paid";
        }

        if (!await db.TrySellAsync(order, ct))
        {
            throw new LatePaymentWithoutStockException(order.IdempotencyKey);
        }

        order.MarkPaid(paidAt);
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

        order.Cancel();
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
        Event stripeEvent, string? paymentIntentId, Func<ShopDbContext, Order, Task<string>> effect, CancellationToken ct)
    {
        var result = await dbFactory.InTransactionAsync<WebhookResult>(
            async db =>
            {
                var record = new ProcessedWebhookEvent
                {
                    EventId = stripeEvent.Id,
                    Type = stripeEvent.Type,
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
        return result.Value;
    }

    private sealed class LatePaymentWithoutStockException(string idempotencyKey) : Exception("Too little stock for a late payment.")
    {
        public string IdempotencyKey { get; } = idempotencyKey;
    }
}
