using ECommerce.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace ECommerce.Web.Components.Pages.Admin;

/// <summary>
/// The admin check for interactive components. <c>[Authorize]</c> guards the page's HTTP request only;
/// a circuit runs components on its own, so each interactive admin component asks again before it
/// loads data or acts.
/// </summary>
public static class AdminAccess
{
    public static async Task<bool> IsAdminAsync(this IAuthorizationService authorization, Task<AuthenticationState>? state) =>
        state is not null && (await authorization.AuthorizeAsync((await state).User, Roles.Admin)).Succeeded;
}
