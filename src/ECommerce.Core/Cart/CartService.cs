using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Cart;

/// <summary>
/// An account's or a guest's cart. Changes are compare-and-swap updates of one line, retried when
/// another request changed the same line in between, so concurrent adds never lose one another.
/// </summary>
public sealed class CartService(IDbContextFactory<ShopDbContext> dbFactory, IOptions<ShopOptions> shop, TimeProvider time)
{
    public const int MaxLineQuantity = 100;

    private const int PruneBatchSize = 500;

    public async Task<CartView> GetAsync(CartOwner owner, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ViewAsync(db, owner, ct);
    }

    public async Task<Result<CartView>> AddAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default)
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

            var current = await owner.Lines(db.CartItems.AsNoTracking())
                .Where(i => i.ProductId == productId)
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

            if (await TrySetQuantityAsync(db, owner, productId, current, (int)wanted, ct))
            {
                return await ViewAsync(db, owner, ct);
            }
        }
    }

    public async Task<Result<CartView>> RemoveAsync(CartOwner owner, int productId, int? quantity, CancellationToken ct = default)
    {
        if (quantity < 1)
        {
            return ValidationFailure.For("quantity", "quantity must be at least 1.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var current = await owner.Lines(db.CartItems.AsNoTracking())
                .Where(i => i.ProductId == productId)
                .Select(i => (int?)i.Quantity)
                .SingleOrDefaultAsync(ct);
            if (current is null)
            {
                return new NotFoundFailure($"Product {productId} is not in the cart.");
            }

            var left = quantity is { } q && q < current ? current.Value - q : 0;
            if (await TrySetQuantityAsync(db, owner, productId, current, left, ct))
            {
                return await ViewAsync(db, owner, ct);
            }
        }
    }

    /// <summary>Sets a line to <paramref name="quantity"/> units (0 removes it), as a cart page's quantity box does.</summary>
    public async Task<Result<CartView>> SetQuantityAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default)
    {
        if (quantity is < 0 or > MaxLineQuantity)
        {
            return ValidationFailure.For("quantity", $"quantity must be between 0 and {MaxLineQuantity}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var line = await owner.Lines(db.CartItems.AsNoTracking())
                .Where(i => i.ProductId == productId && !i.Product.Archived)
                .Select(i => new { i.Quantity, i.Product.Name, Available = i.Product.OnHand - i.Product.Reserved })
                .SingleOrDefaultAsync(ct);
            if (line is null)
            {
                return new NotFoundFailure($"Product {productId} is not in the cart.");
            }

            // Fewer units are always fine, even when stock already ran short of the line.
            if (quantity > line.Quantity && quantity > line.Available)
            {
                return new ConflictFailure($"Only {line.Available} of {line.Name} can be bought right now.");
            }

            if (await TrySetQuantityAsync(db, owner, productId, line.Quantity, quantity, ct))
            {
                return await ViewAsync(db, owner, ct);
            }
        }
    }

    /// <summary>How many units the cart holds, for a page header.</summary>
    public async Task<int> CountAsync(CartOwner owner, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await owner.Lines(db.CartItems.AsNoTracking()).Where(i => !i.Product.Archived).SumAsync(i => i.Quantity, ct);
    }

    /// <summary>
    /// Moves a guest's cart into an account's at sign-in: quantities of the same product add up, capped at
    /// <see cref="MaxLineQuantity"/>. All of it moves or none (a transaction), and each guest line is claimed
    /// before it is added, so two sign-ins merging one guest cart at once count it once.
    /// </summary>
    public async Task MergeAsync(CartOwner.Guest guest, int userId, CancellationToken ct = default)
    {
        var account = new CartOwner.Account(userId);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if ((await dbFactory.InTransactionAsync(db => MergeOnceAsync(db, guest, account, Now, ct), ct)).Succeeded)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Deletes the guest carts whose newest line is older than <see cref="CartOwner.Guest.Lifetime"/>: no browser
    /// holds their id any more. Answers how many lines went.
    /// </summary>
    public async Task<int> PruneGuestCartsAsync(CancellationToken ct = default)
    {
        var cutoff = Now - CartOwner.Guest.Lifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pruned = 0;
        while (true)
        {
            var abandoned = await db.CartItems
                .Where(i => i.GuestCartId != null)
                .GroupBy(i => i.GuestCartId)
                .Where(cart => cart.Max(i => i.UpdatedAt) < cutoff)
                .Select(cart => cart.Key)
                .OrderBy(id => id)
                .Take(PruneBatchSize)
                .ToListAsync(ct);
            if (abandoned.Count == 0)
            {
                return pruned;
            }

            // A line changed since it was read (a browser still holding the id after all) stays, and so does its cart.
            pruned += await db.CartItems.Where(i => abandoned.Contains(i.GuestCartId) && i.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
            if (abandoned.Count < PruneBatchSize)
            {
                return pruned;
            }
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static async Task<Result<bool>> MergeOnceAsync(ShopDbContext db, CartOwner.Guest guest, CartOwner.Account account, DateTime now, CancellationToken ct)
    {
        var lines = await guest.Lines(db.CartItems.AsNoTracking()).Select(i => new { i.ProductId, i.Quantity }).ToListAsync(ct);
        foreach (var line in lines)
        {
            var claimed = await guest.Lines(db.CartItems)
                .Where(i => i.ProductId == line.ProductId && i.Quantity == line.Quantity)
                .ExecuteDeleteAsync(ct);
            if (claimed != 1)
            {
                return new ConflictFailure("The guest cart changed while it was being merged.");
            }

            var added = await account.Lines(db.CartItems)
                .Where(i => i.ProductId == line.ProductId)
                .ExecuteUpdateAsync(
                    s => s
                        .SetProperty(i => i.Quantity, i => i.Quantity + line.Quantity > MaxLineQuantity ? MaxLineQuantity : i.Quantity + line.Quantity)
                        .SetProperty(i => i.UpdatedAt, now),
                    ct);
            if (added == 0)
            {
                db.CartItems.Add(account.NewLine(line.ProductId, Math.Min(line.Quantity, MaxLineQuantity), now));
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Transactions.IsUniqueViolation(e))
        {
            return new ConflictFailure("The account's cart changed while the guest cart was being merged.");
        }

        return true;
    }

    /// <summary>Moves a line from <paramref name="expected"/> units to <paramref name="wanted"/> (0 removes it); false if it changed meanwhile.</summary>
    private async Task<bool> TrySetQuantityAsync(ShopDbContext db, CartOwner owner, int productId, int? expected, int wanted, CancellationToken ct)
    {
        using var turn = await SqliteWriters.TakeTurnAsync(db, ct);
        if (expected is null)
        {
            db.CartItems.Add(owner.NewLine(productId, wanted, Now));
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

        var line = owner.Lines(db.CartItems).Where(i => i.ProductId == productId && i.Quantity == expected);
        var changed = wanted == 0
            ? await line.ExecuteDeleteAsync(ct)
            : await line.ExecuteUpdateAsync(s => s.SetProperty(i => i.Quantity, wanted).SetProperty(i => i.UpdatedAt, Now), ct);
        return changed == 1;
    }

    private async Task<CartView> ViewAsync(ShopDbContext db, CartOwner owner, CancellationToken ct)
    {
        var lines = await owner.Lines(db.CartItems.AsNoTracking())
            .Where(i => !i.Product.Archived)
            .OrderBy(i => i.Product.Name)
            .Select(i => new CartLineView(
                i.ProductId,
                i.Product.Name,
                i.Product.Price,
                i.Quantity,
                i.Product.Price * i.Quantity,
                i.Product.OnHand - i.Product.Reserved,
                i.Product.ImageUrl ?? CatalogService.PlaceholderImage))
            .ToListAsync(ct);
        return new CartView(lines, lines.Sum(l => l.Quantity), lines.Sum(l => l.LineTotal), shop.Value.Currency);
    }
}
