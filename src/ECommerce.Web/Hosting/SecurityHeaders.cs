using ECommerce.Core.Payments;
using Microsoft.Extensions.Options;

namespace ECommerce.Web.Hosting;

/// <summary>
/// Headers that keep the pages to what they use: the shop's own scripts, Stripe.js from its configured
/// address and Stripe's frames, nothing inline but styles (MudBlazor's theme and positioning).
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<IOptions<PaymentOptions>>().Value);
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (!context.Request.Path.IsApi())
            {
                headers.ContentSecurityPolicy = policy;
                headers.XFrameOptions = "DENY";
            }

            await next(context);
        });
    }

    public static string ContentSecurityPolicy(PaymentOptions payments)
    {
        // Stripe's published needs for the Payment Element: its script, its API, and frames of its own domains.
        string[] stripe = payments.UsesStripe && !string.IsNullOrWhiteSpace(payments.PublishableKey)
            ? [new Uri(payments.JsUrl).GetLeftPart(UriPartial.Authority)]
            : [];
        var stripeFrames = stripe.Length > 0 ? " https://*.js.stripe.com https://hooks.stripe.com" : "";
        var stripeApi = stripe.Length > 0 ? " https://api.stripe.com" : "";
        var origins = string.Concat(stripe.Select(origin => " " + origin));
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self'{origins}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            "font-src 'self' data:",
            $"connect-src 'self'{origins}{stripeApi}",
            $"frame-src 'self'{origins}{stripeFrames}",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'self'",
            "object-src 'none'");
    }
}
