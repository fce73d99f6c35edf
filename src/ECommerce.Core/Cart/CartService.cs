using ECommerce.Core.Common;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Cart;

/// <summary>
/// A user's cart. Changes are compare-and-swap updates of one line, retried when another request
/// changed the same line in between, so concurrent adds never lose one another.
/// </summary>
public sealed class CartService(IDbContextFactory<ShopDbContext> dbFactory, IOptions<ShopOptions> shop)
{
    public const int MaxLineQuantity = 100;

    public async Task<CartView> GetAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ViewAsync(db, userId, ct);
    }

    public async Task<Result<CartView>> AddAsync(int userId, int productId, int quantity, CancellationToken ct = default)
    {
        if (quantity < 1)
        {
            return ValidationFailure.For("quantity", "quantity must be at least 1.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var product = await db.Products.AsNoTracking()
                .Where(p => p.Id == productId && !p.Archived)
                .Select(p => new { p.Name, Available = p.OnHand - p.Reserved })
                .SingleOrDefaultAsync(ct);
            if (product is null)
            {
                return new NotFoundFailure($"Product {productId} was not found.");
            }

            var current = await db.CartItems.AsNoTracking()
                .Where(i => i.UserId == userId && i.ProductId == productId)
                .Select(i => (int?)i.Quantity)
                .SingleOrDefaultAsync(ct);
            // In long: a huge quantity on top of a line must not wrap around to a negative one.
            var wanted = (current ?? 0) + (long)quantity;
            if (wanted > MaxLineQuantity)
            {
                return ValidationFailure.For("quantity", $"A cart line can hold at most {MaxLineQuantity} units.");
            }

            if (wanted > product.Available)
            {
                return new ConflictFailure($"Only {product.Available} of {product.Name} can be bought right now.");
            }

            if (await TrySetQuantityAsync(db, userId, productId, current, (int)wanted, ct))
            {
                return await ViewAsync(db, userId, ct);
            }
        }
    }

    public async Task<Result<CartView>> RemoveAsync(int userId, int productId, int? quantity, CancellationToken ct = default)
    {
        if (quantity < 1)
        {
            return ValidationFailure.For("quantity", "quantity must be at least 1.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var current = await db.CartItems.AsNoTracking()
                .Where(i => i.UserId == userId && i.ProductId == productId)
                .Select(i => (int?)i.Quantity)
                .SingleOrDefaultAsync(ct);
            if (current is null)
            {
                return new NotFoundFailure($"Product {productId} is not in the cart.");
            }

            var left = quantity is { } q && q < current ? current.Value - q : 0;
            if (await TrySetQuantityAsync(db, userId, productId, current, left, ct))
            {
                return await ViewAsync(db, userId, ct);
            }
        }
    }

    /// <summary>Moves a line from <paramref name="expected"/> units to <paramref name="wanted"/> (0 removes it); false if it changed meanwhile.</summary>
    private static async Task<bool> TrySetQuantityAsync(ShopDbContext db, int userId, int productId, int? expected, int wanted, CancellationToken ct)
    {
        if (expected is null)
        {
            db.CartItems.Add(new CartItem { UserId = userId, ProductId = productId, Quantity = wanted });
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException e) when (Transactions.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                return false;
            }
        }

        var line = db.CartItems.Where(i => i.UserId == userId && i.ProductId == productId && i.Quantity == expected);
        var changed = wanted == 0
            ? await line.ExecuteDeleteAsync(ct)
            : await line.ExecuteUpdateAsync(s => s.SetProperty(i => i.Quantity, wanted), ct);
        return changed == 1;
    }

    private async Task<CartView> ViewAsync(ShopDbContext db, int userId, CancellationToken ct)
    {
        var lines = await db.CartItems.AsNoTracking()
            .Where(i => i.UserId == userId && !i.Product.Archived)
            .OrderBy(i => i.Product.Name)
            .Select(i => new CartLineView(i.ProductId, i.Product.Name, i.Product.Price, i.Quantity, i.Product.Price * i.Quantity))
            .ToListAsync(ct);
        return new CartView(lines, lines.Sum(l => l.Quantity), lines.Sum(l => l.LineTotal), shop.Value.Currency);
    }
}
