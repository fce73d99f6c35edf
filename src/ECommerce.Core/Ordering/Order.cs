using System.Security.Cryptography;

namespace ECommerce.Core.Ordering;

/// <summary>
/// An order and its payment state. The status only changes through the methods below, each
/// guarded by the state machine of the contract; <see cref="Version"/> makes every change a
/// compare-and-swap, so two writers (a webhook and the expiry sweeper, say) never both win.
/// </summary>
public class Order
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Transitions = new()
    {
        // A checkout that failed at the payment provider is undone (the order deleted), not moved.
        [OrderStatus.Placing] = [OrderStatus.Pending],
        [OrderStatus.Pending] = [OrderStatus.Paid, OrderStatus.Canceled],
        // A payment that succeeds after the reservation expired is either accepted or refunded.
        [OrderStatus.Canceled] = [OrderStatus.Paid, OrderStatus.Refunded],
        [OrderStatus.Paid] = [OrderStatus.Shipped, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.Refunded],
        [OrderStatus.Refunded] = [],
    };

    private readonly List<OrderLine> _lines = [];

    private Order()
    {
    }

    public int Id { get; private set; }

    public int UserId { get; private set; }

    public OrderStatus Status { get; private set; }

    public long Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? PaidAt { get; private set; }

    public string? PaymentIntentId { get; private set; }

    public string? ClientSecret { get; private set; }

    /// <summary>Random part of the idempotency key, so a reused order id never replays another order's answer.</summary>
    public string PaymentNonce { get; private set; } = "";

    public string? LastPaymentError { get; private set; }

    /// <summary>Where the order goes; null for an order placed over the API without one (digital goods).</summary>
    public ShippingAddress? ShippingAddress { get; private set; }

    public bool NeedsReview { get; private set; }

    /// <summary>How many times in a row the expiry sweeper failed to settle this order with the payment provider.</summary>
    public int SweepFailures { get; private set; }

    /// <summary>When the sweeper may try this order again after a failure; null when it has not failed.</summary>
    public DateTime? NextSweepAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>The shop holds the customer's money for this order.</summary>
    public bool IsPaidFor => HoldsPayment(Status);

    /// <summary>The key sent with the order's PaymentIntent requests: the order id plus a nonce never used before.</summary>
    public string IdempotencyKey => $"order-{Id}-{PaymentNonce}";

    public static Order Place(int userId, string currency, IEnumerable<OrderLine> lines, DateTime now, ShippingAddress? shippingAddress = null)
    {
        var order = new Order
        {
            UserId = userId,
            ShippingAddress = shippingAddress,
            Status = OrderStatus.Placing,
            Currency = currency,
            CreatedAt = now,
            PaymentNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
        };
        order._lines.AddRange(lines);
        if (order._lines.Count == 0 || order._lines.Any(l => l.Quantity < 1 || l.UnitPrice < 0))
        {
            throw new ArgumentException("An order needs at least one line, each with a positive quantity.", nameof(lines));
        }

        order.Amount = order._lines.Sum(l => l.LineTotal);
        return order;
    }

    public bool CanMoveTo(OrderStatus target) => Transitions[Status].Contains(target);

    /// <summary>An order in <paramref name="status"/> can be shipped.</summary>
    public static bool CanShip(OrderStatus status) => Transitions[status].Contains(OrderStatus.Shipped);

    /// <summary>The shop holds the customer's money for an order in <paramref name="status"/>: it can be refunded.</summary>
    public static bool HoldsPayment(OrderStatus status) => status is OrderStatus.Paid or OrderStatus.Shipped;

    /// <summary>The payment succeeded: pending → paid, or canceled → paid once the stock was taken again.</summary>
    public void MarkPaid(DateTime at)
    {
        MoveTo(OrderStatus.Paid);
        PaidAt = at;
        LastPaymentError = null;
    }

    public void Cancel() => MoveTo(OrderStatus.Canceled);

    public void Ship() => MoveTo(OrderStatus.Shipped);

    /// <summary>
    /// The money went back: from paid or shipped, or from canceled when a late payment could not be
    /// honoured, so it was refunded at once.
    /// </summary>
    public void MarkRefunded() => MoveTo(OrderStatus.Refunded);

    public void RecordPaymentError(string message)
    {
        LastPaymentError = message;
        Version++;
    }

    /// <summary>Something about the payment does not add up; a person has to look before anything else happens.</summary>
    public void FlagForReview(string reason)
    {
        NeedsReview = true;
        LastPaymentError = reason;
        Version++;
    }

    /// <summary>
    /// The sweeper could not reach a decision with the payment provider: try again later, waiting
    /// twice as long after each failure (one minute, then two, ... up to <paramref name="maxDelay"/>).
    /// </summary>
    public void DeferSweep(DateTime now, TimeSpan maxDelay)
    {
        SweepFailures++;
        var delay = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(SweepFailures - 1, 20)));
        NextSweepAt = now + (delay < maxDelay ? delay : maxDelay);
        Version++;
    }

    private void MoveTo(OrderStatus target)
    {
        if (!CanMoveTo(target))
        {
            throw new OrderStateException($"Order {Id} is {Status.ToApiName()} and cannot become {target.ToApiName()}.");
        }

        Status = target;
        Version++;
    }
}

public sealed class OrderStateException(string message) : InvalidOperationException(message);
