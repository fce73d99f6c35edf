using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ECommerce.Core.Catalog;

/// <summary>
/// Whatever keeps copies of catalog reads (the web host's output cache): told which products changed — details,
/// price, stock or archiving — once the change has committed, so no shopper is served a price or a stock level
/// that is no longer true.
/// </summary>
public interface ICatalogCache
{
    Task ProductsChangedAsync(IReadOnlyCollection<int> productIds, CancellationToken ct);
}

/// <summary>No cache: nothing to tell.</summary>
internal sealed class NoCatalogCache : ICatalogCache
{
    public Task ProductsChangedAsync(IReadOnlyCollection<int> productIds, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Tells <see cref="ICatalogCache"/> about the products a context changed (<see cref="ShopDbContext.ProductChanged"/>)
/// when their change commits: at the end of its transaction, or at once for a statement outside one. A rolled back
/// change is forgotten. Telling only after the commit matters: a read between an early eviction and the commit
/// would put the old state back in the cache.
/// </summary>
internal sealed class CatalogChangesInterceptor(ICatalogCache cache) : IDbTransactionInterceptor, IDbCommandInterceptor, ISaveChangesInterceptor
{
    public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default) =>
        await PublishAsync(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        (eventData.Context as ShopDbContext)?.TakeChangedProducts();
        return Task.CompletedTask;
    }

    public async ValueTask<int> NonQueryExecutedAsync(System.Data.Common.DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
    {
        await PublishOutsideTransactionAsync(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is ShopDbContext shop)
        {
            shop.ProductsBeingSaved.AddRange(shop.ChangeTracker.Entries<Product>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => e.Entity));
        }

        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context is ShopDbContext shop)
        {
            // Now an added product has its id.
            shop.ProductsBeingSaved.ForEach(p => shop.ProductChanged(p.Id));
            shop.ProductsBeingSaved.Clear();
        }

        await PublishOutsideTransactionAsync(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        (eventData.Context as ShopDbContext)?.ProductsBeingSaved.Clear();
        return Task.CompletedTask;
    }

    private Task PublishOutsideTransactionAsync(DbContext? context) =>
        context?.Database.CurrentTransaction is null ? PublishAsync(context) : Task.CompletedTask;

    private async Task PublishAsync(DbContext? context)
    {
        if (context is ShopDbContext shop && shop.TakeChangedProducts() is { Count: > 0 } changed)
        {
            // The change is in: a cache that cannot be told must not undo it, nor be waited for by a cancelled request.
            await cache.ProductsChangedAsync(changed, CancellationToken.None);
        }
    }
}
