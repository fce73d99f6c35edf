using ECommerce.Core.Common;

namespace ECommerce.Core.Ordering;

/// <summary>Where an order goes; kept with the order as it was given at checkout.</summary>
public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country)
{
    public const int MaxLength = 100;

    /// <summary>
    /// The address of <paramref name="input"/>, trimmed and with the country in upper case, or the errors
    /// of its fields (named <c>shipping_address.city</c> and so on).
    /// </summary>
    public static Result<ShippingAddress> From(ShippingAddressInput input)
    {
        var errors = new Dictionary<string, string[]>();
        string Required(string field, string? value)
        {
            var text = value?.Trim() ?? "";
            if (text.Length == 0)
            {
                errors[$"shipping_address.{field}"] = [$"{field} is required."];
            }
            else if (text.Length > MaxLength)
            {
                errors[$"shipping_address.{field}"] = [$"{field} must be at most {MaxLength} characters."];
            }

            return text;
        }

        var name = Required("name", input.Name);
        var line1 = Required("line1", input.Line1);
        var line2 = string.IsNullOrWhiteSpace(input.Line2) ? null : input.Line2.Trim();
        if (line2 is { Length: > MaxLength })
        {
            errors["shipping_address.line2"] = [$"line2 must be at most {MaxLength} characters."];
        }

        var city = Required("city", input.City);
        var postalCode = Required("postal_code", input.PostalCode);
        var country = input.Country?.Trim().ToUpperInvariant() ?? "";
        if (!Countries.IsKnown(country))
        {
            errors["shipping_address.country"] = ["country must be an ISO 3166-1 alpha-2 code, such as US or DE."];
        }

        return errors.Count > 0 ? new ValidationFailure(errors) : new ShippingAddress(name, line1, line2, city, postalCode, country);
    }
}

/// <summary>An address as a client or a form sends it, every field possibly missing.</summary>
public sealed record ShippingAddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);
