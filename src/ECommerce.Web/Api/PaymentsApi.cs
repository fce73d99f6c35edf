using System.Security.Claims;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;

namespace ECommerce.Web.Api;

/// <summary>Stripe's webhook, and the offline test-card payments of a shop without Stripe keys.</summary>
public static class PaymentsApi
{
    public sealed record TestPaymentRequest(string? PaymentIntentId, string? CardNumber);

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        // The original service's path, so `stripe listen --forward-to localhost:8080/webhook` works as before.
        app.MapPost("/webhook", Webhook)
            .WithTags("Stripe webhook").WithName("StripeWebhook")
            .WithSummary("Stripe events, verified with the Stripe-Signature header and applied at most once.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        if (app.ServiceProvider.GetService<TestPayments>() is not null)
        {
            app.MapPost("/api/test-payments/confirm", ConfirmTestPayment)
                .WithTags("Checkout and orders").WithName("ConfirmTestPayment")
                .WithSummary("Offline mode only: pays a pending order with a test card, as Stripe's Payment Element would.")
                .RequireAuthorization()
                .Produces<OrderView>().ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }

    private static async Task<IResult> Webhook(HttpRequest request, StripeWebhookHandler webhook, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var result = await webhook.HandleAsync(json, request.Headers["Stripe-Signature"].FirstOrDefault(), ct);
        return result.Status switch
        {
            WebhookStatus.Rejected => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The event was refused.", detail: result.Message),
            WebhookStatus.RetryLater => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The event could not be applied yet.", detail: result.Message),
            _ => TypedResults.Ok(new { received = true, status = result.Status.ToString().ToLowerInvariant(), message = result.Message }),
        };
    }

    private static async Task<IResult> ConfirmTestPayment(TestPaymentRequest request, ClaimsPrincipal user, TestPayments payments, CancellationToken ct) =>
        (await payments.ConfirmAsync(user.UserId(), request.PaymentIntentId, request.CardNumber, ct)).ToHttp();
}
