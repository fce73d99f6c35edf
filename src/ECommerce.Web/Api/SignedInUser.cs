using System.Globalization;
using System.Security.Claims;

namespace ECommerce.Web.Api;

public static class SignedInUser
{
    /// <summary>The id of the signed-in user, from the token's <c>sub</c> claim.</summary>
    public static int UserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue("sub") ?? throw new InvalidOperationException("The token has no subject."), CultureInfo.InvariantCulture);
}
