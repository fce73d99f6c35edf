namespace ECommerce.Web.Hosting;

public static class ProblemDefaults
{
    /// <summary>Problem details for every error, including the bare status codes of authentication and routing.</summary>
    public static IServiceCollection AddShopProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized => "Sign in: send a valid bearer token from POST /api/login.",
                StatusCodes.Status403Forbidden => "Your account may not do this.",
                StatusCodes.Status404NotFound => "Nothing is here.",
                StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
                StatusCodes.Status500InternalServerError => "Something went wrong on our side; it has been logged.",
                _ => context.ProblemDetails.Title,
            };
        });
}
