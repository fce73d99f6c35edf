using System.Security.Cryptography;

namespace ECommerce.Core.Cart;

/// <summary>Whose cart: a signed-in account's, or a guest's that is merged into an account at sign-in.</summary>
public abstract record CartOwner
{
    private CartOwner()
    {
    }

    internal abstract IQueryable<CartItem> Lines(IQueryable<CartItem> items);

    internal abstract CartItem NewLine(int productId, int quantity, DateTime now);

    public sealed record Account(int UserId) : CartOwner
    {
        internal override IQueryable<CartItem> Lines(IQueryable<CartItem> items) => items.Where(i => i.UserId == UserId);

        internal override CartItem NewLine(int productId, int quantity, DateTime now) =>
            new() { UserId = UserId, ProductId = productId, Quantity = quantity, UpdatedAt = now };
    }

    public sealed record Guest(string CartId) : CartOwner
    {
        public const int IdLength = 32;

        /// <summary>How long the browser keeps a guest cart's id; the lines of a cart untouched for longer are pruned.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

        /// <summary>A new guest cart id: unguessable, since whoever holds it holds the cart.</summary>
        public static Guest New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2)));

        /// <summary>A guest cart id as a browser sent it back, or null when it is not one this shop made.</summary>
        public static Guest? Parse(string? cartId) =>
            cartId is { Length: IdLength } && cartId.All(char.IsAsciiHexDigitLower) ? new Guest(cartId) : null;

        internal override IQueryable<CartItem> Lines(IQueryable<CartItem> items) => items.Where(i => i.GuestCartId == CartId);

        internal override CartItem NewLine(int productId, int quantity, DateTime now) =>
            new() { GuestCartId = CartId, ProductId = productId, Quantity = quantity, UpdatedAt = now };
    }
}
