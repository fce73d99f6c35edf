using System.Globalization;

namespace ECommerce.Web.Components;

/// <summary>
/// A whole number as a static form or a query string carries it. Pages bind such values as text and read
/// them here: a number bound directly turns "abc" into a silent default (a form) or a 500 (a query).
/// </summary>
public static class FormNumber
{
    /// <summary>Digits only (no sign, spaces or exponent) that fit an int.</summary>
    public static bool TryRead(string? text, out int number) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
