using ECommerce.Core;
using ECommerce.Core.Data;
using ECommerce.Core.Payments;
using ECommerce.Web.Api;
using ECommerce.Web.Components;
using ECommerce.Web.Components.Account;
using ECommerce.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacyEnvironmentNames();
builder.UseDefaultAddressUnlessConfigured();
// Every problem of the configuration at once, so that one fix-and-restart is enough.
string[] configurationProblems = [.. new[]
{
    builder.EnsureSigningSecret(out var generatedSecret),
    builder.CheckAdminPassword(),
    builder.EnsurePaymentsAreTakenOnPurpose(),
    builder.TrustProxiesInKnownNetworks(),
}.OfType<string>()];
if (configurationProblems.Length > 0)
{
    return CannotStart(configurationProblems);
}

builder.Services.AddShop(builder.Configuration);
builder.Services.AddShopAuthentication(builder.Configuration, builder.Environment);
// In the database, so a cookie or form made by one instance of the shop is read by any other.
builder.Services.AddDataProtection().SetApplicationName("ECommerce").PersistKeysToDbContext<ShopDbContext>();
builder.Services.AddShopRateLimits(builder.Configuration);
builder.Services.AddCatalogCaching(builder.Configuration);
builder.Services.AddShopStaticAssets();
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddShopProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddShopOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseHealthCheck.Tag]);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, CircuitAuthentication>();
builder.Services.AddMudServices();

var app = builder.Build();

if (await app.Services.GetRequiredService<ShopDatabase>().InitializeAsync() is { } databaseProblem)
{
    return CannotStart([databaseProblem]);
}

await app.EnsureAdminAccountAsync();
LogStartup(app, generatedSecret);

app.UseForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseExceptionHandler();
// Before the status pages, compression and sign-in: a cached answer (always a 200) is kept as it was sent, compressed
// once for each encoding, and served without that work; the catalog's policies tell a signed-in visitor by the session cookie.
app.UseOutputCache();
// Problem details for the API; the shop's own page for everything else (the API opts out below).
app.UseStatusCodePages();
app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
app.UseStatusCodePagesOnlyForPages();
app.UseResponseCompression();
app.UseShopStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
// After authentication: the checkout budget belongs to the signed-in account.
app.UseRateLimiter();
app.UseCrossOriginProtection();
app.UseAntiforgery();

app.MapThemeStylesheet();
app.MapOpenApi();
app.MapScalarApiReference("/api/reference", options => options.WithTitle("ECommerce API"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseHealthCheck.Tag) });
app.MapAccountsApi();
app.MapAccountEndpoints();
app.MapCatalogApi();
app.MapCartApi();
app.MapOrdersApi();
app.MapAdminApi();
app.MapPaymentsApi();
// The one Content-Security-Policy is SecurityHeaders' (with frame-ancestors 'none'), not a second one of Blazor's.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();
return 0;

static int CannotStart(IEnumerable<string> problems)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"The shop cannot start: {problem}");
    }

    return 1;
}

static void LogStartup(WebApplication app, bool generatedSecret)
{
    if (generatedSecret)
    {
        app.Logger.LogWarning("HMAC_SECRET is not set: signing API tokens with a random secret for this run only ({Environment}).", app.Environment.EnvironmentName);
    }

    var payments = app.Services.GetRequiredService<IOptions<PaymentOptions>>().Value;
    if (payments.UsesStripe)
    {
        app.Logger.LogInformation("Payments: Stripe{ApiBase}.", payments.ApiBase is { Length: > 0 } apiBase ? $" at {apiBase}" : "");
        if (string.IsNullOrEmpty(payments.WebhookSecret))
        {
            app.Logger.LogWarning("STRIPE_WEBHOOK_SECRET is not set: every call to /webhook will be refused.");
        }

        if (string.IsNullOrEmpty(payments.PublishableKey))
        {
            app.Logger.LogWarning("STRIPE_PUBLISHABLE_KEY is not set: the order pages cannot show Stripe's Payment Element, so shoppers cannot pay in the browser.");
        }
    }
    else
    {
        app.Logger.Log(
            app.Environment.IsProduction() ? LogLevel.Warning : LogLevel.Information,
            "Payments: offline test mode (no STRIPE_SECRET_KEY). Pay with card {Card} through POST /api/test-payments/confirm.",
            TestPayments.SucceedingCard);
    }
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
