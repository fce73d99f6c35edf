using System.Data;
using ECommerce.Core.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace ECommerce.Core.Data;

public static class Transactions
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> in a short transaction on a fresh context: commits when it
    /// succeeds, rolls back when it fails, and starts over when it lost a race (a concurrent change
    /// of the same order, a deadlock, a busy database), so callers see a clean answer, not a 500.
    /// </summary>
    public static async Task<Result<T>> InTransactionAsync<T>(
        this IDbContextFactory<ShopDbContext> factory, Func<ShopDbContext, Task<Result<T>>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(factory, work, ct);
            }
            catch (Exception e) when (attempt < MaxAttempts && IsLostRace(e))
            {
                // The failed transaction is already rolled back and its connection returned: no lock is held while waiting.
            }

            await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
        }
    }

    private static async Task<Result<T>> RunOnceAsync<T>(
        IDbContextFactory<ShopDbContext> factory, Func<ShopDbContext, Task<Result<T>>> work, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // A failure rolls back the whole transaction (or, where a caller catches a failed insert, that one
        // statement, which is all it wrote): the savepoint EF would set around each SaveChanges is two
        // round trips that buy nothing.
        db.Database.AutoSavepointsEnabled = false;
        using var turn = await SqliteWriters.TakeTurnAsync(db, ct);
        // Every rule here is a conditional UPDATE, a version check or a unique index, none of which needs
        // repeatable reads; READ COMMITTED spares MariaDB's snapshot isolation (the default from 11.8) its
        // error 1020 on rows changed since the transaction's first read.
        await using var tx = db.Database.IsMySql()
            ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct)
            : await db.Database.BeginTransactionAsync(ct);
        var result = await work(db);
        if (result.Succeeded)
        {
            await tx.CommitAsync(ct);
        }
        else
        {
            await tx.RollbackAsync(ct);
        }

        return result;
    }

    public static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.CheckRead } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        _ when e.InnerException is { } inner => IsLostRace(inner),
        _ => false,
    };

    /// <summary>True when an insert or update broke a unique index, on either provider.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } => true,
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true, // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        _ => false,
    };
}
