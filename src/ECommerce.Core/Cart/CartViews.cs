namespace ECommerce.Core.Cart;

public sealed record CartLineView(int ProductId, string Name, long UnitPrice, int Quantity, long LineTotal);

/// <summary>A cart at today's prices; the order freezes them at checkout.</summary>
public sealed record CartView(IReadOnlyList<CartLineView> Items, int ItemCount, long Total, string Currency);
