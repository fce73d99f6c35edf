namespace ECommerce.Core.Payments;

/// <summary>
/// The smallest amount Stripe charges in each settlement currency, in minor units
/// (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). A PaymentIntent below it is refused.
/// </summary>
public static class MinimumCharge
{
    private static readonly Dictionary<string, long> ByCurrency = new(StringComparer.OrdinalIgnoreCase)
    {
        ["usd"] = 50, ["aed"] = 200, ["aud"] = 50, ["bgn"] = 100, ["brl"] = 50, ["cad"] = 50, ["chf"] = 50, ["czk"] = 1500,
        ["dkk"] = 250, ["eur"] = 50, ["gbp"] = 30, ["hkd"] = 400, ["huf"] = 17500, ["inr"] = 50, ["jpy"] = 50, ["mxn"] = 1000,
        ["myr"] = 200, ["nok"] = 300, ["nzd"] = 50, ["pln"] = 200, ["ron"] = 200, ["sek"] = 300, ["sgd"] = 50, ["thb"] = 1000,
    };

    /// <summary>The minimum for <paramref name="currency"/>; 50 minor units for a currency not in Stripe's list.</summary>
    public static long For(string currency) => ByCurrency.GetValueOrDefault(currency, 50);
}
