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

    /// <summary>
    /// Reads an amount a person typed in the currency's major unit: <c>"12.50"</c> in usd is 1250, exactly
    /// (decimal, never floating point). Refuses signs, letters, and more decimals than the currency has
    /// (<c>"12.345"</c> usd, <c>"5.5"</c> jpy), and commas: <c>"12,50"</c> might mean 12.50 or 1250.
    /// </summary>
    public static bool TryParse(string? text, string currency, out long minorUnits)
    {
        minorUnits = 0;
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var perMajorUnit = ZeroDecimal.Contains(currency) ? 1m : 100m;
        if (amount > long.MaxValue / perMajorUnit)
        {
            return false;
        }

        var minor = amount * perMajorUnit;
        if (minor != decimal.Truncate(minor))
        {
            return false;
        }

        minorUnits = (long)minor;
        return true;
    }

    /// <summary>The amount as <see cref="TryParse"/> reads it back: <c>1250</c> usd is <c>12.50</c>, with no symbol or separators.</summary>
    public static string ToInput(long minorUnits, string currency) => ZeroDecimal.Contains(currency)
        ? minorUnits.ToString(CultureInfo.InvariantCulture)
        : (minorUnits / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["usd"] = "$", ["eur"] = "€", ["gbp"] = "£", ["jpy"] = "¥", ["cad"] = "CA$", ["aud"] = "A$", ["nzd"] = "NZ$", ["inr"] = "₹",
    };

    /// <summary>For a page: <c>Display(99999, "usd")</c> is <c>$999.99</c>; a currency without a symbol here reads as <see cref="Format"/>.</summary>
    public static string Display(long minorUnits, string currency)
    {
        if (!Symbols.TryGetValue(currency, out var symbol))
        {
            return Format(minorUnits, currency);
        }

        var amount = ZeroDecimal.Contains(currency)
            ? minorUnits.ToString("#,0", CultureInfo.InvariantCulture)
            : (minorUnits / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);
        return amount.StartsWith('-') ? $"-{symbol}{amount[1..]}" : symbol + amount;
    }
}
