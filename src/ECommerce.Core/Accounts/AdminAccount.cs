using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace ECommerce.Core.Accounts;

/// <summary>
/// Creates or updates the back office's account from configuration at start-up. That account is never
/// locked out (anyone could keep it locked by failing 5 logins now and then): the rate limit of login
/// guards it, and a long password, which Production requires.
/// </summary>
public sealed class AdminAccount(UserManager<ShopUser> users, RoleManager<IdentityRole<int>> roles, TimeProvider time, ILogger<AdminAccount> logger)
{
    public const int MinimumProductionPasswordLength = 12;

    public async Task EnsureAsync(string username, string password)
    {
        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            Check(await roles.CreateAsync(new IdentityRole<int>(Roles.Admin)));
        }

        var user = await users.FindByNameAsync(username);
        if (user is null)
        {
            user = new ShopUser { UserName = username, CreatedAt = time.GetUtcNow().UtcDateTime };
            Check(await users.CreateAsync(user, password));
            logger.LogInformation("Created the admin account {Username}.", username);
        }
        else if (!await users.CheckPasswordAsync(user, password))
        {
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            logger.LogInformation("Updated the password of the admin account {Username}.", username);
        }

        if (user.LockoutEnabled || user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            (user.LockoutEnabled, user.AccessFailedCount, user.LockoutEnd) = (false, 0, null);
            Check(await users.UpdateAsync(user));
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "Could not set up the admin account from ADMIN_USERNAME/ADMIN_PASSWORD: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
