using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ECommerce.Tests.Infrastructure;

/// <summary>Keeps what an app logs, for tests about its logs: <c>StartAnotherApp(s => s.AddSingleton&lt;ILoggerProvider&gt;(recorder))</c>.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    /// <summary>The entries at <paramref name="level"/> or above, as "category: message" with the exception's message.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) =>
        [.. _entries.Where(e => e.Level >= level).Select(e => $"{e.Category}: {e.Message}")];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")));
    }
}
