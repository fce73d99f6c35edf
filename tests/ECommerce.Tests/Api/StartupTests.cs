using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

/// <summary>The built app, started as its own process the way it is deployed (on SQLite).</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed partial class StartupTests : IDisposable
{
    private const string AdminUsername = "admin";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string StrongSecret = new('k', 40);

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"ecommerce-startup-{Guid.NewGuid():N}.db");

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("thirty-one-bytes-is-not-enough!")]
    public async Task Production_refuses_to_start_without_a_strong_HMAC_SECRET(string? secret)
    {
        using var app = StartApp(secret);

        await ShouldRefuseToStartAsync(app, "HMAC_SECRET");
    }

    [Fact]
    public async Task Production_refuses_to_start_with_an_ADMIN_PASSWORD_shorter_than_12_characters()
    {
        using var app = StartApp(StrongSecret, adminPassword: "elevenchars");

        await ShouldRefuseToStartAsync(app, "ADMIN_PASSWORD");
    }

    [Fact]
    public async Task Production_starts_with_a_12_character_ADMIN_PASSWORD_and_its_admin_logs_in()
    {
        using var app = StartApp(StrongSecret, adminPassword: "twelve-chars");
        try
        {
            var address = await ListeningAddressAsync(app);

            using var http = new HttpClient { Timeout = Timeout };
            var login = await http.PostAsJsonAsync($"{address}/api/login", new { username = AdminUsername, password = "twelve-chars" });
            await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }
        finally
        {
            Stop(app);
        }
    }

    [Fact]
    public async Task Production_starts_with_a_40_character_HMAC_SECRET_on_the_address_of_ASPNETCORE_URLS()
    {
        using var app = StartApp(StrongSecret);
        try
        {
            var address = await ListeningAddressAsync(app);

            address.ShouldStartWith("http://127.0.0.1:");
            using var http = new HttpClient { Timeout = Timeout };
            (await http.GetAsync($"{address}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Stop(app);
        }
    }

    public void Dispose()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs ECommerce.Web.dll, which the project reference copies beside the tests, in Production.</summary>
    private Process StartApp(string? hmacSecret, string? adminPassword = null)
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
        start.Environment["ConnectionStrings__Default"] = $"Data Source={_database};Pooling=False";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        if (hmacSecret is not null)
        {
            start.Environment["HMAC_SECRET"] = hmacSecret;
        }

        if (adminPassword is not null)
        {
            start.Environment["ADMIN_USERNAME"] = AdminUsername;
            start.Environment["ADMIN_PASSWORD"] = adminPassword;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start ECommerce.Web.dll.");
    }

    /// <summary>Asserts that the app stops by itself with a failure, and says on stderr which setting is wrong.</summary>
    private static async Task ShouldRefuseToStartAsync(Process app, string setting)
    {
        try
        {
            var (stdout, stderr) = (app.StandardOutput.ReadToEndAsync(), app.StandardError.ReadToEndAsync());

            (await ExitsWithinAsync(app, Timeout)).ShouldBeTrue($"The app was still running after {Timeout.TotalSeconds} s.");

            app.ExitCode.ShouldNotBe(0);
            (await stderr).ShouldContain(setting, customMessage: $"stdout: {await stdout}");
        }
        finally
        {
            Stop(app);
        }
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

    private static async Task<string> ListeningAddressAsync(Process app)
    {
        var stderr = app.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    return match.Groups["address"].Value;
                }
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
