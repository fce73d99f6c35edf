using Microsoft.OpenApi;

namespace ECommerce.Web.Hosting;

public static class OpenApiSetup
{
    /// <summary>The API's OpenAPI document, titled and with the bearer scheme the reference page signs in with.</summary>
    public static IServiceCollection AddShopOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ECommerce API";
            document.Info.Description = "Accounts, catalog, cart, checkout with Stripe, orders and the back office. "
                + "Sign in with POST /api/login and send the token as `Authorization: Bearer <token>`.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The token from POST /api/login.",
            };
            return Task.CompletedTask;
        }));
}
