using ECommerce.Core.Catalog;
using ECommerce.Core.Data;

namespace ECommerce.Core.Ordering;

/// <summary>
/// What an order does to stock: reserve at checkout, release on cancel, sell on payment. A settled order's
/// own change (its new status, or its removal) is saved before its stock moves: of two settlements of the
/// same order at once (two sweepers, a sweep and an event), the second then fails the order's version check,
/// a lost race that is retried and finds the order settled, before it can reach stock the first one moved.
/// </summary>
internal static class OrderStock
{
    /// <summary>Reserves every line, in product order so concurrent checkouts lock rows alike; false when one line is short.</summary>
    public static async Task<bool> TryReserveAsync(this ShopDbContext db, IEnumerable<(int ProductId, int Quantity)> lines, CancellationToken ct)
    {
        foreach (var (productId, quantity) in lines.OrderBy(l => l.ProductId))
        {
            if (!await db.TryReserveAsync(productId, quantity, ct))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Saves the order's change, then gives its reserved units back.</summary>
    public static Task ReleaseAsync(this ShopDbContext db, Order order, CancellationToken ct) =>
        db.SaveThenMoveAsync(order, async (productId, quantity) => { await db.ReleaseAsync(productId, quantity, ct); return true; }, ct);

    /// <summary>Saves the order's change, then sells its reserved units.</summary>
    public static Task SellReservedAsync(this ShopDbContext db, Order order, CancellationToken ct) =>
        db.SaveThenMoveAsync(order, async (productId, quantity) => { await db.SellReservedAsync(productId, quantity, ct); return true; }, ct);

    /// <summary>
    /// Saves the order's change, then sells the lines of an order that holds no reservation; false when one
    /// line is short (the caller rolls back).
    /// </summary>
    public static Task<bool> TrySellAsync(this ShopDbContext db, Order order, CancellationToken ct) =>
        db.SaveThenMoveAsync(order, (productId, quantity) => db.TrySellAsync(productId, quantity, ct), ct);

    /// <summary>Moves each line's stock in product order, so concurrent changes lock rows alike; stops at the first that fails.</summary>
    private static async Task<bool> SaveThenMoveAsync(this ShopDbContext db, Order order, Func<int, int, Task<bool>> move, CancellationToken ct)
    {
        var lines = order.Lines.OrderBy(l => l.ProductId).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var line in lines)
        {
            if (!await move(line.ProductId, line.Quantity))
            {
                return false;
            }
        }

        return true;
    }
}
