using ECommerce.Core.Cart;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core;

/// <summary>
/// Every <see cref="CheckoutOptions.SweepInterval"/>: settles expired orders (<see cref="OrderExpiry"/>), forgets
/// webhook events past their retention, and prunes the guest carts no browser can come back to. Nothing that goes
/// wrong in a round stops the next one.
/// </summary>
public sealed class MaintenanceWorker(IServiceProvider services, IOptions<CheckoutOptions> options, TimeProvider time, ILogger<MaintenanceWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            await RunAsync("Expiring unpaid orders", () => services.GetRequiredService<OrderExpiry>().ExpireAsync(stoppingToken), stoppingToken);
            await RunAsync(
                "Pruning old webhook events",
                () => services.GetRequiredService<StripeWebhookHandler>().PruneProcessedEventsAsync(stoppingToken),
                stoppingToken);
            await RunAsync("Pruning abandoned guest carts", () => services.GetRequiredService<CartService>().PruneGuestCartsAsync(stoppingToken), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunAsync(string what, Func<Task<int>> step, CancellationToken stoppingToken)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever it is (a timeout is an OperationCanceledException too), the app stays up and tries again next round.
            logger.LogError(e, "{What} failed; trying again at the next round.", what);
        }
    }
}
