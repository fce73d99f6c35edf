using System.Text;

namespace ECommerce.Core.Accounts;

/// <summary>How API tokens are signed and checked (section <c>Jwt</c>; <c>HMAC_SECRET</c> also sets the secret).</summary>
public class JwtOptions
{
    public const string Section = "Jwt";

    public const int MinimumSecretBytes = 32;

    public string Secret { get; set; } = "";

    public string Issuer { get; set; } = "ecommerce";

    public string Audience { get; set; } = "ecommerce-api";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    public byte[] SecretBytes => Encoding.UTF8.GetBytes(Secret);
}
