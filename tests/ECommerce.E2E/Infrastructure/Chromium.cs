namespace ECommerce.E2E.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>) driven by Playwright. Playwright's own browser
/// builds are never downloaded: the machines reach no CDN.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    /// <summary>
    /// Launches a headless Chromium. A missing browser fails the test with how to install it, on CI
    /// (<c>CI=true</c>) and elsewhere alike: xunit v2 cannot skip a test from a fixture, and a skip
    /// would let a broken page go unnoticed; the MariaDB tests do the same.
    /// </summary>
    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}, and the end-to-end tests drive it. "
                + "Install it with `apt-get install chromium` (./test.sh does so when run as root)"
                + (IsCi ? "." : ", or leave these tests out: ./test.sh --filter \"FullyQualifiedName!~ECommerce.E2E\"."));
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Chromium refuses to start its sandbox as root (CI and these machines run as root).
                Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    private static bool IsCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
