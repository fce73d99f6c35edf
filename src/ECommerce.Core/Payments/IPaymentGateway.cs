namespace ECommerce.Core.Payments;

/// <summary>The payment provider as the shop needs it: one PaymentIntent per order, cancel it, refund it.</summary>
public interface IPaymentGateway
{
    /// <exception cref="PaymentGatewayException">The provider refused, could not be reached or did not answer in time.</exception>
    Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct);

    /// <exception cref="PaymentGatewayException">The provider refused, could not be reached or did not answer in time.</exception>
    Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct);

    /// <exception cref="PaymentGatewayException">The provider refused, could not be reached or did not answer in time.</exception>
    Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct);
}

public sealed record PaymentIntentRequest(int OrderId, long Amount, string Currency, string IdempotencyKey);

public sealed record PaymentIntentHandle(string Id, string ClientSecret);

/// <summary>What became of a PaymentIntent the shop asked to cancel.</summary>
public abstract record CancelOutcome
{
    private CancelOutcome()
    {
    }

    /// <summary>Canceled now or before: nobody can pay it any more.</summary>
    public sealed record Canceled : CancelOutcome;

    /// <summary>Too late: the customer paid this amount, and the order must be settled as paid.</summary>
    public sealed record AlreadySucceeded(string PaymentIntentId, long Amount, string Currency) : CancelOutcome;

    /// <summary>The provider has no PaymentIntent of that id (the account's keys changed): it cannot be paid through this shop.</summary>
    public sealed record Unknown : CancelOutcome;
}

public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);
