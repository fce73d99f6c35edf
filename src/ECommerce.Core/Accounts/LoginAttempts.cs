using System.Linq.Expressions;
using ECommerce.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace ECommerce.Core.Accounts;

/// <summary>
/// Every change of the count of failed logins, each one conditional UPDATE on Identity's own columns
/// (AccessFailedCount, LockoutEnd), so concurrent logins cannot check more passwords than the lockout
/// allows and Identity's sign-in manager sees the same lock. Each renews the ConcurrencyStamp: a stale
/// Identity update of the user then fails instead of writing an old count back.
/// </summary>
public static class LoginAttempts
{
    private static readonly Expression<Func<SetPropertyCalls<ShopUser>, SetPropertyCalls<ShopUser>>> Cleared = s => s
        .SetProperty(u => u.AccessFailedCount, 0)
        .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
        .SetProperty(u => u.ConcurrencyStamp, NewStamp());

    /// <summary>
    /// Counts an attempt before its password is checked; the last allowed one also locks the account
    /// (a right password lifts that lock again). False when no attempt is left.
    /// </summary>
    public static async Task<bool> TryClaimLoginAttemptAsync(this ShopDbContext db, int userId, LockoutOptions lockout, CancellationToken ct)
    {
        var last = lockout.MaxFailedAccessAttempts - 1;
        var lockedUntil = (DateTimeOffset?)(DateTimeOffset.UtcNow + lockout.DefaultLockoutTimeSpan);
        // Two statements, not a CASE on the count: EF orders SET clauses its own way and MySQL assigns left to right.
        return await db.Users
                .Where(u => u.Id == userId && u.AccessFailedCount < last)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1).SetProperty(u => u.ConcurrencyStamp, NewStamp()), ct) == 1
            || await db.Users
                .Where(u => u.Id == userId && u.AccessFailedCount == last)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(u => u.AccessFailedCount, last + 1).SetProperty(u => u.LockoutEnd, lockedUntil).SetProperty(u => u.ConcurrencyStamp, NewStamp()),
                    ct) == 1;
    }

    /// <summary>When the user's lock ends (null: never locked), and the stamp that guards starting a new series.</summary>
    public static async Task<(DateTimeOffset? LockoutEnd, string? Stamp)> FindLockoutAsync(this ShopDbContext db, int userId, CancellationToken ct) =>
        await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new ValueTuple<DateTimeOffset?, string?>(u.LockoutEnd, u.ConcurrencyStamp))
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// Gives a user whose lock has run out a new series of attempts. The stamp guard keeps a slow
    /// caller from lifting a newer lock that other logins set since it read <paramref name="stamp"/>.
    /// </summary>
    public static Task StartNewSeriesAsync(this ShopDbContext db, int userId, int maxAttempts, string? stamp, CancellationToken ct) =>
        db.Users
            .Where(u => u.Id == userId && u.AccessFailedCount >= maxAttempts && u.ConcurrencyStamp == stamp)
            .ExecuteUpdateAsync(Cleared, ct);

    /// <summary>A right password clears the failures, and the lock that its own attempt may have set.</summary>
    public static Task ResetLoginFailuresAsync(this ShopDbContext db, int userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(Cleared, ct);

    private static string NewStamp() => Guid.NewGuid().ToString();
}
