using System.Globalization;

namespace ECommerce.Core.Common;

/// <summary>Amounts in a currency's minor unit (cents), as the shop stores them, written for people.</summary>
public static class Money
{
    /// <summary>Currencies without a minor unit: 50 JPY is ¥50, not ¥0.50 (Stripe's list).</summary>
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    /// <summary><c>Format(1250, "usd")</c> is <c>12.50 USD</c>.</summary>
    public static string Format(long minorUnits, string currency) => ZeroDecimal.Contains(currency)
        ? string.Create(CultureInfo.InvariantCulture, $"{minorUnits} {currency.ToUpperInvariant()}")
        : string.Create(CultureInfo.InvariantCulture, $"{minorUnits / 100m:0.00} {currency.ToUpperInvariant()}");
}
