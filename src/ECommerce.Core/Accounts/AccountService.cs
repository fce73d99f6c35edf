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
public sealed partial class AccountService(UserManager<ShopUser> users, TokenIssuer tokens, TimeProvider time)
{
    public const int MinimumPasswordLength = 8;

    public async Task<Result<AccountView>> SignUpAsync(string? username, string? password, string? email, CancellationToken ct = default)
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

        if (errors.Count > 0)
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

    public async Task<Result<TokenView>> LogInAsync(string? username, string? password, CancellationToken ct = default)
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

        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut(user);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return wrong;
        }

        await users.ResetAccessFailedCountAsync(user);
        return tokens.Issue(user, await users.GetRolesAsync(user));
    }

    public async Task<MeView?> FindAsync(int userId)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return user is null ? null : new MeView(user.Id, user.UserName!, [.. await users.GetRolesAsync(user)]);
    }

    /// <summary>How long the lock lasts, on Identity's own clock (the wall clock: Identity takes no TimeProvider).</summary>
    private static LockedOutFailure LockedOut(ShopUser user)
    {
        var left = (user.LockoutEnd ?? DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow;
        return new LockedOutFailure(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
