using ECommerce.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ECommerce.Web.Hosting;

/// <summary>
/// An interactive page (the back office's, an order's live status) keeps the account it was opened with for as long as
/// its circuit lives, which can be hours. Like the sign-in cookie, it is checked against the account every
/// <see cref="SecurityStampValidatorOptions.ValidationInterval"/>: once the password changed, the account is gone
/// or its roles changed (each of which renews the security stamp), the page's user is signed out, and every
/// action it checks (<c>AdminAccess.IsAdminAsync</c>) is refused.
/// </summary>
public sealed class CircuitAuthentication(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<SecurityStampValidatorOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.ValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ShopUser>>();
        return await signIn.ValidateSecurityStampAsync(state.User) is not null;
    }
}
