namespace ECommerce.Core;

/// <summary>Settings of the shop as a whole (section <c>Shop</c>).</summary>
public class ShopOptions
{
    public const string Section = "Shop";

    /// <summary>The one currency the shop sells in, as an ISO 4217 code in lower case.</summary>
    public string Currency { get; set; } = "usd";
}
