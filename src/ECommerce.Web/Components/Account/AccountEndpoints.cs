using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Web.Components.Account;

/// <summary>The pages' session: signing a shopper in (after <see cref="AccountService.VerifyAsync"/> or a signup) and out.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", SignOutAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Gives the browser the session cookie and moves the guest's cart into the account's.</summary>
    public static async Task SignInShopperAsync(this SignInManager<ShopUser> signIn, ShopUser user, CartService carts)
    {
        await signIn.SignInAsync(user, isPersistent: false);
        await signIn.Context.MergeGuestCartAsync(user.Id, carts);
    }

    /// <summary>
    /// The header's sign-out form. Its fields are not read: binding them makes the endpoint check the
    /// antiforgery token, so no other site can sign a shopper out.
    /// </summary>
    private static async Task<RedirectHttpResult> SignOutAsync([FromForm] IFormCollection form, SignInManager<ShopUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(ReturnUrls.Home);
    }
}
