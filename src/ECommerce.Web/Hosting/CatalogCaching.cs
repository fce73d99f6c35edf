using ECommerce.Core.Catalog;
using ECommerce.Web.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace ECommerce.Web.Hosting;

/// <summary>
/// The catalog's reads answered from ASP.NET Core's output cache: the API's (listings, categories, a product) and the
/// catalog and product pages as a visitor without an account or a cart sees them. The cache is shared by every instance
/// through Redis when <c>Redis:Connection</c> is set (and bypassed while Redis fails: <see cref="FailSafeOutputCacheStore"/>).
/// Core tells <see cref="ICatalogCache"/> which products changed once the change commits; their entries are evicted by tag.
/// </summary>
public static class CatalogCaching
{
    public const string Policy = "catalog";

    /// <summary>The catalog and product pages: cached only for visitors who are not signed in and have no cart.</summary>
    public const string PagePolicy = "catalog-pages";

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
            services.Decorate<IOutputCacheStore>((sp, redisStore) => new FailSafeOutputCacheStore(
                redisStore, lifetime, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FailSafeOutputCacheStore>>()));
        }

        // Zero turns the cache off: every read goes to the database.
        OutputCachePolicyBuilder Catalog(OutputCachePolicyBuilder policy) => lifetime > TimeSpan.Zero
            ? policy.Expire(lifetime).AddPolicy<TagPolicy>().AddPolicy<EncodingPolicy>()
            : policy.NoCache();
        services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, policy => Catalog(policy));
            options.AddPolicy(PagePolicy, policy => Catalog(policy).AddPolicy<SharedPagePolicy>());
        });
        services.AddSingleton<ICatalogCache, OutputCatalogCache>();
        services.AddAntiforgery().Decorate<IAntiforgery>((_, antiforgery) => new SharedPageAntiforgery(antiforgery));
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

    /// <summary>
    /// The cache comes before response compression (Program.cs), so an answer is stored as it was sent: compressed once
    /// for each encoding rather than again for every request. Entries therefore vary by the encoding the compression
    /// middleware picks for the request.
    /// </summary>
    private sealed class EncodingPolicy(IResponseCompressionProvider compression) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
        {
            context.CacheVaryByRules.VaryByValues["encoding"] = compression.GetCompressionProvider(context.HttpContext)?.EncodingName ?? "identity";
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
    }

    /// <summary>
    /// A page is the same for every visitor who is neither signed in nor holds a cart, whose count the header shows.
    /// The cache comes before authentication (a cached page costs no sign-in work), so a visitor who sends a session
    /// cookie counts as signed in, valid or not. A shared answer is marked, so that <see cref="SharedPageAntiforgery"/>
    /// puts no visitor's antiforgery token (nor its cookie) in it.
    /// </summary>
    private sealed class SharedPagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
        {
            if (context.HttpContext.Request.Cookies.ContainsKey(AuthenticationSetup.SessionCookie) || context.HttpContext.CartOf() is not null)
            {
                context.AllowCacheLookup = false;
                context.AllowCacheStorage = false;
            }
            else if (context.EnableOutputCaching && context.AllowCacheStorage)
            {
                context.HttpContext.Features.Set(SharedPage.Instance);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
    }

    /// <summary>The mark of an answer that is to be shared between visitors.</summary>
    private sealed class SharedPage
    {
        public static readonly SharedPage Instance = new();
    }

    /// <summary>
    /// Blazor puts an antiforgery token into every page it renders (in the page's persisted state, form or not), which
    /// makes the answer one visitor's: a token, its cookie and <c>Cache-Control: no-store</c>. For an answer that is to be
    /// shared there is no token; the one form on such pages, the product page's add-to-cart, is guarded by
    /// <see cref="CrossOriginProtection"/> instead.
    /// </summary>
    private sealed class SharedPageAntiforgery(IAntiforgery antiforgery) : IAntiforgery
    {
        private static readonly AntiforgeryTokenSet None = new(requestToken: null, cookieToken: null, formFieldName: "", headerName: null);

        public AntiforgeryTokenSet GetAndStoreTokens(HttpContext context) => IsShared(context) ? None : antiforgery.GetAndStoreTokens(context);

        public AntiforgeryTokenSet GetTokens(HttpContext context) => IsShared(context) ? None : antiforgery.GetTokens(context);

        public Task<bool> IsRequestValidAsync(HttpContext context) => antiforgery.IsRequestValidAsync(context);

        public Task ValidateRequestAsync(HttpContext context) => antiforgery.ValidateRequestAsync(context);

        public void SetCookieTokenAndHeader(HttpContext context) => antiforgery.SetCookieTokenAndHeader(context);

        private static bool IsShared(HttpContext context) => context.Features.Get<SharedPage>() is not null;
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
