using ECommerce.Core.Cart;
using ECommerce.Web.Api;

namespace ECommerce.Web.Components;

/// <summary>
/// Whose cart a page shows: the account's once signed in, else a guest cart whose id the browser keeps in
/// a cookie. The lines live in the database, so any instance of the shop serves the same guest cart.
/// </summary>
public static class GuestCartCookie
{
    public const string Name = "shop_cart";

    /// <summary>The cart of whoever sent the request, or null for a guest who has none yet.</summary>
    public static CartOwner? CartOf(this HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.Cart() : CartOwner.Guest.Parse(http.Request.Cookies[Name]);

    /// <summary>The cart to put something in: a guest without one gets a new guest cart and its cookie.</summary>
    public static CartOwner CartToFill(this HttpContext http)
    {
        if (http.CartOf() is { } cart)
        {
            return cart;
        }

        var guest = CartOwner.Guest.New();
        http.Response.Cookies.Append(Name, guest.CartId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            MaxAge = CartOwner.Guest.Lifetime,
        });
        return guest;
    }

    /// <summary>After sign-in or registration: the guest's lines move into the account's cart and the cookie goes.</summary>
    public static async Task MergeGuestCartAsync(this HttpContext http, int userId, CartService carts)
    {
        if (CartOwner.Guest.Parse(http.Request.Cookies[Name]) is { } guest)
        {
            await carts.MergeAsync(guest, userId, http.RequestAborted);
            http.Response.Cookies.Delete(Name);
        }
    }
}
