namespace ECommerce.Core.Ordering;

/// <summary>Settings of checkout (section <c>Checkout</c>).</summary>
public class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How long a pending order holds its stock before it is canceled.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest <see cref="SweepInterval"/> a <see cref="PeriodicTimer"/> takes (2^32 - 2 ms), to the day.</summary>
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(49);

    /// <summary>How often the sweeper looks for expired orders.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many expired orders one sweep takes on.</summary>
    public int SweepBatchSize { get; set; } = 100;

    /// <summary>The longest the sweeper waits before trying again an order it could not settle.</summary>
    public TimeSpan MaxSweepDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many unpaid orders one account may hold at once, so nobody can reserve the whole shop.</summary>
    public int MaxPendingOrders { get; set; } = 5;
}
