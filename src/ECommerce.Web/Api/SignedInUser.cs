using System.Globalization;
using System.Security.Claims;
using ECommerce.Core.Cart;

namespace ECommerce.Web.Api;

public static class SignedInUser
{
    /// <summary>The id of the signed-in user, from the <c>sub</c> claim of the API's token or the pages' cookie.</summary>
    public static int UserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue("sub") ?? throw new InvalidOperationException("The token has no subject."), CultureInfo.InvariantCulture);

    /// <summary>The signed-in user's cart.</summary>
    public static CartOwner.Account Cart(this ClaimsPrincipal user) => new(user.UserId());
}
