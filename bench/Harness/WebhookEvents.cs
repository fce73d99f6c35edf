using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Bench;

/// <summary>
/// Writes a signed <c>payment_intent.succeeded</c> event for every pending order with a PaymentIntent (the
/// orders the checkout scenario made), one a line: the Stripe-Signature header, a tab, the payload.
/// </summary>
public static class WebhookEvents
{
    public static async Task<int> RunAsync(Options options)
    {
        await using var db = await ShopData.Factory(options).CreateDbContextAsync();
        var orders = await db.Orders
            .Where(o => o.Status == OrderStatus.Pending && o.PaymentIntentId != null)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.PaymentIntentId, o.Amount, o.Currency })
            .ToListAsync();
        var secret = options["webhook-secret"];
        await File.WriteAllLinesAsync(options["out"], orders.Select(order =>
        {
            var payload = StripeEvents.PaymentIntentEvent(
                "payment_intent.succeeded", $"evt_bench_{order.Id}", order.PaymentIntentId!, order.Amount, order.Currency, "succeeded",
                orderId: order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return $"{StripeEvents.Sign(payload, secret)}\t{payload}";
        }));
        Console.WriteLine($"events={orders.Count}");
        return 0;
    }
}
