namespace ECommerce.Core.Ordering;

/// <summary>pending → paid → shipped; pending → canceled; paid/shipped → refunded.</summary>
public enum OrderStatus
{
    Pending,
    Paid,
    Shipped,
    Canceled,
    Refunded,
}

public static class OrderStatusNames
{
    public static string ToApiName(this OrderStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out OrderStatus status) =>
        Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(name, out _);
}
