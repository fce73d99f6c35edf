namespace ECommerce.Core.Ordering;

/// <summary>A product as it was bought: name and price are frozen when the order is placed.</summary>
public class OrderLine
{
    public int Id { get; private set; }

    public int OrderId { get; private set; }

    public int ProductId { get; init; }

    public required string Name { get; init; }

    public long UnitPrice { get; init; }

    public int Quantity { get; init; }

    public long LineTotal => UnitPrice * Quantity;
}
