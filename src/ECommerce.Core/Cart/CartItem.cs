using ECommerce.Core.Catalog;

namespace ECommerce.Core.Cart;

/// <summary>One line of a cart: a cart is simply the lines of one account or of one guest.</summary>
public class CartItem
{
    public int Id { get; private set; }

    /// <summary>The account whose cart this line is in; null for a guest's line.</summary>
    public int? UserId { get; init; }

    /// <summary>The guest cart this line is in (the browser keeps its id in a cookie); null for an account's line.</summary>
    public string? GuestCartId { get; init; }

    public int ProductId { get; init; }

    public Product Product { get; private set; } = null!;

    public int Quantity { get; set; }

    /// <summary>When the line was put in the cart or last changed (UTC): a guest cart is pruned a cookie's lifetime after its newest line.</summary>
    public DateTime UpdatedAt { get; set; }
}
