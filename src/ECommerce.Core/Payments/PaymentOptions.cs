namespace ECommerce.Core.Payments;

/// <summary>Stripe settings (section <c>Stripe</c>; <c>STRIPE_*</c> environment variables also work).</summary>
public class PaymentOptions
{
    public const string Section = "Stripe";

    /// <summary>With no secret key the shop takes offline test payments instead of calling Stripe.</summary>
    public string? SecretKey { get; set; }

    public string? PublishableKey { get; set; }

    /// <summary>Where the checkout page loads Stripe.js from: Stripe's own address, or a stand-in in browser tests.</summary>
    public string JsUrl { get; set; } = "https://js.stripe.com/v3/";

    public string? WebhookSecret { get; set; }

    /// <summary>Where Stripe.net sends its calls: a local stand-in of the Stripe API in tests.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The longest any one call to Stripe may take, the SDK's retries included; past it, Stripe counts as down.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long applied events are remembered as applied; never less than Stripe's three days of retries.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(30);

    public bool UsesStripe => !string.IsNullOrWhiteSpace(SecretKey);
}
