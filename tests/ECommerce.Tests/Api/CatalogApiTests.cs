using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

public abstract class CatalogApiTests(ShopFixture shop)
{
    [Fact]
    public async Task Sample_catalog_has_product_1_at_99999_usd_with_stock()
    {
        var product = await shop.Anonymous().GetFromJsonAsync<ProductView>("/api/products/1", ShopFixture.Json);

        product!.Price.ShouldBe(99999);
        product.Currency.ShouldBe("usd");
        product.Stock.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task Unknown_product_is_404_problem()
    {
        var response = await shop.Anonymous().GetAsync("/api/products/999999");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class CatalogApiTests_Sqlite(SqliteShop shop) : CatalogApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class CatalogApiTests_MariaDb(MariaDbShop shop) : CatalogApiTests(shop), IClassFixture<MariaDbShop>;
