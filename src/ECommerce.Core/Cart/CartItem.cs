using ECommerce.Core.Catalog;

namespace ECommerce.Core.Cart;

/// <summary>One line of a user's cart: the cart is simply the user's lines.</summary>
public class CartItem
{
    public int UserId { get; init; }

    public int ProductId { get; init; }

    public Product Product { get; private set; } = null!;

    public int Quantity { get; set; }
}
