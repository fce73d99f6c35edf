using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Core.Catalog;

/// <summary>
/// Every change of stock, each one conditional UPDATE: the condition and the change happen in one
/// statement, so no two buyers can take the same unit however many app instances run.
/// </summary>
public static class Stock
{
    /// <summary>Holds units for a pending order; false when fewer are available.</summary>
    public static async Task<bool> TryReserveAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        await db.Products
            .Where(p => p.Id == productId && !p.Archived && p.OnHand - p.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reserved, p => p.Reserved + quantity), ct) == 1;

    /// <summary>Gives a pending order's units back.</summary>
    public static Task ReleaseAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        db.Products
            .Where(p => p.Id == productId && p.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reserved, p => p.Reserved - quantity), ct);

    /// <summary>A paid order's reservation becomes a sale: the units leave the shelf.</summary>
    public static Task SellReservedAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        db.Products
            .Where(p => p.Id == productId && p.Reserved >= quantity)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.Reserved, p => p.Reserved - quantity).SetProperty(p => p.OnHand, p => p.OnHand - quantity),
                ct);

    /// <summary>Sells units no order holds (a payment that arrived after its reservation expired); false when too few are left.</summary>
    public static async Task<bool> TrySellAsync(this ShopDbContext db, int productId, int quantity, CancellationToken ct) =>
        await db.Products
            .Where(p => p.Id == productId && p.OnHand - p.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand - quantity), ct) == 1;

    /// <summary>Adds or removes units on hand; false when that would leave fewer than the reserved units, or too many.</summary>
    public static async Task<bool> TryAdjustOnHandAsync(this ShopDbContext db, int productId, int delta, CancellationToken ct) =>
        await db.Products
            .Where(p => p.Id == productId && p.OnHand - p.Reserved + delta >= 0 && p.OnHand + delta <= Product.MaxStock)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand + delta), ct) == 1;
}
