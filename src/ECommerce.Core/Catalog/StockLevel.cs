namespace ECommerce.Core.Catalog;

/// <summary>How a shopper is told about stock: plenty, running low, or none left.</summary>
public enum StockLevel
{
    InStock,
    Low,
    SoldOut,
}

public static class StockLevels
{
    /// <summary>At or below this many units a product is marked as running low.</summary>
    public const int LowThreshold = 5;

    public static StockLevel Of(int available) => available switch
    {
        <= 0 => StockLevel.SoldOut,
        <= LowThreshold => StockLevel.Low,
        _ => StockLevel.InStock,
    };

    /// <summary>The words a page shows for it.</summary>
    public static string Describe(int available) => Of(available) switch
    {
        StockLevel.SoldOut => "Sold out",
        StockLevel.Low => $"Only {available} left",
        _ => "In stock",
    };
}
