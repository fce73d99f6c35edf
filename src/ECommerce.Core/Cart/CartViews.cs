using System.Text.Json.Serialization;

namespace ECommerce.Core.Cart;

/// <summary>
/// A line at today's price. <see cref="Available"/> is what can be bought now, so a page can say when
/// stock ran short; the API's cart keeps the contract's fields only.
/// </summary>
public sealed record CartLineView(int ProductId, string Name, long UnitPrice, int Quantity, long LineTotal, [property: JsonIgnore] int Available)
{
    [JsonIgnore]
    public bool ExceedsStock => Quantity > Available;
}

/// <summary>A cart at today's prices; the order freezes them at checkout.</summary>
public sealed record CartView(IReadOnlyList<CartLineView> Items, int ItemCount, long Total, string Currency)
{
    [JsonIgnore]
    public bool IsEmpty => Items.Count == 0;
}
