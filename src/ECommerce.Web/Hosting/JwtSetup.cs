using System.Security.Cryptography;
using ECommerce.Core.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Web.Hosting;

public static class JwtSetup
{
    /// <summary>
    /// Makes sure tokens are signed with a strong secret: in Production a missing or short
    /// <c>HMAC_SECRET</c> is an error (the message says so); elsewhere one is made up for this run.
    /// </summary>
    /// <returns>The problem that stops the app from starting, or null.</returns>
    public static string? EnsureSigningSecret(this WebApplicationBuilder builder, out bool generated)
    {
        generated = false;
        var secret = builder.Configuration[$"{JwtOptions.Section}:Secret"] ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(secret) >= JwtOptions.MinimumSecretBytes)
        {
            return null;
        }

        if (builder.Environment.IsProduction())
        {
            return $"HMAC_SECRET (or Jwt:Secret) must be set to at least {JwtOptions.MinimumSecretBytes} bytes to sign API tokens; "
                + "generate one with: openssl rand -base64 48";
        }

        builder.Configuration[$"{JwtOptions.Section}:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        generated = true;
        return null;
    }

    public static IServiceCollection AddJwtAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(jwt.SecretBytes),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "unique_name",
                    RoleClaimType = "role",
                };
                options.Events = new JwtBearerEvents
                {
                    // A password change (or a deleted account) ends the tokens issued before it, not 12 hours later.
                    OnTokenValidated = async context =>
                    {
                        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenIssuer>();
                        if (!await tokens.IsCurrentAsync(context.Principal!, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The token was revoked: its account's password changed, or the account is gone.");
                        }
                    },
                };
            });
        // Token lifetimes are checked against the app's TimeProvider, the clock that issued them.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((options, time) =>
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && now < end + parameters.ClockSkew && (notBefore is not { } start || start - parameters.ClockSkew <= now);
            });
        services.AddAuthorizationBuilder().AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }
}
