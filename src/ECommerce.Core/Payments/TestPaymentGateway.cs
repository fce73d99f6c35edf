using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ECommerce.Core.Payments;

/// <summary>
/// Offline payments for a shop with no Stripe key: PaymentIntent-like ids and client secrets, paid
/// through <see cref="TestPayments"/>, which sends signed Stripe-format events to the real webhook handling.
/// </summary>
public sealed class TestPaymentGateway : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, string> _states = new();

    public Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct)
    {
        var id = $"pi_test_{RandomToken(12)}";
        _states[id] = "requires_payment_method";
        return Task.FromResult(new PaymentIntentHandle(id, $"{id}_secret_{RandomToken(12)}"));
    }

    public Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct) =>
        Task.FromResult(_states.TryGetValue(paymentIntentId, out var state) && state == "succeeded"
            ? CancelOutcome.AlreadySucceeded
            : CancelOutcome.Canceled);

    public Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    internal void MarkSucceeded(string paymentIntentId) => _states[paymentIntentId] = "succeeded";

    internal static string RandomToken(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(length / 2));
}
