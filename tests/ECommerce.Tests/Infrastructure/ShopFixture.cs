using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// The real app (WebApplicationFactory) on a database of its own, with Stripe.net pointed at a
/// local stand-in of the Stripe API and a clock the tests move. One per test class.
/// </summary>
public abstract class ShopFixture : IAsyncLifetime
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password";
    public const string WebhookSecret = "whsec_test_secret_for_the_tests";
    public const string JwtSecret = "a-test-secret-of-at-least-thirty-two-bytes";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private WebApplicationFactory<Program> _factory = null!;

    private Dictionary<string, string?> _settings = [];

    public StripeStandIn Stripe { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public IServiceProvider Services => _factory.Services;

    /// <summary>The app's settings by configuration key (<c>Stripe:ApiBase</c>, say), for a test that runs the app as a process of its own.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>False for the offline test-payment mode: then no Stripe key is configured.</summary>
    protected virtual bool UsesStripe => true;

    protected abstract Task<Dictionary<string, string?>> DatabaseSettingsAsync();

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        var settings = await DatabaseSettingsAsync();
        settings["Jwt:Secret"] = JwtSecret;
        settings["Stripe:WebhookSecret"] = WebhookSecret;
        settings["Stripe:SecretKey"] = UsesStripe ? "sk_test_standin" : null;
        settings["Stripe:ApiBase"] = UsesStripe ? Stripe.BaseUrl : null;
        settings["Admin:Username"] = AdminUsername;
        settings["Admin:Password"] = AdminPassword;
        settings["RateLimiting:PermitsPerMinute"] = "0";
        settings["RateLimiting:CheckoutsPerMinute"] = "0";
        // Tests run sweeps themselves (OrderExpiry.ExpireAsync). The worker's timer runs on Clock, so its
        // period must stay beyond all the Advance calls of a class, or it sweeps in the middle of a test.
        settings["Checkout:SweepInterval"] = "30.00:00:00";
        Configure(settings);
        _settings = settings;
        _factory = Start(settings);
    }

    /// <summary>
    /// Another app on this fixture's database and clock, started as a restart would start it, with
    /// <paramref name="changes"/> made to the settings. The caller disposes it.
    /// </summary>
    public WebApplicationFactory<Program> StartAnotherApp(params (string Key, string? Value)[] changes) => StartAnotherApp(_ => { }, changes);

    /// <summary>Another app as above, with <paramref name="services"/> changed too (an EF interceptor, say).</summary>
    public WebApplicationFactory<Program> StartAnotherApp(Action<IServiceCollection> services, params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return Start(settings, services);
    }

    private WebApplicationFactory<Program> Start(Dictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
                services.AddTransient<IStartupFilter, PeerAddressFromHeader>();
                configureServices?.Invoke(services);
            });
        });
        _ = factory.Server;
        return factory;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Stripe.DisposeAsync();
        await CleanUpAsync();
    }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <summary>Lets a fixture change the app's settings (the defaults above) before the app starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public HttpClient Anonymous() => _factory.CreateClient();

    /// <summary>
    /// A client for the pages: it keeps cookies (in <paramref name="cookies"/>, when a test wants to see them) and
    /// does not follow redirects (see <see cref="PageSession"/>).
    /// </summary>
    public HttpClient Pages(CookieContainer? cookies = null) => _factory.CreateDefaultClient(new CookieContainerHandler(cookies ?? new CookieContainer()));

    /// <summary>A new account, signed in: every test gets its own cart and orders.</summary>
    public async Task<HttpClient> SignedInAsync(string? username = null)
    {
        username ??= $"user-{Guid.NewGuid():N}"[..20];
        var client = Anonymous();
        (await client.PostAsJsonAsync("/api/signup", new { username, password = "password123" })).EnsureSuccessStatusCode();
        return await LoggedInAsync(username, "password123");
    }

    public Task<HttpClient> AdminAsync() => LoggedInAsync(AdminUsername, AdminPassword);

    public async Task<HttpClient> LoggedInAsync(string username, string password)
    {
        var client = Anonymous();
        var login = await client.PostAsJsonAsync("/api/login", new { username, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A product of the test's own, so stock counts are not shared with other tests. Pass an
    /// <paramref name="admin"/> client to skip the admin's sign-in when making many.
    /// </summary>
    public async Task<AdminProductView> CreateProductAsync(
        long price = 1_000, int stock = 10, string? name = null, string? category = null, string? description = null, HttpClient? admin = null)
    {
        admin ??= await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/products", new
        {
            sku = $"T-{Guid.NewGuid():N}"[..16],
            name = name ?? $"Test product {Guid.NewGuid():N}"[..24],
            description = description ?? "Made by a test.",
            price,
            stock,
            category = category ?? "test-goods",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AdminProductView>(Json))!;
    }

    public async Task<AdminProductView> ProductAsync(int id)
    {
        var admin = await AdminAsync();
        return (await admin.GetFromJsonAsync<AdminProductView>($"/api/admin/products/{id}", Json))!;
    }

    /// <summary>
    /// Posts an event to /webhook signed as Stripe would sign it now (or at <paramref name="signedAt"/>),
    /// to this fixture's app or through <paramref name="client"/> to another one.
    /// </summary>
    public Task<HttpResponseMessage> SendWebhookAsync(string payload, DateTimeOffset? signedAt = null, string secret = WebhookSecret, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, secret, (signedAt ?? Clock.GetUtcNow()).UtcDateTime));
        return (client ?? Anonymous()).SendAsync(request);
    }

    public async Task<T> QueryAsync<T>(Func<ShopDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}

/// <summary>The embedded default: a SQLite file of the fixture's own.</summary>
public class SqliteShop : ShopFixture
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ecommerce-test-{Guid.NewGuid():N}.db");

    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Default"] = $"Data Source={_file};Pooling=False",
    });

    protected override Task CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A fresh database on the throwaway MariaDB server of the test run.</summary>
