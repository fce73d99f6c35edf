namespace ECommerce.Core.Ordering;

/// <summary>Settings of checkout (section <c>Checkout</c>).</summary>
public class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How long a pending order holds its stock before it is canceled.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the sweeper looks for expired orders.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
