using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server for the test run (Debian's <c>redis-server</c>; ./test.sh installs it as root): on a free
/// port of 127.0.0.1, nothing saved to disk, stopped when the run ends. Started once, on first use.
/// </summary>
public static class RedisServer
{
    public const string InstallHint = "Redis is needed for these tests: sudo apt-get install redis-server (./test.sh does it when run as root)";

    private static readonly Lazy<Task<string>> s_connection = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Points a shop's settings at the run's server, under a key prefix of its own.</summary>
    public static async Task AddToAsync(Dictionary<string, string?> settings)
    {
        settings["Redis:Connection"] = await s_connection.Value;
        settings["Redis:InstanceName"] = $"test-{Guid.NewGuid():N}:";
    }

    private static async Task<string> StartAsync()
    {
        var server = new[] { "/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(InstallHint);
        var port = FreePort();
        // Through a shell that stops the server once this test host is gone, however it ends (the test host is often
        // killed rather than left to run its exit handlers).
        var process = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c",
                "\"$1\" --port \"$2\" --bind 127.0.0.1 --save '' --appendonly no --dir \"$3\" & server=$!; "
                    + "while kill -0 \"$4\" 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done; kill $server 2>/dev/null",
                "redis-watchdog",
                server,
                $"{port}",
                Path.GetTempPath(),
                $"{Environment.ProcessId}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AnswersPingAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING (exit code {(process.HasExited ? process.ExitCode : "none")}).");
            }

            await Task.Delay(50);
        }

        return $"127.0.0.1:{port}";
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
