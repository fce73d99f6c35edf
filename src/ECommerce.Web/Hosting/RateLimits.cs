using System.Threading.RateLimiting;
using ECommerce.Web.Api;
using Microsoft.AspNetCore.RateLimiting;

namespace ECommerce.Web.Hosting;

public static class RateLimits
{
    /// <summary>Signup and login share one budget per client address.</summary>
    public const string Accounts = "accounts";

    public static IServiceCollection AddAccountRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:PermitsPerMinute", 10);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Accounts, context => permits <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await Problems.TooManyRequests(retryAfter, "Too many requests.", "Too many signups or logins from your address; try again later.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
