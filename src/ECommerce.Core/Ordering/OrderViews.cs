namespace ECommerce.Core.Ordering;

public sealed record OrderLineView(int ProductId, string Name, long UnitPrice, int Quantity, long LineTotal);

public sealed record OrderView(
    int Id,
    string Status,
    long Amount,
    string Currency,
    DateTime CreatedAt,
    DateTime? PaidAt,
    string? PaymentIntentId,
    IReadOnlyList<OrderLineView> Items,
    string? LastPaymentError,
    bool NeedsReview,
    ShippingAddress? ShippingAddress,
    int UserId)
{
    public static OrderView From(Order order) => new(
        order.Id,
        order.Status.ToApiName(),
        order.Amount,
        order.Currency,
        order.CreatedAt,
        order.PaidAt,
        order.PaymentIntentId,
        [.. order.Lines.Select(l => new OrderLineView(l.ProductId, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))],
        order.LastPaymentError,
        order.NeedsReview,
        order.ShippingAddress,
        order.UserId);
}

/// <summary>An order as the back office lists it: with the username of the account that placed it.</summary>
public sealed record AdminOrderView(OrderView Order, string Username);

/// <summary>What checkout answers: the pending order and what the browser needs to pay for it.</summary>
public sealed record CheckoutView(int OrderId, string Status, long Amount, string Currency, string ClientSecret, string PaymentIntentId);

/// <summary>
/// An order as its payment step sees it. <see cref="Version"/> changes with every change of the order
/// (what <see cref="OrderStatusFeed"/> compares); the PaymentIntent and its client secret are there only
/// while the order is pending, that is, while it can be paid.
/// </summary>
public sealed record OrderPaymentView(
    int OrderId, string Status, int Version, long Amount, string Currency, string? PaymentIntentId, string? ClientSecret, string? LastPaymentError)
{
    public bool CanBePaid => ClientSecret is not null;
}
