using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

/// <summary>The built app, started as its own process the way it is deployed (on SQLite).</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed partial class StartupTests : IDisposable
{
    // Generous: a busy 2-core machine (a CI runner building other projects) starts the app in tens of seconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string StrongSecret = "a-secret-of-forty-characters-for-tests!!";

    /// <summary>Holds the test's database and anything else the app writes; deleted afterwards.</summary>
    private readonly string _folder = Directory.CreateTempSubdirectory("ecommerce-startup-").FullName;

    private string Database => Path.Combine(_folder, "ecommerce.db");

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("thirty-one-bytes-is-not-enough!")]
    public async Task Production_refuses_to_start_without_a_strong_HMAC_SECRET(string? secret)
    {
        using var app = StartApp(("HMAC_SECRET", secret));
        try
        {
            (await RefusalAsync(app)).ShouldContain("HMAC_SECRET");
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Production_starts_with_a_40_character_HMAC_SECRET_and_a_Stripe_key_on_the_address_of_ASPNETCORE_URLS()
    {
        using var app = StartApp();
        try
        {
            var (address, _) = await ListeningAddressAsync(app);

            address.ShouldStartWith("http://127.0.0.1:");
            using var http = new HttpClient { Timeout = Timeout };
            (await http.GetAsync($"{address}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Production_refuses_to_start_with_an_ADMIN_PASSWORD_shorter_than_12_characters()
    {
        using var app = StartApp(("ADMIN_USERNAME", "admin"), ("ADMIN_PASSWORD", "elevenchars"));
        try
        {
            (await RefusalAsync(app)).ShouldContain("ADMIN_PASSWORD");
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Production_starts_with_a_12_character_ADMIN_PASSWORD_and_its_admin_logs_in()
    {
        using var app = StartApp(("ADMIN_USERNAME", "admin"), ("ADMIN_PASSWORD", "twelve-chars"));
        try
        {
            var (address, _) = await ListeningAddressAsync(app);

            using var http = new HttpClient { Timeout = Timeout };
            var login = await http.PostAsJsonAsync($"{address}/api/login", new { username = "admin", password = "twelve-chars" });
            await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }
        finally
        {
            Stop(app);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Production_refuses_to_start_without_a_Stripe_key_rather_than_take_offline_test_payments(string? stripeKey)
    {
        using var app = StartApp(("STRIPE_SECRET_KEY", stripeKey));
        try
        {
            var stderr = await RefusalAsync(app);

            stderr.ShouldContain("STRIPE_SECRET_KEY");
            stderr.ShouldContain("Payments:AllowTestPayments");
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Production_takes_offline_test_payments_without_a_Stripe_key_when_Payments_AllowTestPayments_is_true()
    {
        using var app = StartApp(("STRIPE_SECRET_KEY", null), ("Payments__AllowTestPayments", "true"));
        try
        {
            var (address, log) = await ListeningAddressAsync(app);

            log.ShouldContain("offline test mode");
            using var http = new HttpClient { Timeout = Timeout };
            (await http.GetAsync($"{address}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task A_network_in_ForwardedHeaders_KnownNetworks_that_is_not_CIDR_stops_start_up_and_is_named()
    {
        using var app = StartApp(("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/8"), ("ForwardedHeaders__KnownNetworks__1", "10.0.0.300/8"));
        try
        {
            var stderr = await RefusalAsync(app);

            stderr.ShouldContain("ForwardedHeaders:KnownNetworks");
            stderr.ShouldContain("10.0.0.300/8");
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Without_a_connection_string_the_database_is_created_in_Database_DataDirectory_and_the_log_says_where()
    {
        var dataDirectory = Path.Combine(_folder, "not", "there", "yet");
        using var app = StartApp(("ConnectionStrings__Default", null), ("Database__DataDirectory", dataDirectory));
        try
        {
            var (_, log) = await ListeningAddressAsync(app);

            var database = Path.Combine(dataDirectory, "ecommerce.db");
            File.Exists(database).ShouldBeTrue();
            log.ShouldContain($"Database: SQLite at {database}");
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task By_default_the_database_is_in_the_users_data_folder_so_a_redeploy_of_the_app_folder_keeps_it()
    {
        // Where .NET puts LocalApplicationData on Linux.
        var userData = Path.Combine(_folder, "user-data");
        using var app = StartApp(("ConnectionStrings__Default", null), ("XDG_DATA_HOME", userData));
        try
        {
            var (_, log) = await ListeningAddressAsync(app);

            var database = Path.Combine(userData, "ecommerce", "ecommerce.db");
            File.Exists(database).ShouldBeTrue();
            log.ShouldContain($"Database: SQLite at {database}");
            database.ShouldNotStartWith(AppContext.BaseDirectory);
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Changing_Shop_Currency_stops_start_up_while_products_are_priced_in_the_old_one_and_says_what_to_do()
    {
        using (var seeding = StartApp())
        {
            try
            {
                await ListeningAddressAsync(seeding);
            }
            finally
            {
                Stop(seeding);
            }
        }

        using var app = StartApp(("Shop__Currency", "eur"));
        try
        {
            var stderr = await RefusalAsync(app);

            stderr.ShouldContain($"{SampleCatalog.Products.Count} products are priced in usd");
            stderr.ShouldContain("Shop:Currency is eur");
            stderr.ShouldContain("back to usd");
            stderr.ShouldContain("re-price");
        }
        finally
        {
            Stop(app);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Runs ECommerce.Web.dll, which the project reference copies beside the tests, in Production with a strong
    /// HMAC_SECRET and a Stripe key (never called) on the test's own SQLite file, except where
    /// <paramref name="environment"/> says otherwise (a null value removes the variable).
    /// </summary>
    private Process StartApp(params (string Name, string? Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ECommerce.Web.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys.Where(IsShopSetting).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Database};Pooling=False";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["HMAC_SECRET"] = StrongSecret;
        start.Environment["STRIPE_SECRET_KEY"] = "sk_test_never_called";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start ECommerce.Web.dll.");
    }

    /// <summary>Asserts that the app ends with a non-zero exit code without serving, and returns what it wrote on stderr.</summary>
    private static async Task<string> RefusalAsync(Process app)
    {
        var (stdout, stderr) = (app.StandardOutput.ReadToEndAsync(), app.StandardError.ReadToEndAsync());

        (await ExitsWithinAsync(app, Timeout)).ShouldBeTrue($"The app was still running after {Timeout.TotalSeconds} s.");

        app.ExitCode.ShouldNotBe(0, $"stdout: {await stdout}");
        return await stderr;
    }

    private static async Task<bool> ExitsWithinAsync(Process app, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await app.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Stop(Process app)
    {
        if (!app.HasExited)
        {
            app.Kill(entireProcessTree: true);
            app.WaitForExit();
        }
    }

    /// <summary>Settings of the test run's own environment that would change what the app under test does.</summary>
    private static bool IsShopSetting(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name is "HMAC_SECRET" or "URLS" or "ADMIN_USERNAME" or "ADMIN_PASSWORD"
        || name.StartsWith("STRIPE_", StringComparison.OrdinalIgnoreCase)
        || name.Contains("__", StringComparison.Ordinal);

    /// <summary>Waits for "Now listening on" and returns that address, with the log written until then.</summary>
    private static async Task<(string Address, string Log)> ListeningAddressAsync(Process app)
    {
        var stderr = app.StandardError.ReadToEndAsync();
        var log = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    return (match.Groups["address"].Value, log.ToString());
                }

                log.AppendLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException($"The app did not say \"Now listening on\" within {Timeout.TotalSeconds} s.");
        }

        throw new ShouldAssertException($"The app ended (exit code {(app.WaitForExit(Timeout) ? app.ExitCode : -1)}) before listening: {await stderr}");
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex ListeningOn();
}
