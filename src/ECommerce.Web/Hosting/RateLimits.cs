using System.Threading.RateLimiting;
using ECommerce.Web.Api;
using Microsoft.AspNetCore.RateLimiting;

namespace ECommerce.Web.Hosting;

public static class RateLimits
{
    /// <summary>
    /// Signup and login share one budget per client address, the API's calls and the account pages' form
    /// posts alike; reading those pages costs nothing.
    /// </summary>
    public const string Accounts = "accounts";

    /// <summary>
    /// Checkouts have a budget per signed-in account, each one reserving stock and creating a PaymentIntent: the API's
    /// and the checkout page's form posts together; reading the page costs nothing.
    /// </summary>
    public const string Checkout = "checkout";

    public static IServiceCollection AddShopRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var accountPermits = configuration.GetValue("RateLimiting:PermitsPerMinute", 10);
        var checkoutPermits = configuration.GetValue("RateLimiting:CheckoutsPerMinute", 10);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Accounts, context => HttpMethods.IsPost(context.Request.Method)
                ? PerMinute(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", accountPermits)
                : RateLimitPartition.GetNoLimiter("reading"));
            options.AddPolicy(Checkout, context => HttpMethods.IsPost(context.Request.Method)
                ? PerMinute(context.User.FindFirst("sub")?.Value ?? "anonymous", checkoutPermits)
                : RateLimitPartition.GetNoLimiter("reading"));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                if (!context.HttpContext.Request.Path.IsApi())
                {
                    // A page: the status alone, which the status-code pages turn into the shop's own error page.
                    context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.HttpContext.Response.SetRetryAfter(retryAfter);
                    return;
                }

                var detail = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Checkout
                    ? "Too many checkouts from your account; try again later."
                    : "Too many signups or logins from your address; try again later.";
                await Problems.TooManyRequests(retryAfter, "Too many requests.", detail).ExecuteAsync(context.HttpContext);
            };
        });
    }

    /// <summary><paramref name="permits"/> calls a minute for each <paramref name="key"/>; none or fewer than one turns the limit off.</summary>
    private static RateLimitPartition<string> PerMinute(string key, int permits) => permits <= 0
        ? RateLimitPartition.GetNoLimiter("off")
        : RateLimitPartition.GetFixedWindowLimiter(
            key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
