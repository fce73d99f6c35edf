using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Core.Catalog;

/// <summary>
/// Every change of stock, each one conditional UPDATE: the condition and the change happen in one
/// statement, so no two buyers can take the same unit however many app instances run. Each change is noted
/// for the catalog's caches (<see cref="ShopDbContext.ProductChanged"/>).
/// </summary>
public static class Stock
{
    /// <summary>Holds units for a pending order; false when fewer are available.</summary>
    public static async Task<bool> TryReserveAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        await db.Changing(productId)
            .Where(p => !p.Archived && p.OnHand - p.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reserved, p => p.Reserved + quantity), ct) == 1;

    /// <summary>Gives a pending order's units back.</summary>
    /// <exception cref="StockInvariantException">Fewer units are reserved than the order holds.</exception>
    public static async Task ReleaseAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        Require(
            await db.Changing(productId)
                .Where(p => p.Reserved >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reserved, p => p.Reserved - quantity), ct),
            $"release {quantity} reserved units of product {productId}");

    /// <summary>A paid order's reservation becomes a sale: the units leave the shelf.</summary>
    /// <exception cref="StockInvariantException">Fewer units are reserved than the order holds.</exception>
    public static async Task SellReservedAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        Require(
            await db.Changing(productId)
                .Where(p => p.Reserved >= quantity)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(p => p.Reserved, p => p.Reserved - quantity).SetProperty(p => p.OnHand, p => p.OnHand - quantity),
                    ct),
            $"sell {quantity} reserved units of product {productId}");

    /// <summary>Sells units no order holds (a payment that arrived after its reservation expired); false when too few are left.</summary>
    public static async Task<bool> TrySellAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        await db.Changing(productId)
            .Where(p => p.OnHand - p.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand - quantity), ct) == 1;

    /// <summary>Adds or removes units on hand; false when that would leave fewer than the reserved units, or too many.</summary>
    public static async Task<bool> TryAdjustOnHandAsync(this ShopDbContext db, int productId, int delta, CancellationToken ct) =>
        await db.Changing(productId)
            .Where(p => p.OnHand - p.Reserved + delta >= 0 && p.OnHand + delta <= Product.MaxStock)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand + delta), ct) == 1;

    /// <summary>Takes a product off sale; false when there is no such product.</summary>
    public static async Task<bool> TryArchiveAsync(this ShopDbContext db, int productId, CancellationToken ct) =>
        await db.Changing(productId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Archived, true), ct) == 1;

    /// <summary>
    /// The product about to change, noted for the catalog's caches first: a statement outside a transaction
    /// commits as it runs, and the caches hear of what was noted by then (a note on a row left unchanged costs a cache miss).
    /// </summary>
    private static IQueryable<Product> Changing(this ShopDbContext db, int productId)
    {
        db.ProductChanged(productId);
        return db.Products.Where(p => p.Id == productId);
    }

    /// <summary>
    /// An order's reservation that is not there means stock was counted twice somewhere: stop, so the
    /// caller's transaction rolls back, rather than let another order's units pay for it.
    /// </summary>
    private static void Require(int changedRows, string what)
    {
        if (changedRows != 1)
        {
            throw new StockInvariantException($"Could not {what}: the reservation is not there. Nothing was changed.");
        }
    }
}

public sealed class StockInvariantException(string message) : InvalidOperationException(message);
