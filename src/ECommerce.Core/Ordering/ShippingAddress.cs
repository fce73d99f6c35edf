using ECommerce.Core.Common;

namespace ECommerce.Core.Ordering;

/// <summary>Where an order goes; kept with the order as it was given at checkout.</summary>
public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country)
{
    public const int MaxLength = 100;

    /// <summary>The ISO 3166-1 alpha-2 codes of every country and territory.</summary>
    private static readonly HashSet<string> Countries = [.. """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
        JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
        MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
        RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
        TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

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
        if (!Countries.Contains(country))
        {
            errors["shipping_address.country"] = ["country must be an ISO 3166-1 alpha-2 code, such as US or DE."];
        }

        return errors.Count > 0 ? new ValidationFailure(errors) : new ShippingAddress(name, line1, line2, city, postalCode, country);
    }
}

/// <summary>An address as a client or a form sends it, every field possibly missing.</summary>
public sealed record ShippingAddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);
