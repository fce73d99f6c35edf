using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// ECommerce.Web.dll, which the project reference copies beside the tests, run as its own process the way it is
/// deployed: in Production, on a free loopback port, with a strong HMAC_SECRET and none of the test run's own
/// shop settings, except where the caller's environment says otherwise (a null value removes the variable).
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    /// <summary>Generous: a busy 2-core machine (a CI runner building other projects) starts the app in tens of seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public const string StrongSecret = "a-secret-of-forty-characters-for-tests!!";

    private readonly Process _process;

    /// <summary>What the app wrote on stdout after it started listening.</summary>
    private readonly StringBuilder _log = new();

    private AppProcess(Process process) => _process = process;

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234</c>, once <see cref="ListeningAddressAsync"/> has seen it.</summary>
    public Uri Address { get; private set; } = null!;

    public static AppProcess Start(IEnumerable<(string Name, string? Value)> environment)
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
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["HMAC_SECRET"] = StrongSecret;
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

        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start ECommerce.Web.dll."));
    }

    /// <summary>Starts the app and waits until it listens.</summary>
    public static async Task<AppProcess> StartListeningAsync(IEnumerable<(string Name, string? Value)> environment)
    {
        var app = Start(environment);
        try
        {
            await app.ListeningAddressAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for "Now listening on" and returns that address, with the log written until then; the rest of
    /// the log is read on in the background (see <see cref="Errors"/>), so a chatty app never blocks on a full pipe.
    /// </summary>
    public async Task<(string Address, string Log)> ListeningAddressAsync()
    {
        var stderr = _process.StandardError.ReadToEndAsync();
        var log = new StringBuilder();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    var address = match.Groups["address"].Value;
                    Address = new Uri(address);
                    _ = KeepReadingAsync();
                    return (address, log.ToString());
                }

                log.AppendLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException($"The app did not say \"Now listening on\" within {Timeout.TotalSeconds} s.");
        }

        throw new ShouldAssertException($"The app ended (exit code {(_process.WaitForExit(Timeout) ? _process.ExitCode : -1)}) before listening: {await stderr}");
    }

    /// <summary>The errors the app logged since it started listening (<c>fail:</c> and <c>crit:</c> entries, with their exceptions).</summary>
    public string Errors()
    {
        var errors = new StringBuilder();
        var inError = false;
        lock (_log)
        {
            foreach (var line in _log.ToString().Split('\n'))
            {
                inError = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
                    || (inError && line.StartsWith(' '));
                if (inError)
                {
                    errors.AppendLine(line);
                }
            }
        }

        return errors.ToString();
    }

    /// <summary>Asserts that the app ends with a non-zero exit code without serving, and returns what it wrote on stderr.</summary>
    public async Task<string> RefusalAsync()
    {
        var (stdout, stderr) = (_process.StandardOutput.ReadToEndAsync(), _process.StandardError.ReadToEndAsync());

        (await ExitsWithinAsync(Timeout)).ShouldBeTrue($"The app was still running after {Timeout.TotalSeconds} s.");

        _process.ExitCode.ShouldNotBe(0, $"stdout: {await stdout}");
        return await stderr;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would end it: no shutdown, no finally, open transactions cut off.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task KeepReadingAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed (killed) before its last lines were read: they are not needed.
        }
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Settings of the test run's own environment that would change what the app under test does.</summary>
    private static bool IsShopSetting(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name is "HMAC_SECRET" or "URLS" or "ADMIN_USERNAME" or "ADMIN_PASSWORD"
        || name.StartsWith("STRIPE_", StringComparison.OrdinalIgnoreCase)
        || name.Contains("__", StringComparison.Ordinal);

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex ListeningOn();
}
