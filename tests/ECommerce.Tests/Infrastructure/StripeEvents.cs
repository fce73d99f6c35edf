#nullable enable

using System.Text.Json.Nodes;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// Builds Stripe webhook event payloads and their <c>Stripe-Signature</c> header for tests. The
/// payloads parse with <c>Stripe.EventUtility.ConstructEvent(json, header, secret, ...)</c> into a
/// <see cref="Stripe.Event"/> whose <c>Data.Object</c> is a <see cref="Stripe.PaymentIntent"/> or a
/// <see cref="Stripe.Charge"/>.
/// </summary>
public static class StripeEvents
{
    /// <summary>The API version that Stripe.net 53.1.0 expects (<c>Stripe.ApiVersion.Current</c>).</summary>
    public const string DefaultApiVersion = "2026-10-28.endive";

    /// <summary>
    /// A <c>payment_intent.*</c> event (e.g. <c>payment_intent.succeeded</c>,
    /// <c>payment_intent.payment_failed</c>). With <paramref name="lastPaymentErrorMessage"/> the
    /// intent carries a <c>last_payment_error</c> of type <c>card_error</c>, code
    /// <c>card_declined</c>; with <paramref name="orderId"/> its metadata holds <c>order_id</c>.
    /// </summary>
    public static string PaymentIntentEvent(
        string type,
        string eventId,
        string paymentIntentId,
        long amount,
        string currency,
        string status,
        string? lastPaymentErrorMessage = null,
        string? orderId = null,
        string apiVersion = DefaultApiVersion)
    {
        var metadata = new JsonObject();
        if (orderId is not null)
        {
            metadata["order_id"] = orderId;
        }

        var lastPaymentError = lastPaymentErrorMessage is null
            ? null
            : new JsonObject
            {
                ["type"] = "card_error",
                ["code"] = "card_declined",
                ["decline_code"] = "generic_decline",
                ["message"] = lastPaymentErrorMessage,
            };

        var paymentIntent = new JsonObject
        {
            ["id"] = paymentIntentId,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = status == "succeeded" ? amount : 0,
            ["automatic_payment_methods"] = new JsonObject { ["enabled"] = true },
            ["canceled_at"] = null,
            ["capture_method"] = "automatic",
            ["client_secret"] = $"{paymentIntentId}_secret_test",
            ["confirmation_method"] = "automatic",
            ["created"] = Now(),
            ["currency"] = currency,
            ["last_payment_error"] = lastPaymentError,
            ["latest_charge"] = status == "succeeded" ? ChargeId(paymentIntentId) : null,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["payment_method"] = null,
            ["status"] = status,
        };
        return Envelope(type, eventId, apiVersion, paymentIntent);
    }

    /// <summary>
    /// A <c>charge.refunded</c> event for the charge of <paramref name="paymentIntentId"/>;
    /// <c>refunded</c> is true when <paramref name="amountRefunded"/> ≥ <paramref name="amount"/>.
    /// </summary>
    public static string ChargeRefundedEvent(
        string eventId,
        string paymentIntentId,
        long amount,
        long amountRefunded,
        string currency,
        string apiVersion = DefaultApiVersion)
    {
        var charge = new JsonObject
        {
            ["id"] = ChargeId(paymentIntentId),
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = amountRefunded,
            ["captured"] = true,
            ["created"] = Now(),
            ["currency"] = currency,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["paid"] = true,
            ["payment_intent"] = paymentIntentId,
            ["refunded"] = amountRefunded >= amount,
            ["status"] = "succeeded",
        };
        return Envelope("charge.refunded", eventId, apiVersion, charge);
    }

    /// <summary>
    /// The <c>Stripe-Signature</c> header value (<c>t=…,v1=…</c>) for <paramref name="payload"/>,
    /// signed with <paramref name="secret"/> at <paramref name="at"/> (default: now). A
    /// <see cref="DateTimeKind.Unspecified"/> time is taken as UTC.
    /// </summary>
    public static string Sign(string payload, string secret, DateTime? at = null)
    {
        long? timestamp = at is { } time
            ? new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc))
                .ToUnixTimeSeconds()
            : null;
        return Stripe.EventUtility.GenerateSignatureHeader(payload, secret, timestamp);
    }

    private static string Envelope(string type, string eventId, string apiVersion, JsonObject dataObject) =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = Now(),
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();

    private static string ChargeId(string paymentIntentId) =>
        "ch_" + (paymentIntentId.StartsWith("pi_", StringComparison.Ordinal) ? paymentIntentId[3..] : paymentIntentId);

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