public class MariaDbShop : ShopFixture
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() => new()
    {
        ["Database:Provider"] = "MySql",
        ["Database:ServerVersion"] = await MariaDbServer.GetServerVersionAsync(),
        ["ConnectionStrings:Default"] = await MariaDbServer.CreateDatabaseAsync(),
    };
}

/// <summary>
/// Settings a test class gives its app, the same on either database: the class implements this, and its fixtures are
/// <see cref="SqliteShop{TSettings}"/> and <see cref="MariaDbShop{TSettings}"/>.
/// </summary>
public interface IShopSettings
{
    static abstract void Configure(Dictionary<string, string?> settings);
}

public sealed class SqliteShop<TSettings> : SqliteShop
    where TSettings : IShopSettings
{
    protected override void Configure(Dictionary<string, string?> settings) => TSettings.Configure(settings);
}

public sealed class MariaDbShop<TSettings> : MariaDbShop
    where TSettings : IShopSettings
{
    protected override void Configure(Dictionary<string, string?> settings) => TSettings.Configure(settings);
}

/// <summary>SQLite, with the catalog's output cache in the run's Redis, under a prefix of the fixture's own.</summary>
public sealed class SqliteRedisShop : SqliteShop
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        var settings = await base.DatabaseSettingsAsync();
        await RedisServer.AddToAsync(settings);
        return settings;
    }
}

/// <summary>MariaDB and Redis, as several instances of the shop run in production.</summary>
public sealed class MariaDbRedisShop : MariaDbShop
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        var settings = await base.DatabaseSettingsAsync();
        await RedisServer.AddToAsync(settings);
        return settings;
    }
}

/// <summary>No Stripe key: the shop's offline test payments.</summary>
public sealed class OfflineSqliteShop : SqliteShop
{
    protected override bool UsesStripe => false;
}

/// <summary>Names the provider in test names and lets a run leave MariaDB out: <c>--filter Database!=MariaDb</c>.</summary>
public static class Providers
{
    public const string Trait = "Database";
}
