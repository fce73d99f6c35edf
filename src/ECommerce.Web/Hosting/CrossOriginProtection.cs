namespace ECommerce.Web.Hosting;

/// <summary>
/// Refuses a form post that a browser sends on another site's behalf (cross-site request forgery), going by what the
/// browser says of where the request comes from: <c>Sec-Fetch-Site</c>, which every current browser sends, or else
/// <c>Origin</c>. A request with neither comes from no browser (curl, Stripe's webhook) and is let through.
/// The pages' forms carry antiforgery tokens as well, but the product page's add-to-cart form carries none, because
/// that page is shared between visitors (<see cref="CatalogCaching.PagePolicy"/>): this is its guard. Not for the API,
/// whose calls are authorized by a bearer token that no other site can make a browser send, nor for the webhook,
/// authorized by Stripe's signature.
/// </summary>
public static class CrossOriginProtection
{
    public static IApplicationBuilder UseCrossOriginProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && !request.Path.IsForPrograms() && IsCrossOrigin(request))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                detail: "This form was sent from another site. Open the page on this shop and send it from there.").ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool IsCrossOrigin(HttpRequest request)
    {
        // "none": the user's own doing (a bookmark, the address bar).
        if (request.Headers["Sec-Fetch-Site"] is [{ } site])
        {
            return site is not ("same-origin" or "none");
        }

        return request.Headers.Origin is [{ } origin]
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
