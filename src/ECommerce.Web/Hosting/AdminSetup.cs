using ECommerce.Core.Accounts;

namespace ECommerce.Web.Hosting;

/// <summary>The back office's account, from <c>ADMIN_USERNAME</c> and <c>ADMIN_PASSWORD</c> (or <c>Admin:Username</c>, <c>Admin:Password</c>).</summary>
public static class AdminSetup
{
    /// <summary>
    /// In Production the admin's password must be long: that account is never locked out, so only the
    /// rate limit and the password's length stand against guessing.
    /// </summary>
    /// <returns>The problem that stops the app from starting, or null.</returns>
    public static string? CheckAdminPassword(this WebApplicationBuilder builder)
    {
        var (username, password) = Configured(builder.Configuration);
        if (username is null || password is null || password.Length >= AdminAccount.MinimumProductionPasswordLength || !builder.Environment.IsProduction())
        {
            return null;
        }

        return $"ADMIN_PASSWORD (or Admin:Password) must be at least {AdminAccount.MinimumProductionPasswordLength} characters: "
            + "the admin account is never locked out after failed logins, so its password must resist guessing.";
    }

    /// <summary>Creates the configured admin account, or brings it up to date (password, role, no lockout).</summary>
    public static async Task EnsureAdminAccountAsync(this WebApplication app)
    {
        if (Configured(app.Configuration) is (string username, string password))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdminAccount>().EnsureAsync(username, password);
        }
    }

    /// <summary>The admin's username and password; both null unless both are set.</summary>
    private static (string? Username, string? Password) Configured(IConfiguration configuration)
    {
        var (username, password) = (configuration["Admin:Username"], configuration["Admin:Password"]);
        return string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password) ? (null, null) : (username, password);
    }
}
