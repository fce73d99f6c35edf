namespace ECommerce.Core.Payments;

/// <summary>Stripe settings (section <c>Stripe</c>; <c>STRIPE_*</c> environment variables also work).</summary>
public class PaymentOptions
{
    public const string Section = "Stripe";

    /// <summary>With no secret key the shop takes offline test payments instead of calling Stripe.</summary>
    public string? SecretKey { get; set; }

    public string? PublishableKey { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>Where Stripe.net sends its calls: a local stand-in of the Stripe API in tests.</summary>
    public string? ApiBase { get; set; }

    public bool UsesStripe => !string.IsNullOrWhiteSpace(SecretKey);
}
