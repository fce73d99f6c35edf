using ECommerce.Core.Payments;

namespace ECommerce.Web.Hosting;

public static class PaymentMode
{
    /// <summary>Offline test payments ship goods nobody paid for, so Production takes them only when told to.</summary>
    public const string AllowTestPayments = "Payments:AllowTestPayments";

    /// <summary>
    /// Fails closed: without a Stripe key (a typo, an empty variable) Production refuses to start unless
    /// <see cref="AllowTestPayments"/> is true; other environments allow offline test payments by default.
    /// </summary>
    /// <returns>The problem that stops the app from starting, or null.</returns>
    public static string? EnsurePaymentsAreTakenOnPurpose(this WebApplicationBuilder builder)
    {
        var payments = builder.Configuration.GetSection(PaymentOptions.Section).Get<PaymentOptions>() ?? new PaymentOptions();
        if (payments.UsesStripe || builder.Configuration.GetValue(AllowTestPayments, !builder.Environment.IsProduction()))
        {
            return null;
        }

        return "STRIPE_SECRET_KEY (or Stripe:SecretKey) is not set, so every payment would be an offline test payment. "
            + $"Set the Stripe key, or set {AllowTestPayments} (Payments__AllowTestPayments) to true if this shop is meant to take test payments.";
    }
}
