using ECommerce.Core.Accounts;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Pages;

/// <summary>An interactive page's account is checked again while its circuit lives, as the sign-in cookie is.</summary>
public sealed class CircuitAuthenticationTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Fact]
    public async Task An_open_page_keeps_its_account_until_the_security_stamp_changes_then_signs_it_out()
    {
        await using var app = shop.StartAnotherApp(services =>
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMilliseconds(100)));
        var username = $"circuit-{Guid.NewGuid():N}"[..20];
        await shop.SignedInAsync(username);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = (await users.FindByNameAsync(username))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ShopUser>>().CreateAsync(user);
        var circuit = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().ShouldBeOfType<CircuitAuthentication>();
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        circuit.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
            {
                signedOut.TrySetResult(await state);
            }
        };

        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await Task.Delay(600);

        signedOut.Task.IsCompleted.ShouldBeFalse("an unchanged account stays signed in through several checks");
        (await circuit.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.ShouldBeTrue();

        // What a password change, a role change or the account's removal does.
        await users.UpdateSecurityStampAsync(user);

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await circuit.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.ShouldBeFalse();
    }
}
