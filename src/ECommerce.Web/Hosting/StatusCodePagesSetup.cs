using Microsoft.AspNetCore.Diagnostics;

namespace ECommerce.Web.Hosting;

public static class StatusCodePagesSetup
{
    /// <summary>
    /// Turns the page re-execution off for the API and the webhook, whose clients read problem details:
    /// runs inside both status-code middlewares, so only the outer one (problem details) answers them.
    /// </summary>
    public static IApplicationBuilder UseStatusCodePagesOnlyForPages(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.IsForPrograms()
            && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await next(context);
    });
}
