using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace ECommerce.Core.Data;

/// <summary>
/// SQLite lets one connection write at a time, and Microsoft.Data.Sqlite waits for a busy database by putting
/// the thread to sleep for 150 ms and trying again. Under a burst of checkouts that sleep was most of their
/// latency (p99 3 s at 140 checkouts/s). So on SQLite:
/// <list type="bullet">
/// <item>writes on one file take turns in this process (<see cref="TakeTurnAsync"/>), queued without a
/// thread, first come first served: every transaction (<see cref="Transactions"/>), and the single
/// statements of the hot paths (a cart change, a checkout's attach);</item>
/// <item>any other write that meets one of those waits inside SQLite, which retries within milliseconds
/// (<see cref="BusyTimeout"/>), before the 150 ms sleeps begin.</item>
/// </list>
/// </summary>
public static class SqliteWriters
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits until no other writer of this process uses the same SQLite file; nothing on MySQL. Not re-entrant:
    /// whoever holds a turn must not ask for another (a transaction inside a transaction would wait for itself).
    /// </summary>
    /// <returns>What ends the turn when disposed, or null on MySQL.</returns>
    public static async ValueTask<IDisposable?> TakeTurnAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var file = db.Database.GetDbConnection().DataSource;
        var turn = Turns.GetOrAdd(string.IsNullOrEmpty(file) ? "" : Path.GetFullPath(file), _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        return new Turn(turn);
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    /// <summary>
    /// Sets SQLite's busy timeout on every connection EF opens (Microsoft.Data.Sqlite leaves it at 0): a native call
    /// on the connection's handle, no statement, so the catalog's reads do not pay for it.
    /// </summary>
    public sealed class BusyTimeout : DbConnectionInterceptor
    {
        private const int Milliseconds = 5000;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Set(connection);
            return Task.CompletedTask;
        }

        private static void Set(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                raw.sqlite3_busy_timeout(handle, Milliseconds);
            }
        }
    }
}
