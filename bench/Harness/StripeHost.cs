using ECommerce.Tests.Infrastructure;

namespace ECommerce.Bench;

/// <summary>Serves the tests' Stripe API stand-in until the process is stopped.</summary>
public static class StripeHost
{
    public static async Task<int> RunAsync()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        Console.WriteLine(stripe.BaseUrl);
        var stopped = new TaskCompletionSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
        await stopped.Task;
        return 0;
    }
}
