namespace ECommerce.Core.Catalog;

/// <summary>
/// A thing the shop sells. Stock is counted as units on hand and units reserved by pending orders;
/// both only ever change through <see cref="Stock"/>, in single conditional updates.
/// </summary>
public class Product
{
    /// <summary>Bounds that keep every total and stock sum far inside 64- and 32-bit integers.</summary>
    public const long MaxPrice = 1_000_000_000;

    public const int MaxStock = 1_000_000;

    public int Id { get; private set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Price in the currency's minor unit (cents).</summary>
    public long Price { get; set; }

    public required string Currency { get; set; }

    public int CategoryId { get; set; }

    public Category Category { get; set; } = null!;

    public string? ImageUrl { get; set; }

    public int OnHand { get; set; }

    public int Reserved { get; private set; }

    public bool Archived { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>What can still be bought: units on hand that no pending order holds.</summary>
    public int Available => OnHand - Reserved;
}
