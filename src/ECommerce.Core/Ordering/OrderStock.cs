using ECommerce.Core.Catalog;
using ECommerce.Core.Data;

namespace ECommerce.Core.Ordering;

/// <summary>What an order does to stock: reserve at checkout, release on cancel, sell on payment.</summary>
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

    public static async Task ReleaseAsync(this ShopDbContext db, Order order, CancellationToken ct)
    {
        foreach (var line in order.Lines.OrderBy(l => l.ProductId))
        {
            await db.ReleaseAsync(line.ProductId, line.Quantity, ct);
        }
    }

    public static async Task SellReservedAsync(this ShopDbContext db, Order order, CancellationToken ct)
    {
        foreach (var line in order.Lines.OrderBy(l => l.ProductId))
        {
            await db.SellReservedAsync(line.ProductId, line.Quantity, ct);
        }
    }

    /// <summary>Sells the lines of an order that holds no reservation; false when one line is short (the caller rolls back).</summary>
    public static async Task<bool> TrySellAsync(this ShopDbContext db, Order order, CancellationToken ct)
    {
        foreach (var line in order.Lines.OrderBy(l => l.ProductId))
        {
            if (!await db.TrySellAsync(line.ProductId, line.Quantity, ct))
            {
                return false;
            }
        }

        return true;
    }
}
