using System.Text.RegularExpressions;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;

namespace ECommerce.Core.Accounts;

/// <summary>Raised when an account is locked after too many failed logins.</summary>
public sealed record LockedOutFailure(TimeSpan RetryAfter)
    : Failure("Account locked.", "Too many failed logins in a row; try again later.");

public sealed record UnauthorizedFailure(string Detail) : Failure("Unauthorized.", Detail);

/// <summary>Signing up and logging in, on ASP.NET Core Identity.</summary>
public sealed partial class AccountService(UserManager<ShopUser> users, ShopDbContext db, TokenIssuer tokens, TimeProvider time)
{
    public const int MinimumPasswordLength = 8;

    /// <summary>The rules of a new account's fields (usernames already taken aside), by field: empty when all are met.</summary>
    public static IReadOnlyDictionary<string, string[]> SignUpErrors(string? username, string? password, string? email)
    {
        var errors = new Dictionary<string, string[]>();
        if (username is null || !UsernamePattern().IsMatch(username))
        {
            errors["username"] = ["username must be 3 to 64 characters: letters, digits, '.', '_', '-' or '@'."];
        }

        if (password is null || password.Length < MinimumPasswordLength)
        {
            errors["password"] = [$"password must be at least {MinimumPasswordLength} characters."];
        }

        if (email is not null && !EmailPattern().IsMatch(email))
        {
            errors["email"] = ["email is not a valid address."];
        }

        return errors;
    }

    public async Task<Result<AccountView>> SignUpAsync(string? username, string? password, string? email, CancellationToken ct = default)
    {
        if (SignUpErrors(username, password, email) is { Count: > 0 } errors)
        {
            return new ValidationFailure(errors);
        }

        var taken = new ConflictFailure($"The username '{username}' is taken.");
        var user = new ShopUser { UserName = username, Email = email, CreatedAt = time.GetUtcNow().UtcDateTime };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password!);
        }
        catch (DbUpdateException e) when (Transactions.IsUniqueViolation(e))
        {
            // Two signups of one name at once: Identity's check passed for both, the unique index stopped one.
            return taken;
        }

        if (created.Succeeded)
        {
            return new AccountView(user.Id, user.UserName!);
        }

        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return taken;
        }

        return new ValidationFailure(created.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "username")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
    }

    /// <summary>Exchanges a username and password for an API token.</summary>
    public async Task<Result<TokenView>> LogInAsync(string? username, string? password, CancellationToken ct = default)
    {
        var verified = await VerifyAsync(username, password, ct);
        if (!verified.Succeeded)
        {
            return verified.Failure!;
        }

        return tokens.Issue(verified.Value, await users.GetRolesAsync(verified.Value));
    }

    /// <summary>
    /// Checks a username and password, the attempt counted against the account's lockout first: the one
    /// check behind the API's tokens and the pages' sign-in, so both share the count of failures.
    /// </summary>
    public async Task<Result<ShopUser>> VerifyAsync(string? username, string? password, CancellationToken ct = default)
    {
        var wrong = new UnauthorizedFailure("Wrong username or password.");
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return wrong;
        }

        var user = await users.FindByNameAsync(username);
        if (user is null)
        {
            return wrong;
        }

        if (user.LockoutEnabled && await ClaimAttemptAsync(user, ct) is { } locked)
        {
            return locked;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            // The attempt was counted when it was claimed.
            return wrong;
        }

        if (user.LockoutEnabled)
        {
            await db.ResetLoginFailuresAsync(user.Id, ct);
        }

        return user;
    }

    public async Task<MeView?> FindAsync(int userId)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return user is null ? null : new MeView(user.Id, user.UserName!, [.. await users.GetRolesAsync(user)]);
    }

    /// <summary>
    /// Counts the attempt before its password is checked, so however many logins run at once no more
    /// passwords are checked than the lockout allows. Null when the attempt may go on; else the answer.
    /// </summary>
    private async Task<LockedOutFailure?> ClaimAttemptAsync(ShopUser user, CancellationToken ct)
    {
        var lockout = users.Options.Lockout;
        var lockoutEnd = user.LockoutEnd;
        for (var round = 1; round <= 3; round++)
        {
            if (lockoutEnd > DateTimeOffset.UtcNow)
            {
                return LockedOut(lockoutEnd);
            }

            if (await db.TryClaimLoginAttemptAsync(user.Id, lockout, ct))
            {
                return null;
            }

            (lockoutEnd, var stamp) = await db.FindLockoutAsync(user.Id, ct);
            if (!(lockoutEnd > DateTimeOffset.UtcNow))
            {
                await db.StartNewSeriesAsync(user.Id, lockout.MaxFailedAccessAttempts, stamp, ct);
            }
        }

        // Other logins kept winning the new series: as good as locked, for a moment.
        return LockedOut(lockoutEnd);
    }

    /// <summary>How long the lock lasts, on Identity's own clock (the wall clock: Identity takes no TimeProvider).</summary>
    private static LockedOutFailure LockedOut(DateTimeOffset? lockoutEnd)
    {
        var left = (lockoutEnd ?? DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow;
        return new LockedOutFailure(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
