namespace ECommerce.Core.Payments;

/// <summary>The payment provider as the shop needs it: one PaymentIntent per order, cancel it, refund it.</summary>
public interface IPaymentGateway
{
    /// <exception cref="PaymentGatewayException">The provider refused or could not be reached.</exception>
    Task<PaymentIntentHandle> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken ct);

    /// <exception cref="PaymentGatewayException">The provider refused or could not be reached.</exception>
    Task<CancelOutcome> CancelPaymentIntentAsync(string paymentIntentId, CancellationToken ct);

    /// <exception cref="PaymentGatewayException">The provider refused or could not be reached.</exception>
    Task RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct);
}

public sealed record PaymentIntentRequest(int OrderId, long Amount, string Currency, string IdempotencyKey);

public sealed record PaymentIntentHandle(string Id, string ClientSecret);

public enum CancelOutcome
{
    Canceled,

    /// <summary>Too late: the customer already paid, and the <c>succeeded</c> event decides.</summary>
    AlreadySucceeded,
}

public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);
