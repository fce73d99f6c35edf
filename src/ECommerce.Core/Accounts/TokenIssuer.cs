using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Core.Accounts;

/// <summary>
/// Issues the HS256 bearer tokens of the JSON API, each tied to its user's Identity security stamp,
/// which Identity renews when the password changes: that ends every token issued before.
/// </summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider time, IDbContextFactory<ShopDbContext> dbFactory)
{
    /// <summary>The claim that carries <see cref="StampDigest"/> of the user's security stamp.</summary>
    public const string StampClaim = "stamp";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// The account's security stamp ("" for none), or null when the account is gone. Compiled, as it runs for every API
    /// call with a token: EF skips building the query's expression, extracting its parameters and the cache lookup.
    /// Not static: a compiled query serves the one model it first ran with, and a process may host several shops.
    /// </summary>
    private readonly Func<ShopDbContext, int, CancellationToken, Task<string?>> _stampOf = EF.CompileAsyncQuery(
        (ShopDbContext db, int userId, CancellationToken ct) => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp ?? "").SingleOrDefault());

    public TokenView Issue(ShopUser user, IEnumerable<string> roles)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + jwt.Lifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.UniqueName, user.UserName!),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(StampClaim, StampDigest(user.SecurityStamp)),
        };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(jwt.SecretBytes), SecurityAlgorithms.HmacSha256),
        });
        return new TokenView(token, "Bearer", expires);
    }

    /// <summary>True when the signed, unexpired token's user still exists and its security stamp is the one the token carries.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal token, CancellationToken ct)
    {
        if (!int.TryParse(token.FindFirstValue(JwtRegisteredClaimNames.Sub), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await _stampOf(db, userId, ct) is { } stamp && token.FindFirstValue(StampClaim) == StampDigest(stamp);
    }

    /// <summary>A digest, not the stamp itself: Identity derives one-time codes from the stamp, and anyone holding a token can read it.</summary>
    public static string StampDigest(string? securityStamp) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")));
}
