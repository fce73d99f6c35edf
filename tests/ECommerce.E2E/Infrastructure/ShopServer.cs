using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.E2E.Infrastructure;

public enum ShopDatabase
{
    Sqlite,
    MariaDb,
}

public enum ShopPayments
{
    /// <summary>No Stripe key: the shop's offline test-card form.</summary>
    Offline,

    /// <summary>Stripe keys set; the Stripe API and Stripe.js are local stand-ins.</summary>
    Stripe,
}

/// <summary>
/// The real app listening on a real port of 127.0.0.1 (Kestrel, real clock), on a database of its own,
/// with a headless Chromium to drive it. One per test class: pick a flavour below, e.g.
/// <c>IClassFixture&lt;SqliteOfflineShop&gt;</c>, and give each test a context of its own (<see cref="BrowserTest"/>).
/// </summary>
public abstract class ShopServer(ShopDatabase database, ShopPayments payments) : IAsyncLifetime
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password-for-e2e";
    public const string WebhookSecret = "whsec_e2e_secret";
    public const string PublishableKey = "pk_test_standin";

    /// <summary>The password of the shoppers' accounts the tests make.</summary>
    public const string ShopperPassword = "password123";

    /// <summary>The JSON API's conventions (snake_case), for reading its answers into Core's views.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"ecommerce-e2e-{Guid.NewGuid():N}.db");
    private Chromium? _chromium;
    private KestrelApp? _app;
    private StripeStandIn? _stripe;
    private StripeJsStandIn? _stripeJs;

    public ShopDatabase Database { get; } = database;

    public ShopPayments Payments { get; } = payments;

    /// <summary>The app's origin, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _chromium!.Browser;

    public IServiceProvider Services => _app!.Services;

    /// <summary>The Stripe API stand-in (Stripe mode only): PaymentIntents, refunds, injected failures.</summary>
    public StripeStandIn Stripe => _stripe ?? throw new InvalidOperationException("This shop takes offline test payments: it has no Stripe stand-in.");

    /// <summary>Stripe.js and Stripe's webhook (Stripe mode only): the Payment Element, confirms, delayed events.</summary>
    public StripeJsStandIn StripeJs => _stripeJs ?? throw new InvalidOperationException("This shop takes offline test payments: it has no Stripe.js stand-in.");

    public async Task InitializeAsync()
    {
        // Side by side: each takes seconds.
        var browser = Task.Run(async () => _chromium = await Chromium.LaunchAsync());
        var app = Task.Run(StartAppAsync);
        try
        {
            await Task.WhenAll(browser, app);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAppAsync()
    {
        var settings = await DatabaseSettingsAsync();
        settings["Jwt:Secret"] = "an-e2e-secret-of-at-least-thirty-two-bytes";
        settings["Admin:Username"] = AdminUsername;
        settings["Admin:Password"] = AdminPassword;
        settings["RateLimiting:PermitsPerMinute"] = "0";
        settings["RateLimiting:CheckoutsPerMinute"] = "0";
        settings["Stripe:WebhookSecret"] = WebhookSecret;
        settings["Logging:LogLevel:Default"] = "Warning";
        if (Payments == ShopPayments.Stripe)
        {
            _stripe = await StripeStandIn.StartAsync();
            _stripeJs = await StripeJsStandIn.StartAsync(_stripe, WebhookSecret);
            settings["Stripe:SecretKey"] = "sk_test_standin";
            settings["Stripe:PublishableKey"] = PublishableKey;
            settings["Stripe:ApiBase"] = _stripe.BaseUrl;
            settings["Stripe:JsUrl"] = _stripeJs.ScriptUrl;
        }

        Configure(settings);
        _app = new KestrelApp(settings);
        _app.UseKestrel(0);
        _app.StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseUrl = address.TrimEnd('/');
        _stripeJs?.WebhookUrl = new Uri($"{BaseUrl}/webhook");
    }

    /// <summary>Lets a fixture of a journey change the app's settings before it starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    private async Task<Dictionary<string, string?>> DatabaseSettingsAsync() => Database switch
    {
        ShopDatabase.Sqlite => new()
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={_sqliteFile};Pooling=False",
        },
        _ => new()
        {
            ["Database:Provider"] = "MySql",
            ["Database:ServerVersion"] = await MariaDbServer.GetServerVersionAsync(),
            ["ConnectionStrings:Default"] = await MariaDbServer.CreateDatabaseAsync(),
        },
    };

    /// <summary>A browser context of its own (cookies, storage) whose relative URLs go to the shop.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.BaseURL = BaseUrl;
        return Browser.NewContextAsync(options);
    }

    /// <summary>A client of the JSON API over the real port.</summary>
    public HttpClient Api() => _app!.CreateClient();

    /// <summary>A username no other test uses.</summary>
    public static string NewUsername() => $"e2e-{Guid.NewGuid():N}"[..20];

    /// <summary>A new account, signed in to the JSON API with its token (the same account signs in on the pages).</summary>
    public async Task<HttpClient> SignedInApiAsync(string? username = null, string password = ShopperPassword)
    {
        username ??= NewUsername();
        (await Api().PostAsJsonAsync("/api/signup", new { username, password })).EnsureSuccessStatusCode();
        return await LoggedInApiAsync(username, password);
    }

    /// <summary>A client of the JSON API logged in (<c>POST /api/login</c>) as an existing account, with its bearer token.</summary>
    public async Task<HttpClient> LoggedInApiAsync(string username, string password)
    {
        var client = Api();
        var login = await client.PostAsJsonAsync("/api/login", new { username, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The JSON API as the shop's admin: <c>/api/admin/*</c>.</summary>
    public Task<HttpClient> AdminApiAsync() => LoggedInApiAsync(AdminUsername, AdminPassword);

    /// <remarks>Safe to call twice: after a failed start it runs from <see cref="InitializeAsync"/>, and xunit may call it again.</remarks>
    public async Task DisposeAsync()
    {
        IAsyncDisposable?[] parts = [_stripeJs, _app, _stripe, _chromium];
        (_stripeJs, _app, _stripe, _chromium) = (null, null, null, null);
        foreach (var part in parts.OfType<IAsyncDisposable>())
        {
            await part.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A subclass, not WithWebHostBuilder: a derived factory drops UseKestrel's port (the parent's is
    /// used), and the app would listen on its default address instead.
    /// </summary>
    private sealed class KestrelApp(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder web)
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            // Outside Development blazor.web.js and the other static web assets of the build are not served without it.
            web.UseStaticWebAssets();
        }
    }
}

public sealed class SqliteOfflineShop() : ShopServer(ShopDatabase.Sqlite, ShopPayments.Offline);

public sealed class SqliteStripeShop() : ShopServer(ShopDatabase.Sqlite, ShopPayments.Stripe);

public sealed class MariaDbOfflineShop() : ShopServer(ShopDatabase.MariaDb, ShopPayments.Offline);

public sealed class MariaDbStripeShop() : ShopServer(ShopDatabase.MariaDb, ShopPayments.Stripe);
