namespace ECommerce.Core.Payments;

/// <summary>A Stripe event already applied, stored in the same transaction as its effect so it is applied once.</summary>
public class ProcessedWebhookEvent
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required string Outcome { get; set; }

    public DateTime ProcessedAt { get; init; }
}
