using ECommerce.Core;
using ECommerce.Core.Data;
using ECommerce.Core.Payments;
using ECommerce.Web.Api;
using ECommerce.Web.Components;
using ECommerce.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacyEnvironmentNames();
builder.UseDefaultAddressUnlessConfigured();
if ((builder.EnsureSigningSecret(out var generatedSecret) ?? builder.CheckAdminPassword()) is { } startupProblem)
{
    Console.Error.WriteLine($"The shop cannot start: {startupProblem}");
    return 1;
}

builder.Services.AddShop(builder.Configuration);
builder.Services.AddJwtAuthentication(builder.Configuration);
builder.Services.AddAccountRateLimit(builder.Configuration);
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddShopProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddShopOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseHealthCheck.Tag]);
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.GetRequiredService<ShopDatabase>().InitializeAsync();
await app.EnsureAdminAccountAsync();
LogStartup(app, generatedSecret);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi();
app.MapScalarApiReference("/api/reference", options => options.WithTitle("ECommerce API"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseHealthCheck.Tag) });
app.MapAccountsApi();
app.MapCatalogApi();
app.MapCartApi();
app.MapOrdersApi();
app.MapAdminApi();
app.MapPaymentsApi();
app.MapRazorComponents<App>();

await app.RunAsync();
return 0;

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
    }
    else
    {
        app.Logger.LogInformation("Payments: offline test mode (no STRIPE_SECRET_KEY). Pay with card {Card} through POST /api/test-payments/confirm.", TestPayments.SucceedingCard);
    }
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
