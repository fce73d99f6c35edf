using ECommerce.Core.Catalog;
using Microsoft.AspNetCore.OutputCaching;

namespace ECommerce.Web.Hosting;

/// <summary>
/// The catalog's reads in the API (listings, categories, a product) answered from ASP.NET Core's output cache,
/// shared by every instance through Redis when <c>Redis:Connection</c> is set (and bypassed while Redis fails:
/// <see cref="FailSafeOutputCacheStore"/>). Core tells
/// <see cref="ICatalogCache"/> which products changed once the change commits; their entries are evicted by tag.
/// </summary>
public static class CatalogCaching
{
    public const string Policy = "catalog";

    /// <summary>Listings and categories: a change of any product may show in them.</summary>
    public const string ListingsTag = "listings";

    public static string ProductTag(int productId) => $"product:{productId}";

    public static IServiceCollection AddCatalogCaching(this IServiceCollection services, IConfiguration configuration)
    {
        // Changes are evicted as they commit; the expiry only bounds what a change made outside the shop (in SQL) leaves.
        var lifetime = configuration.GetValue("Catalog:CacheDuration", TimeSpan.FromMinutes(1));
        if (configuration["Redis:Connection"] is { Length: > 0 } redis)
        {
            services.AddStackExchangeRedisOutputCache(options =>
            {
                options.Configuration = redis;
                // Keys start with it: several shops (or test runs) can share one Redis.
                options.InstanceName = configuration["Redis:InstanceName"] ?? "ecommerce:";
            });
            var redisStore = services.Single(d => d.ServiceType == typeof(IOutputCacheStore));
            services.Remove(redisStore);
            services.AddSingleton<IOutputCacheStore>(sp => new FailSafeOutputCacheStore(
                (IOutputCacheStore)(redisStore.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, redisStore.ImplementationType!)),
                lifetime,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FailSafeOutputCacheStore>>()));
        }

        // Zero turns the cache off: every read goes to the database.
        services.AddOutputCache(options => options.AddPolicy(
            Policy, policy => _ = lifetime > TimeSpan.Zero ? policy.Expire(lifetime).AddPolicy<TagPolicy>() : policy.NoCache()));
        services.AddSingleton<ICatalogCache, OutputCatalogCache>();
        return services;
    }

    /// <summary>A product's own answer is tagged with its id, so a change of one product spares the others.</summary>
    private sealed class TagPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
        {
            // Parsed, so /api/products/007 is tagged as product 7 too.
            context.Tags.Add(int.TryParse(context.HttpContext.Request.RouteValues["id"] as string, out var id) ? ProductTag(id) : ListingsTag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
    }

    private sealed class OutputCatalogCache(IOutputCacheStore store, ILogger<OutputCatalogCache> logger) : ICatalogCache
    {
        /// <summary>Longer than any catalog read takes: see <see cref="ProductsChangedAsync"/>.</summary>
        private static readonly TimeSpan s_secondEviction = TimeSpan.FromSeconds(1);

        public async Task ProductsChangedAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
        {
            await EvictAsync(productIds, ct);
            // A read that began before the commit can store what it read after this eviction: evict again once such
            // a read has surely finished, so the old state outlives the commit by a second at most, not a whole expiry.
            _ = Task.Delay(s_secondEviction, CancellationToken.None).ContinueWith(_ => EvictAsync(productIds, CancellationToken.None), TaskScheduler.Default);
        }

        private async Task EvictAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
        {
            try
            {
                await store.EvictByTagAsync(ListingsTag, ct);
                foreach (var id in productIds)
                {
                    await store.EvictByTagAsync(ProductTag(id), ct);
                }
            }
            catch (Exception e)
            {
                // The change itself stands; cached answers expire with Catalog:CacheDuration.
                logger.LogError(e, "Could not evict products {ProductIds} from the output cache.", productIds);
            }
        }
    }
}
