using System.Security.Cryptography;
using ECommerce.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Web.Hosting;

/// <summary>
/// Who is calling: the JSON API knows bearer tokens only, the pages know Identity's cookie only. The
/// default scheme picks one by path, so a browser's cookie never authorizes an <c>/api</c> call (the
/// API needs no antiforgery) and an API 401 never turns into a redirect to the sign-in page.
/// </summary>
public static class AuthenticationSetup
{
    private const string ByPath = "ApiTokenOrPageCookie";

    /// <summary>The cookie of a signed-in browser session (Identity's application cookie).</summary>
    public const string SessionCookie = "shop_session";

    public static bool IsApi(this PathString path) => path.StartsWithSegments("/api");

    /// <summary>The API and Stripe's webhook: called by programs, which read problem details and send no cookies.</summary>
    public static bool IsForPrograms(this PathString path) => path.IsApi() || path.StartsWithSegments("/webhook");
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

    public static IServiceCollection AddShopAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var authentication = services
            .AddAuthentication(ByPath)
            .AddPolicyScheme(ByPath, "API token or page cookie", options =>
                options.ForwardDefaultSelector = context => context.Request.Path.IsApi() ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme);
        authentication.AddJwtBearer(options =>
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
                        var aborted = context.HttpContext.RequestAborted;
                        try
                        {
                            if (!await tokens.IsCurrentAsync(context.Principal!, aborted))
                            {
                                context.Fail("The token was revoked: its account's password changed, or the account is gone.");
                            }
                        }
                        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                        {
                            // The client is gone: nobody reads the answer, and an error entry would only alarm.
                            context.Fail("The request was aborted.");
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
        AddPageCookies(services, authentication, environment);
        services.AddAuthorizationBuilder().AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    private static void AddPageCookies(IServiceCollection services, AuthenticationBuilder authentication, IHostEnvironment environment)
    {
        new IdentityBuilder(typeof(ShopUser), typeof(Microsoft.AspNetCore.Identity.IdentityRole<int>), services).AddSignInManager();
        // The cookie's principal carries the token's claim names, so one UserId() and one role check serve both.
        services.Configure<IdentityOptions>(options =>
        {
            options.ClaimsIdentity.UserIdClaimType = "sub";
            options.ClaimsIdentity.UserNameClaimType = "unique_name";
            options.ClaimsIdentity.RoleClaimType = "role";
        });
        // As with tokens, a changed password or a deleted account ends the browser sessions soon.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        authentication.AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(options =>
        {
            options.Cookie.Name = SessionCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.LoginPath = "/account/login";
            options.ReturnUrlParameter = "returnUrl";
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
            // A signed-in shopper on an admin page is refused, not sent to a page that would say so.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        }));
    }
}
