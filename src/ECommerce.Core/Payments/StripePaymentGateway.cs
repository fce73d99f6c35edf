using System.Globalization;
using Microsoft.Extensions.Options;
using Stripe;

namespace ECommerce.Core.Payments;

/// <summary>
/// Stripe through Stripe.net: every call carries an idempotency key derived from the order, and every
/// call, the SDK's retries included, ends within <see cref="PaymentOptions.Timeout"/>.
/// </summary>
public sealed class StripePaymentGateway(IStripeClient stripe, IOptions<PaymentOptions> options) : IPaymentGateway
{
    private readonly PaymentIntentService _intents = new(stripe);
    private readonly RefundService _refunds = new(stripe);

    public async Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString(CultureInfo.InvariantCulture) },
        };
        var intent = await CallAsync(
            token => _intents.CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, token), ct);
        return new PaymentIntentHandle(intent.Id, intent.ClientSecret);
    }

    public async Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct)
    {
        try
        {
            await CallAsync(token => _intents.CancelAsync(paymentIntentId, cancellationToken: token), ct);
            return new CancelOutcome.Canceled();
        }
        catch (PaymentGatewayException e) when (e.InnerException is StripeException { StripeError: { } error })
        {
            // Stripe refuses to cancel an intent that is no longer open; its current state is in the error.
            return (error.Code, error.PaymentIntent?.Status) switch
            {
                (_, "succeeded") => new CancelOutcome.AlreadySucceeded(paymentIntentId, error.PaymentIntent.Amount, error.PaymentIntent.Currency),
                (_, "canceled") => new CancelOutcome.Canceled(),
                ("resource_missing", _) => new CancelOutcome.Unknown(),
                _ => throw new PaymentGatewayException($"Stripe could not cancel {paymentIntentId}: {e.Message}", e.InnerException),
            };
        }
    }

    public Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct) =>
        CallAsync(
            token => _refunds.CreateAsync(
                new RefundCreateOptions { PaymentIntent = paymentIntentId }, new RequestOptions { IdempotencyKey = idempotencyKey }, token),
            ct);

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var limit = options.Value.Timeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            return await call(timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // An HttpClient timeout is a cancellation too: either way Stripe did not answer in time.
            throw new PaymentGatewayException($"Stripe did not answer within {limit.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
            throw new PaymentGatewayException($"Stripe: {e.Message}", e);
        }
    }
}
