using System.Globalization;
using Stripe;

namespace ECommerce.Core.Payments;

/// <summary>Stripe through Stripe.net: every call carries an idempotency key derived from the order.</summary>
public sealed class StripePaymentGateway(IStripeClient stripe) : IPaymentGateway
{
    private readonly PaymentIntentService _intents = new(stripe);
    private readonly RefundService _refunds = new(stripe);

    public async Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString(CultureInfo.InvariantCulture) },
        };
        var intent = await Call(() => _intents.CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct));
        return new PaymentIntentHandle(intent.Id, intent.ClientSecret);
    }

    public async Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct)
    {
        try
        {
            await _intents.CancelAsync(paymentIntentId, cancellationToken: ct);
            return CancelOutcome.Canceled;
        }
        catch (StripeException e) when (e.StripeError?.PaymentIntent?.Status is { } status)
        {
            // Stripe refuses to cancel an intent that is no longer open; its current state is in the error.
            return status switch
            {
                "succeeded" => CancelOutcome.AlreadySucceeded,
                "canceled" => CancelOutcome.Canceled,
                _ => throw new PaymentGatewayException($"Stripe could not cancel {paymentIntentId}: {e.Message}", e),
            };
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            throw new PaymentGatewayException($"Stripe could not cancel {paymentIntentId}: {e.Message}", e);
        }
    }

    public Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct) =>
        Call(() => _refunds.CreateAsync(
            new RefundCreateOptions { PaymentIntent = paymentIntentId }, new RequestOptions { IdempotencyKey = idempotencyKey }, ct));

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            throw new PaymentGatewayException($"Stripe: {e.Message}", e);
        }
    }

    private static bool IsProviderFailure(Exception e) =>
        e is StripeException or HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false };
}
