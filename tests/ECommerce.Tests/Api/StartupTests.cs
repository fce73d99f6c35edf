using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

/// <summary>The built app, started as its own process the way it is deployed (on SQLite).</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class StartupTests : IDisposable
{
    private static readonly TimeSpan Timeout = AppProcess.Timeout;

    /// <summary>Holds the test's database and anything else the app writes; deleted afterwards.</summary>
    private readonly string _folder = Directory.CreateTempSubdirectory("ecommerce-startup-").FullName;

    private string Database => Path.Combine(_folder, "ecommerce.db");

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("thirty-one-bytes-is-not-enough!")]
    public async Task Production_refuses_to_start_without_a_strong_HMAC_SECRET(string? secret)
    {
        await using var app = StartApp(("HMAC_SECRET", secret));
        (await app.RefusalAsync()).ShouldContain("HMAC_SECRET");
    }

    [Fact]
    public async Task Production_starts_with_a_40_character_HMAC_SECRET_and_a_Stripe_key_on_the_address_of_ASPNETCORE_URLS()
    {
        await using var app = StartApp();
        var (address, _) = await app.ListeningAddressAsync();

        address.ShouldStartWith("http://127.0.0.1:");
        using var http = new HttpClient { Timeout = Timeout };
        (await http.GetAsync($"{address}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Checkout__SweepInterval", "00:00:00")]
    [InlineData("Checkout__SweepInterval", "365.00:00:00")]
    [InlineData("Checkout__ReservationTimeout", "-00:01:00")]
    [InlineData("Checkout__MaxPendingOrders", "0")]
    public async Task Refuses_to_start_with_checkout_settings_it_cannot_work_with(string setting, string value)
    {
        await using var app = StartApp((setting, value));
        (await app.RefusalAsync()).ShouldContain(setting.Replace("__", ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_refuses_to_start_with_an_ADMIN_PASSWORD_shorter_than_12_characters()
    {
        await using var app = StartApp(("ADMIN_USERNAME", "admin"), ("ADMIN_PASSWORD", "elevenchars"));
        (await app.RefusalAsync()).ShouldContain("ADMIN_PASSWORD");
    }

    [Fact]
    public async Task Production_starts_with_a_12_character_ADMIN_PASSWORD_and_its_admin_logs_in()
    {
        await using var app = StartApp(("ADMIN_USERNAME", "admin"), ("ADMIN_PASSWORD", "twelve-chars"));
        var (address, _) = await app.ListeningAddressAsync();

        using var http = new HttpClient { Timeout = Timeout };
        var login = await http.PostAsJsonAsync($"{address}/api/login", new { username = "admin", password = "twelve-chars" });
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Production_refuses_to_start_without_a_Stripe_key_rather_than_take_offline_test_payments(string? stripeKey)
    {
        await using var app = StartApp(("STRIPE_SECRET_KEY", stripeKey));
        var stderr = await app.RefusalAsync();

        stderr.ShouldContain("STRIPE_SECRET_KEY");
        stderr.ShouldContain("Payments:AllowTestPayments");
    }

    [Fact]
    public async Task Production_takes_offline_test_payments_without_a_Stripe_key_when_Payments_AllowTestPayments_is_true()
    {
        await using var app = StartApp(("STRIPE_SECRET_KEY", null), ("Payments__AllowTestPayments", "true"));
        var (address, log) = await app.ListeningAddressAsync();

        log.ShouldContain("offline test mode");
        using var http = new HttpClient { Timeout = Timeout };
        (await http.GetAsync($"{address}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_network_in_ForwardedHeaders_KnownNetworks_that_is_not_CIDR_stops_start_up_and_is_named()
    {
        await using var app = StartApp(("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/8"), ("ForwardedHeaders__KnownNetworks__1", "10.0.0.300/8"));
        var stderr = await app.RefusalAsync();

        stderr.ShouldContain("ForwardedHeaders:KnownNetworks");
        stderr.ShouldContain("10.0.0.300/8");
    }

    [Fact]
    public async Task Without_a_connection_string_the_database_is_created_in_Database_DataDirectory_and_the_log_says_where()
    {
        var dataDirectory = Path.Combine(_folder, "not", "there", "yet");
        await using var app = StartApp(("ConnectionStrings__Default", null), ("Database__DataDirectory", dataDirectory));
        var (_, log) = await app.ListeningAddressAsync();

        var database = Path.Combine(dataDirectory, "ecommerce.db");
        File.Exists(database).ShouldBeTrue();
        log.ShouldContain($"Database: SQLite at {database}");
    }

    [Fact]
    public async Task By_default_the_database_is_in_the_users_data_folder_so_a_redeploy_of_the_app_folder_keeps_it()
    {
        // Where .NET puts LocalApplicationData on Linux.
        var userData = Path.Combine(_folder, "user-data");
        await using var app = StartApp(("ConnectionStrings__Default", null), ("XDG_DATA_HOME", userData));
        var (_, log) = await app.ListeningAddressAsync();

        var database = Path.Combine(userData, "ecommerce", "ecommerce.db");
        File.Exists(database).ShouldBeTrue();
        log.ShouldContain($"Database: SQLite at {database}");
        database.ShouldNotStartWith(AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Changing_Shop_Currency_stops_start_up_while_products_are_priced_in_the_old_one_and_says_what_to_do()
    {
        await using (var seeding = StartApp())
        {
            await seeding.ListeningAddressAsync();
        }

        await using var app = StartApp(("Shop__Currency", "eur"));
        var stderr = await app.RefusalAsync();

        stderr.ShouldContain($"{SampleCatalog.Products.Count} products are priced in usd");
        stderr.ShouldContain("Shop:Currency is eur");
        stderr.ShouldContain("back to usd");
        stderr.ShouldContain("re-price");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The app in Production (see <see cref="AppProcess"/>) with a Stripe key (never called), on the test's own
    /// SQLite file, except where <paramref name="environment"/> says otherwise (a null value removes the variable).
    /// </summary>
    private AppProcess StartApp(params (string Name, string? Value)[] environment) => AppProcess.Start(
    [
        ("Database__Provider", "Sqlite"),
        ("ConnectionStrings__Default", $"Data Source={Database};Pooling=False"),
        ("STRIPE_SECRET_KEY", "sk_test_never_called"),
        .. environment,
    ]);
}
