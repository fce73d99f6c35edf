namespace ECommerce.Core.Ordering;

/// <summary>placing → pending → paid → shipped; pending → canceled; paid/shipped → refunded.</summary>
public enum OrderStatus
{
    /// <summary>Checkout holds the stock and is creating the PaymentIntent; nothing else may touch the order yet.</summary>
    Placing,
    Pending,
    Paid,
    Shipped,
    Canceled,
    Refunded,
}

public static class OrderStatusNames
{
    /// <summary>The contract's name; an order still placing is <c>pending</c> to clients (with no PaymentIntent yet).</summary>
    public static string ToApiName(this OrderStatus status) =>
        status == OrderStatus.Placing ? "pending" : status.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out OrderStatus status) =>
        Enum.TryParse(name, ignoreCase: true, out status) && status != OrderStatus.Placing && Enum.IsDefined(status) && !int.TryParse(name, out _);
}
