using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace ECommerce.Core.Payments;

/// <summary>
/// Pays for an order with a test card when the shop runs without Stripe. It does what Stripe would:
/// it sends a signed <c>payment_intent.succeeded</c> or <c>payment_intent.payment_failed</c> event
/// through the same webhook handling a real payment goes through.
/// </summary>
public sealed class TestPayments(
    IDbContextFactory<ShopDbContext> dbFactory,
    TestPaymentGateway gateway,
    StripeWebhookHandler webhook,
    IOptions<PaymentOptions> options,
    TimeProvider time)
{
    public const string SucceedingCard = "4242424242424242";
    public const string DecliningCard = "4000000000000002";

    public async Task<Result<OrderView>> ConfirmAsync(int userId, string? paymentIntentId, string? cardNumber, CancellationToken ct = default)
    {
        var card = new string((cardNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        if (card is not (SucceedingCard or DecliningCard))
        {
            return ValidationFailure.For("card_number", $"Use the test card {SucceedingCard} (succeeds) or {DecliningCard} (declined).");
        }

        Order? order;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.PaymentIntentId == paymentIntentId && o.UserId == userId, ct);
        }

        if (order is null)
        {
            return new NotFoundFailure($"No order of yours has the payment {paymentIntentId}.");
        }

        if (order.Status != OrderStatus.Pending)
        {
            return new ConflictFailure($"Order {order.Id} is {order.Status.ToApiName()}; only pending orders can be paid.");
        }

        var succeeded = card == SucceedingCard;
        if (succeeded)
        {
            gateway.MarkSucceeded(order.PaymentIntentId!, order.Amount, order.Currency);
        }

        var payload = EventJson(order, succeeded);
        var signature = EventUtility.GenerateSignatureHeader(payload, options.Value.WebhookSecret!, time.GetUtcNow().ToUnixTimeSeconds());
        await webhook.HandleAsync(payload, signature, ct);

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            return OrderView.From(await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id, ct));
        }
    }

    private string EventJson(Order order, bool succeeded)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var intent = new JsonObject
        {
            ["id"] = order.PaymentIntentId,
            ["object"] = "payment_intent",
            ["amount"] = order.Amount,
            ["amount_received"] = succeeded ? order.Amount : 0,
            ["currency"] = order.Currency,
            ["client_secret"] = order.ClientSecret,
            ["created"] = created,
            ["livemode"] = false,
            ["metadata"] = new JsonObject { ["order_id"] = order.Id.ToString(CultureInfo.InvariantCulture) },
            ["status"] = succeeded ? "succeeded" : "requires_payment_method",
            ["last_payment_error"] = succeeded
                ? null
                : new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["message"] = "Your card was declined." },
        };
        var stripeEvent = new JsonObject
        {
            ["id"] = $"evt_test_{TestPaymentGateway.RandomToken(16)}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = succeeded ? EventTypes.PaymentIntentSucceeded : EventTypes.PaymentIntentPaymentFailed,
            ["data"] = new JsonObject { ["object"] = intent },
        };
        return stripeEvent.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
