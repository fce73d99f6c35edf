using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ECommerce.Tests.Api;

/// <summary>
/// The catalog's reads come from the output cache, in the API and on the pages a visitor without an account or a cart
/// is shown, and every kind of change to a product is seen by the next read once it has committed: the admin's edits,
/// and the stock that checkouts, cancels, expiry and payments move.
/// </summary>
public abstract class CatalogCachingTests(ShopFixture shop)
{
    [Theory]
    [InlineData("/api/products/{0}")]
    [InlineData("/products/{0}")]
    [InlineData("/?category={1}")]
    public async Task A_second_read_is_served_from_the_cache(string path)
    {
        var product = await shop.CreateProductAsync();
        var url = string.Format(CultureInfo.InvariantCulture, path, product.Id, product.Category);
        var client = shop.Anonymous();

        // Again while an eviction (this product's own, a second after its creation) comes between the two reads.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var first = await client.GetAsync(url);
            var second = await client.GetAsync(url);
            if (second.Headers.Age is not null)
            {
                // The same stored answer: a page rendered again differs (its persisted state is encrypted afresh).
                (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
                return;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "a cached answer says how old it is, and none came within 5 s");
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData("/api/products/{0}")]
    [InlineData("/products/{0}")]
    public async Task A_cached_answer_is_kept_as_sent_and_each_client_is_served_the_encoding_it_accepts(string path)
    {
        var product = await shop.CreateProductAsync();
        var url = string.Format(CultureInfo.InvariantCulture, path, product.Id);
        var client = shop.Anonymous();

        // br again last: an entry stored for one encoding is never served to a client that asked for another.
        foreach (var encoding in new[] { "br", "gzip", null, "br" })
        {
            var answer = await client.GetFromCacheAsync(url, encoding);
            answer.Content.Headers.ContentEncoding.ShouldBe(encoding is null ? [] : [encoding], url);
            (await DecodedAsync(answer)).ShouldContain(product.Name, Case.Sensitive, $"{url} in {encoding ?? "no encoding"}");
        }
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStreamAsync();
        using var decoded = answer.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        return await new StreamReader(decoded).ReadToEndAsync();
    }

    [Fact]
    public async Task Listings_vary_by_their_query()
    {
        var category = $"cat-{Guid.NewGuid():N}";
        var cheap = await shop.CreateProductAsync(price: 100, category: category);
        var dear = await shop.CreateProductAsync(price: 900, category: category);

        var ascending = await ListAsync($"category={category}&sort=price_asc");
        var descending = await ListAsync($"category={category}&sort=price_desc");

        ascending.Items.Select(p => p.Id).ShouldBe([cheap.Id, dear.Id]);
        descending.Items.Select(p => p.Id).ShouldBe([dear.Id, cheap.Id]);
    }

    [Fact]
    public async Task A_new_price_is_seen_at_once()
    {
        var product = await shop.CreateProductAsync(price: 1_000);
        await WarmAsync(product);

        var admin = await shop.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/admin/products/{product.Id}", new { price = 1_250 })).EnsureSuccessStatusCode();

        await ShouldShowAsync(product, price: 1_250);
    }

    [Fact]
    public async Task Restocking_is_seen_at_once()
    {
        var product = await shop.CreateProductAsync(stock: 0);
        await WarmAsync(product);

        var admin = await shop.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = 7 })).EnsureSuccessStatusCode();

        await ShouldShowAsync(product, stock: 7);
    }

    [Fact]
    public async Task An_archived_product_is_gone_at_once()
    {
        var product = await shop.CreateProductAsync();
        await WarmAsync(product);

        var admin = await shop.AdminAsync();
        (await admin.DeleteAsync($"/api/admin/products/{product.Id}")).EnsureSuccessStatusCode();

        (await shop.Anonymous().GetAsync($"/api/products/{product.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync($"category={product.Category}")).Items.ShouldNotContain(p => p.Id == product.Id);
        (await shop.Anonymous().GetAsync($"/products/{product.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Card(await CatalogPageAsync(product), product).ShouldBeNull();
    }

    [Fact]
    public async Task A_new_product_is_listed_at_once()
    {
        var first = await shop.CreateProductAsync();
        (await ListAsync($"category={first.Category}")).Items.ShouldContain(p => p.Id == first.Id);
        Card(await CatalogPageAsync(first), first).ShouldNotBeNull();

        var second = await shop.CreateProductAsync(category: first.Category);

        (await ListAsync($"category={first.Category}")).Items.ShouldContain(p => p.Id == second.Id);
        Card(await CatalogPageAsync(second), second).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_checkout_and_a_cancel_move_the_stock_shoppers_see()
    {
        var product = await shop.CreateProductAsync(stock: 5);
        await WarmAsync(product);
        var client = await shop.SignedInAsync();

        var checkout = await client.CheckOutAsync(product.Id, 2);
        await ShouldShowAsync(product, stock: 3);

        (await client.PostAsync($"/api/orders/{checkout.OrderId}/cancel", null)).EnsureSuccessStatusCode();
        await ShouldShowAsync(product, stock: 5);
    }

    [Fact]
    public async Task Expiry_gives_the_stock_back_and_a_late_payment_takes_it_again()
    {
        var product = await shop.CreateProductAsync(stock: 5);
        var client = await shop.SignedInAsync();
        var checkout = await client.CheckOutAsync(product.Id, 2);
        await ShouldShowAsync(product, stock: 3);

        shop.Clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = shop.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderExpiry>().ExpireAsync();
        }

        await ShouldShowAsync(product, stock: 5);

        // Paid after all: the webhook sells the units again, from the shelf.
        await shop.PayAsync(checkout);
        (await client.OrderAsync(checkout.OrderId)).Status.ShouldBe("paid");
        await ShouldShowAsync(product, stock: 3);
    }

    /// <summary>
    /// Puts the product's answers and pages and its category's in the cache, reading again while the second eviction
    /// of the product's creation (a second after it) can still take them out.
    /// </summary>
    private async Task WarmAsync(AdminProductView product)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        do
        {
            await ShouldShowAsync(product);
            var client = shop.Anonymous();
            if ((await client.GetAsync($"/api/products/{product.Id}")).Headers.Age is not null
                && (await client.GetAsync($"/products/{product.Id}")).Headers.Age is not null)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new ShouldAssertException("The product's answer was not served from the cache within 5 s.");
    }

    /// <summary>
    /// Checks what a visitor is shown of the product: its own answer and its category's listing in the API, its page and
    /// its card on its category's catalog page.
    /// </summary>
    private async Task ShouldShowAsync(AdminProductView product, long? price = null, int? stock = null)
    {
        var own = await (await shop.Anonymous().GetAsync($"/api/products/{product.Id}")).ShouldBeOkAsync<ProductView>();
        var listed = (await ListAsync($"category={product.Category}")).Items.Single(p => p.Id == product.Id);
        foreach (var view in new[] { own, listed })
        {
            view.Price.ShouldBe(price ?? view.Price);
            view.Stock.ShouldBe(stock ?? view.Stock);
        }

        var page = await PageAsync($"/products/{product.Id}");
        var card = Card(await CatalogPageAsync(product), product) ?? throw new ShouldAssertException("the catalog page does not list the product");
        foreach (var (where, shown) in new[] { ("product page", page.QuerySelector(".product-detail")!), ("catalog page", card) })
        {
            var (shownPrice, shownStock) = (shown.QuerySelector(".price")!.TextContent.Trim(), shown.QuerySelector(".stock-mark")!.TextContent.Trim());
            shownPrice.ShouldBe(price is { } p ? Money.Display(p, product.Currency) : shownPrice, where);
            shownStock.ShouldBe(stock is { } n ? StockLevels.Describe(n) : shownStock, where);
        }
    }

    /// <summary>The product's card in a listing (its name links to its page), or null.</summary>
    private static IElement? Card(IDocument listing, AdminProductView product) =>
        listing.QuerySelectorAll("article.product-card").FirstOrDefault(card => card.QuerySelector($"a[href='/products/{product.Id}']") is not null);

    private async Task<IDocument> CatalogPageAsync(AdminProductView product) => await PageAsync($"/?category={product.Category}");

    private async Task<IDocument> PageAsync(string url)
    {
        var response = await shop.Anonymous().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    private async Task<Paged<ProductView>> ListAsync(string query) =>
        await (await shop.Anonymous().GetAsync($"/api/products?{query}")).ShouldBeOkAsync<Paged<ProductView>>();
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class CatalogCachingTests_Sqlite(SqliteShop shop) : CatalogCachingTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class CatalogCachingTests_MariaDb(MariaDbShop shop) : CatalogCachingTests(shop), IClassFixture<MariaDbShop>;

[Trait(Providers.Trait, "Sqlite")]
public sealed class CatalogCachingTests_Redis(SqliteRedisShop shop) : CatalogCachingTests(shop), IClassFixture<SqliteRedisShop>;

/// <summary>Two instances of the shop on one database and one Redis: one cache, and an eviction on one is seen by both.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class SharedCatalogCacheTests(SqliteRedisShop shop) : IClassFixture<SqliteRedisShop>
{
    [Fact]
    public async Task An_answer_cached_by_one_instance_is_served_by_the_other_until_a_change_on_the_first_evicts_it()
    {
        await using var other = shop.StartAnotherApp();
        var product = await shop.CreateProductAsync(price: 1_000);
        (await shop.Anonymous().GetAsync($"/api/products/{product.Id}")).EnsureSuccessStatusCode();

        var fromOther = await other.CreateClient().GetAsync($"/api/products/{product.Id}");
        fromOther.Headers.Age.ShouldNotBeNull("the other instance answers from the shared cache");

        var admin = await shop.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/admin/products/{product.Id}", new { price = 1_750 })).EnsureSuccessStatusCode();

        var after = await (await other.CreateClient().GetAsync($"/api/products/{product.Id}")).ShouldBeOkAsync<ProductView>();
        after.Price.ShouldBe(1_750);
        var listed = await (await other.CreateClient().GetAsync($"/api/products?category={product.Category}&page_size=100")).ShouldBeOkAsync<Paged<ProductView>>();
        listed.Items.Single(p => p.Id == product.Id).Price.ShouldBe(1_750);
    }
}

/// <summary>Redis out of reach: the catalog answers from the database, and changes are seen at once.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class RedisOutageTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Fact]
    public async Task With_Redis_out_of_reach_the_catalog_is_read_from_the_database()
    {
        // Nothing listens on port 1 of the loopback: every connection is refused.
        await using var app = shop.StartAnotherApp(("Redis:Connection", "127.0.0.1:1,connectTimeout=1000"));
        var product = await shop.CreateProductAsync(price: 1_000);
        var client = app.CreateClient();

        foreach (var path in new[] { $"/api/products/{product.Id}", $"/api/products/{product.Id}", $"/api/products?category={product.Category}" })
        {
            var answer = await client.GetAsync(path);
            answer.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            answer.Headers.Age.ShouldBeNull("nothing can be cached");
        }

        var admin = await shop.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/admin/products/{product.Id}", new { price = 1_250 })).EnsureSuccessStatusCode();
        (await (await client.GetAsync($"/api/products/{product.Id}")).ShouldBeOkAsync<ProductView>()).Price.ShouldBe(1_250);
    }

    [Fact]
    public async Task After_a_failure_the_store_is_left_alone_for_one_cache_lifetime()
    {
        var lifetime = TimeSpan.FromMinutes(1);
        var redis = new FlakyStore { Down = true };
        var clock = new FakeTimeProvider();
        using var store = new FailSafeOutputCacheStore(redis, lifetime, clock, NullLogger<FailSafeOutputCacheStore>.Instance);

        (await store.GetAsync("key", default)).ShouldBeNull();
        redis.Down = false;
        await store.SetAsync("key", [1], ["listings"], lifetime, default);
        (await store.GetAsync("key", default)).ShouldBeNull();
        redis.Calls.ShouldBe(1, "only the call that failed reached the store");

        clock.Advance(lifetime);
        await store.SetAsync("key", [1], ["listings"], lifetime, default);

        (await store.GetAsync("key", default)).ShouldBe([1]);
        // Evictions are always tried, and their failures are the caller's to log.
        redis.Down = true;
        await Should.ThrowAsync<TimeoutException>(store.EvictByTagAsync("listings", default).AsTask());
    }

    /// <summary>An output cache store that holds one entry and fails every call while it is down.</summary>
    private sealed class FlakyStore : IOutputCacheStore
    {
        private byte[]? _value;

        public bool Down { get; set; }

        public int Calls { get; private set; }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken ct) => Call(() => _value);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken ct) => new(Call(() => _value = value).AsTask());

        public ValueTask EvictByTagAsync(string tag, CancellationToken ct) => new(Call(() => _value = null).AsTask());

        private ValueTask<byte[]?> Call(Func<byte[]?> work)
        {
            Calls++;
            return Down ? ValueTask.FromException<byte[]?>(new TimeoutException("Redis did not answer.")) : ValueTask.FromResult(work());
        }
    }
}
