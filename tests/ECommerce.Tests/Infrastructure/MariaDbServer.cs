#nullable enable

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// A throwaway MariaDB server shared by every test in this test process.
/// </summary>
/// <remarks>
/// <para>
/// The server is started lazily by the first <see cref="CreateDatabaseAsync"/> call, in a fresh
/// temporary data directory, listening on a free TCP port on 127.0.0.1 (plus a unix socket inside
/// the data directory, used only for administration). Each call creates a new, uniquely named
/// database and returns a MySqlConnector / Pomelo compatible connection string for it.
/// </para>
/// <para>
/// The server is killed and its directory deleted when the test process exits. If the test
/// process dies without running its exit handlers, a small shell watchdog does the same, and the
/// next run also removes directories (and servers) left behind by dead test processes.
/// </para>
/// <para>
/// Binaries are looked up in <c>MARIADB_BIN_DIR</c> (a directory, or a ':'-separated list of
/// directories; when set, nothing else is searched), otherwise in PATH, /usr/sbin, /usr/bin,
/// /usr/local/sbin, /usr/local/bin and /usr/local/mysql/bin.
/// </para>
/// </remarks>
public static class MariaDbServer
{
    /// <summary>The message used when the MariaDB binaries cannot be found.</summary>
    public const string InstallHint =
        "MariaDB is not installed: run ./test.sh as root, or apt-get install mariadb-server";

    /// <summary>The account the returned connection strings log in with (all privileges).</summary>
    public const string UserName = "ecommerce_test";

    /// <summary>The password of <see cref="UserName"/>.</summary>
    public const string Password = "ecommerce_test";

    private const string DirectoryPrefix = "ecommerce-mariadb-";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<Binaries?> s_binaries = new(FindBinaries, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string?> s_unavailableReason = new(ComputeUnavailableReason, LazyThreadSafetyMode.ExecutionAndPublication);

    // A failed start is cached on purpose: every later test fails fast with the same message.
    private static readonly Lazy<Task<Instance>> s_instance =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Null when the MariaDB binaries were found; otherwise why the server cannot be started
    /// (starts with <see cref="InstallHint"/>).
    /// </summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>
    /// True on CI (<c>CI=true</c>): MariaDB tests must not be skipped there, so a missing
    /// MariaDB fails the run instead.
    /// </summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    /// <summary>
    /// Starts the shared server if needed, creates a new empty database (utf8mb4) and returns a
    /// connection string for it over TCP.
    /// </summary>
    /// <exception cref="InvalidOperationException">MariaDB is not installed, or the server could not be started.</exception>
    public static async Task<string> CreateDatabaseAsync()
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var instance = await s_instance.Value.ConfigureAwait(false);
        var database = "shop_" + Guid.NewGuid().ToString("N")[..12];
        await instance.AdminSqlAsync(
            $"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;").ConfigureAwait(false);
        return instance.ConnectionString(database);
    }

