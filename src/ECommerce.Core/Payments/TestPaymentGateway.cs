using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ECommerce.Core.Payments;

/// <summary>
/// Offline payments for a shop with no Stripe key: PaymentIntent-like ids and client secrets, paid
/// through <see cref="TestPayments"/>, which sends signed Stripe-format events to the real webhook handling.
/// </summary>
public sealed class TestPaymentGateway : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, Intent> _intents = new();

    public Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct)
    {
        var id = $"pi_test_{RandomToken(12)}";
        _intents[id] = new Intent(request.Amount, request.Currency, Succeeded: false);
        return Task.FromResult(new PaymentIntentHandle(id, $"{id}_secret_{RandomToken(12)}"));
    }

    public Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct) =>
        Task.FromResult<CancelOutcome>(_intents.TryGetValue(paymentIntentId, out var intent) && intent.Succeeded
            ? new CancelOutcome.AlreadySucceeded(paymentIntentId, intent.Amount, intent.Currency)
            : new CancelOutcome.Canceled());

    public Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    internal void MarkSucceeded(string paymentIntentId, long amount, string currency) =>
        _intents[paymentIntentId] = new Intent(amount, currency, Succeeded: true);

    internal static string RandomToken(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(length / 2));

    private sealed record Intent(long Amount, string Currency, bool Succeeded);
}
