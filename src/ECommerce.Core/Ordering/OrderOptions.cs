namespace ECommerce.Core.Ordering;

/// <summary>Settings of orders after checkout (section <c>Orders</c>).</summary>
public class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// How often <see cref="OrderStatusFeed"/> reads the watched orders, so a change made by another
    /// app instance reaches this one's watchers within it.
    /// </summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