    /// <summary>
    /// The server's version string (e.g. <c>10.11.19-MariaDB-0+deb12u1</c>), starting the server if needed;
    /// usable with Pomelo's <c>ServerVersion.Parse</c>.
    /// </summary>
    public static async Task<string> GetServerVersionAsync()
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var instance = await s_instance.Value.ConfigureAwait(false);
        return instance.Version;
    }

    private static string? ComputeUnavailableReason()
    {
        try
        {
            var found = s_binaries.Value;
            if (found is not null)
            {
                return null;
            }

            var where = Environment.GetEnvironmentVariable("MARIADB_BIN_DIR") is { Length: > 0 } overrideDirs
                ? $"MARIADB_BIN_DIR={overrideDirs}"
                : "PATH, /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin, /usr/local/mysql/bin";
            return $"{InstallHint} (mariadbd, mariadb-install-db and the mariadb client were not all found in {where}).";
        }
        catch (Exception ex)
        {
            return $"{InstallHint} ({ex.GetType().Name}: {ex.Message}).";
        }
    }

    private sealed record Binaries(string Server, string InstallDb, string Client, string? BaseDir);

    private static Binaries? FindBinaries()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string[] dirs;
        string? baseDir = null;
        var overrideDirs = Environment.GetEnvironmentVariable("MARIADB_BIN_DIR");
        if (!string.IsNullOrWhiteSpace(overrideDirs))
        {
            dirs = overrideDirs.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            dirs = path.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin"])
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }

        var server = Find(dirs, "mariadbd", "mysqld");
        var installDb = Find(dirs, "mariadb-install-db", "mysql_install_db");
        var client = Find(dirs, "mariadb", "mysql");
        if (server is null || installDb is null || client is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(overrideDirs))
        {
            // A non-system install (e.g. an unpacked tarball) needs --basedir to find its share files.
            baseDir = Path.GetDirectoryName(Path.GetDirectoryName(server));
        }

        return new Binaries(server, installDb, client, baseDir);
    }

    private static string? Find(IEnumerable<string> dirs, params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var dir in dirs)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task<Instance> StartAsync()
    {
        var bins = s_binaries.Value ?? throw new InvalidOperationException(UnavailableReason ?? InstallHint);
        RemoveLeftoversOfDeadRuns();

        var rootDir = CreateRootDirectory();
        var dataDir = Path.Combine(rootDir, "data");
        var socket = Path.Combine(dataDir, "mariadbd.sock");
        var errorLog = Path.Combine(rootDir, "error.log");
        Instance? instance = null;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(rootDir, "owner.pid"), Environment.ProcessId.ToString()).ConfigureAwait(false);

            var installArgs = new List<string>
            {
                "--no-defaults", // must come first: never read /etc/mysql/my.cnf (its socket, port, datadir)
                $"--datadir={dataDir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                "--force", // skip the hostname DNS check (resolveip): it fails or hangs on machines without DNS
                "--innodb-log-file-size=48M",
            };
            if (bins.BaseDir is not null)
            {
                installArgs.Add($"--basedir={bins.BaseDir}");
            }

            if (IsRoot)
            {
                installArgs.Add("--user=root");
            }

            var install = await RunAsync(bins.InstallDb, installArgs, CommandTimeout).ConfigureAwait(false);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"mariadb-install-db failed with exit code {install.ExitCode}:{Environment.NewLine}{Tail(install.Output, 40)}");
            }

            // The port is only reserved until the listener is closed: retry on the rare race.
            Exception? lastError = null;
            for (var attempt = 1; attempt <= 3 && instance is null; attempt++)
            {
                var port = GetFreePort();
                var process = StartServer(bins, dataDir, socket, errorLog, port);
                var candidate = new Instance(bins, rootDir, socket, port, process);
                try
                {
                    await candidate.WaitUntilReadyAsync(errorLog).ConfigureAwait(false);
                    instance = candidate;
                }
                catch (Exception ex)
                {
                    candidate.Kill();
                    lastError = ex;
                    var log = ReadTail(errorLog, 200);
                    if (!log.Contains("Address already in use", StringComparison.Ordinal)
                        && !log.Contains("Bind on TCP/IP port", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            if (instance is null)
            {
                throw lastError ?? new InvalidOperationException("MariaDB did not start.");
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.Dispose();
            StartWatchdog(instance);

            // root@localhost (unix socket, no password) administers; tests use a password login over TCP.
            await instance.AdminSqlAsync(
                $"CREATE USER '{UserName}'@'%' IDENTIFIED BY '{Password}';" +
                $"GRANT ALL PRIVILEGES ON *.* TO '{UserName}'@'%' WITH GRANT OPTION;").ConfigureAwait(false);
            var version = await instance.TcpSqlAsync("SELECT VERSION();").ConfigureAwait(false);
            instance.Version = version.Trim();
            return instance;
        }
        catch
        {
            if (instance is not null)
            {
                instance.Dispose();
            }
            else
            {
                TryDeleteDirectory(rootDir);
            }

            throw;
        }
    }

    private static string CreateRootDirectory()
    {
        var name = DirectoryPrefix + Guid.NewGuid().ToString("N")[..12];
        var root = Path.Combine(Path.GetTempPath(), name);

        // A unix socket path must fit in sockaddr_un.sun_path (108 bytes on Linux, 104 on macOS).
        if (Path.Combine(root, "data", "mariadbd.sock").Length > 100)
        {
            root = Path.Combine("/tmp", name);
        }

        Directory.CreateDirectory(root);
        return root;
    }

    private static int GetFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static Process StartServer(Binaries bins, string dataDir, string socket, string errorLog, int port)
    {
        var info = NewStartInfo(bins.Server);
        info.ArgumentList.Add("--no-defaults"); // must be the first argument
        info.ArgumentList.Add($"--datadir={dataDir}");
        if (bins.BaseDir is not null)
        {
            info.ArgumentList.Add($"--basedir={bins.BaseDir}");
        }

        if (IsRoot)
        {
            info.ArgumentList.Add("--user=root"); // mariadbd refuses to run as root without it
        }

        foreach (var arg in new[]
                 {
                     $"--port={port}",
                     $"--socket={socket}",
                     "--bind-address=127.0.0.1",
                     $"--pid-file={Path.Combine(dataDir, "mariadbd.pid")}",
                     $"--log-error={errorLog}",
                     "--skip-name-resolve",
                     "--skip-log-bin",
                     "--innodb-flush-log-at-trx-commit=2",
                     "--innodb-doublewrite=0",
                     "--innodb-buffer-pool-size=128M",
                     "--innodb-log-file-size=48M",
                     "--max-connections=500",
                     "--character-set-server=utf8mb4",
                     "--collation-server=utf8mb4_unicode_ci",
                     "--default-time-zone=+00:00",
                     // The default of MariaDB 11.8 LTS (off in 10.11): a write to a row changed after the
                     // transaction's snapshot fails with error 1020, so the shop must cope with both.
                     "--innodb-snapshot-isolation=ON",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        return StartDrained(info);
    }

    private static void StartWatchdog(Instance instance)
    {
        // Kills the server and removes its directory if this process dies without running
        // ProcessExit (SIGKILL, crash, test host aborted by `dotnet test`).
        if (!File.Exists("/bin/sh"))
        {
            return;
        }

        try
        {
            var info = NewStartInfo("/bin/sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(
                "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; " +
                // Only a process whose command line names our directory: the pid may have been reused.
                "if grep -aqF -- \"$3\" \"/proc/$2/cmdline\" 2>/dev/null; then kill -9 \"$2\"; sleep 1; fi; " +
                "rm -rf \"$3\"");
            info.ArgumentList.Add("mariadb-watchdog");
            info.ArgumentList.Add(Environment.ProcessId.ToString());
            info.ArgumentList.Add(instance.Process.Id.ToString());
            info.ArgumentList.Add(instance.RootDir);
            StartDrained(info);
        }
        catch (Exception)
        {
            // Best effort only: the next run cleans up anyway.
        }
    }

    private static void RemoveLeftoversOfDeadRuns()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*")
                         .Concat(Path.GetTempPath().TrimEnd('/') == "/tmp"
                             ? []
                             : Directory.EnumerateDirectories("/tmp", DirectoryPrefix + "*")))
            {
                try
                {
                    var ownerFile = Path.Combine(dir, "owner.pid");
                    if (!File.Exists(ownerFile)
                        || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner)
                        || IsAlive(owner))
                    {
                        continue;
                    }

                    var dataDir = Path.Combine(dir, "data");
                    var pidFile = Path.Combine(dataDir, "mariadbd.pid");
                    if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var serverPid))
                    {
                        var cmdline = $"/proc/{serverPid}/cmdline";
                        if (File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(dataDir, StringComparison.Ordinal))
                        {
                            using var stale = Process.GetProcessById(serverPid);
                            stale.Kill();
                            stale.WaitForExit(5000);
                        }
                    }

                    TryDeleteDirectory(dir);
                }
                catch (Exception)
                {
                    // Another run may be cleaning the same directory.
                }
            }
        }
        catch (Exception)
        {
            // Cleanup is best effort.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static ProcessStartInfo NewStartInfo(string fileName) => new(fileName)
    {
        UseShellExecute = false,
        // Never let a child inherit the test host's stdout/stderr: a long-lived child holding
        // them open can keep `dotnet test` waiting for end-of-file after the tests finished.
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = Path.GetTempPath(),
    };

    private static Process StartDrained(ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private sealed record RunResult(int ExitCode, string Output);

    private static async Task<RunResult> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = NewStartInfo(fileName);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception)
            {
                // already gone
            }

            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        var output = new StringBuilder(await stdout.ConfigureAwait(false));
        var error = await stderr.ConfigureAwait(false);
        if (error.Length > 0)
        {
            output.AppendLine().Append(error);
        }

        return new RunResult(process.ExitCode, output.ToString());
    }

    private static string ReadTail(string file, int lines)
    {
        try
        {
            if (!File.Exists(file))
            {
                return "(no error log was written)";
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return Tail(reader.ReadToEnd(), lines);
        }
        catch (Exception ex)
        {
            return $"(error log unreadable: {ex.Message})";
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines))).TrimEnd();
    }

    private static void TryDeleteDirectory(string dir)
    {
        for (var i = 0; i < 3; i++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (Exception)
            {
                Thread.Sleep(100);
            }
        }
    }

    private sealed class Instance(Binaries bins, string rootDir, string socket, int port, Process process) : IDisposable
    {
        private int _disposed;

        public string RootDir { get; } = rootDir;

        public Process Process { get; } = process;

        public int Port { get; } = port;

        public string Version { get; set; } = "";

        public string ConnectionString(string database) =>
            $"Server=127.0.0.1;Port={Port};User ID={UserName};Password={Password};Database={database};" +
            "SslMode=None;AllowUserVariables=true;";

        public async Task WaitUntilReadyAsync(string errorLog)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (Process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"mariadbd exited with code {Process.ExitCode} while starting (port {Port}). Error log tail:{Environment.NewLine}{ReadTail(errorLog, 30)}");
                }

                if (File.Exists(socket))
                {
                    var ping = await RunAsync(bins.Client, AdminArgs("SELECT 1;"), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                    if (ping.ExitCode == 0)
                    {
                        return;
                    }
                }

                if (deadline.Elapsed > StartupTimeout)
                {
                    throw new TimeoutException(
                        $"mariadbd was not ready after {StartupTimeout.TotalSeconds:0} s (port {Port}). Error log tail:{Environment.NewLine}{ReadTail(errorLog, 30)}");
                }

                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        public async Task<string> AdminSqlAsync(string sql)
        {
            var result = await RunAsync(bins.Client, AdminArgs(sql), CommandTimeout).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"MariaDB admin command failed ({sql}):{Environment.NewLine}{result.Output}");
            }

            return result.Output;
        }

        public async Task<string> TcpSqlAsync(string sql)
        {
            var result = await RunAsync(
                bins.Client,
                [
                    "--no-defaults", "--protocol=tcp", "--host=127.0.0.1", $"--port={Port}",
                    $"--user={UserName}", $"--password={Password}", "--batch", "--skip-column-names", "-e", sql,
                ],
                CommandTimeout).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"MariaDB login over TCP failed ({sql}):{Environment.NewLine}{result.Output}");
            }

            return result.Output;
        }

        private string[] AdminArgs(string sql) =>
        [
            "--no-defaults", "--protocol=socket", $"--socket={socket}", "--user=root",
            "--batch", "--skip-column-names", "-e", sql,
        ];

        public void Kill()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit(5000);
                }
            }
            catch (Exception)
            {
                // already gone
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Kill();
            TryDeleteDirectory(RootDir);
        }
    }
}
