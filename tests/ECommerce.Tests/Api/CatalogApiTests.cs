using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

public abstract class CatalogApiTests(ShopFixture shop)
{
    private static readonly string[] ProductFields = ["id", "sku", "name", "description", "price", "currency", "stock", "category", "image_url"];

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

    [Fact]
    public async Task Listing_pages_through_a_category_and_past_the_end_is_empty()
    {
        var category = NewCategory();
        var created = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await shop.CreateProductAsync(category: category)).Id);
        }

        var first = await ListAsync($"category={category}&page=1&page_size=2");
        var second = await ListAsync($"category={category}&page=2&page_size=2");
        var third = await ListAsync($"category={category}&page=3&page_size=2");
        var beyond = await ListAsync($"category={category}&page=4&page_size=2");

        (first.Page, first.PageSize, first.Total, first.Items.Count).ShouldBe((1, 2, 5, 2));
        (second.Page, second.PageSize, second.Total, second.Items.Count).ShouldBe((2, 2, 5, 2));
        (third.Page, third.PageSize, third.Total, third.Items.Count).ShouldBe((3, 2, 5, 1));
        (beyond.Page, beyond.Total, beyond.Items.Count).ShouldBe((4, 5, 0));
        first.Items.Concat(second.Items).Concat(third.Items).Select(p => p.Id).ShouldBe(created, ignoreOrder: true);
    }

    [Fact]
    public async Task Listing_defaults_to_page_1_of_20()
    {
        var listing = await ListAsync("");

        (listing.Page, listing.PageSize).ShouldBe((1, 20));
        listing.Items.Count.ShouldBe(Math.Min(20, listing.Total));
    }

    [Fact]
    public async Task Page_size_of_100_is_the_largest_allowed()
    {
        var listing = await ListAsync("page_size=100");

        listing.PageSize.ShouldBe(100);
        listing.Items.Count.ShouldBe(Math.Min(100, listing.Total));
    }

    [Fact]
    public async Task The_last_possible_page_is_an_empty_list_not_an_error()
    {
        var listing = await ListAsync($"page={int.MaxValue}&page_size=100");

        listing.Items.ShouldBeEmpty();
        listing.Page.ShouldBe(int.MaxValue);
        listing.Total.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=-5", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("sort=NAME", "sort")]
    public async Task Bad_paging_or_sort_is_a_400_validation_problem(string query, string field)
    {
        var response = await shop.Anonymous().GetAsync($"/api/products?{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("page_size=ten")]
    [InlineData("page=1.5")]
    [InlineData("page=99999999999")]
    public async Task Unreadable_paging_is_a_400_problem_not_a_500(string query)
    {
        var response = await shop.Anonymous().GetAsync($"/api/products?{query}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("name", new[] { "Alpha", "Bravo", "Charlie" })]
    [InlineData("price_asc", new[] { "Charlie", "Alpha", "Bravo" })]
    [InlineData("price_desc", new[] { "Bravo", "Alpha", "Charlie" })]
    [InlineData("newest", new[] { "Alpha", "Charlie", "Bravo" })]
    public async Task Sort_orders_the_listing(string sort, string[] expected)
    {
        // Created Bravo, then Charlie, then Alpha, a minute apart: every sort gives a different order.
        var category = NewCategory();
        await shop.CreateProductAsync(price: 300, name: "Bravo", category: category);
        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.CreateProductAsync(price: 100, name: "Charlie", category: category);
        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.CreateProductAsync(price: 200, name: "Alpha", category: category);

        var listing = await ListAsync($"category={category}&sort={sort}");

        listing.Items.Select(p => p.Name).ShouldBe(expected);
    }

    [Fact]
    public async Task Search_finds_by_name_or_description_ignoring_case()
    {
        var token = NewToken();
        var category = NewCategory();
        var byName = await shop.CreateProductAsync(name: $"Gizmo {token}", category: category);
        var byDescription = await shop.CreateProductAsync(description: $"Comes with a {token} inside.", category: category);
        await shop.CreateProductAsync(category: category);

        var upper = await ListAsync($"q={token.ToUpperInvariant()}");
        var lower = await ListAsync($"q={token.ToLowerInvariant()}");

        upper.Items.Select(p => p.Id).ShouldBe([byName.Id, byDescription.Id], ignoreOrder: true);
        upper.Total.ShouldBe(2);
        lower.Items.Select(p => p.Id).ShouldBe([byName.Id, byDescription.Id], ignoreOrder: true);
    }

    [Theory]
    [InlineData("100%", "100% cotton")]
    [InlineData("_of_", "pack_of_2")]
    [InlineData(@"c:\t", @"c:\temp")]
    public async Task Search_treats_like_wildcards_literally(string q, string match)
    {
        var category = NewCategory();
        var names = new[] { "100% cotton", "100 cotton", "pack_of_2", "pack of 2", @"c:\temp", "c:temp" };
        var ids = new Dictionary<string, int>();
        foreach (var name in names)
        {
            ids[name] = (await shop.CreateProductAsync(name: name, category: category)).Id;
        }

        var listing = await ListAsync($"category={category}&q={Uri.EscapeDataString(q)}");

        listing.Items.Select(p => p.Id).ShouldBe([ids[match]]);
    }

    [Fact]
    public async Task Category_filters_by_slug()
    {
        var wanted = NewCategory();
        var other = NewCategory();
        var first = await shop.CreateProductAsync(category: wanted);
        var second = await shop.CreateProductAsync(category: wanted);
        await shop.CreateProductAsync(category: other);

        var listing = await ListAsync($"category={wanted}");

        listing.Total.ShouldBe(2);
        listing.Items.Select(p => p.Id).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        listing.Items.ShouldAllBe(p => p.Category == wanted);
    }

    [Fact]
    public async Task Categories_list_slugs_with_their_live_product_counts()
    {
        var category = NewCategory();
        await shop.CreateProductAsync(category: category);
        await shop.CreateProductAsync(category: category);
        var archived = await shop.CreateProductAsync(category: category);
        await ArchiveAsync(archived.Id);

        var categories = await shop.Anonymous().GetFromJsonAsync<List<CategoryView>>("/api/categories", ShopFixture.Json);

        categories!.Single(c => c.Slug == category).ProductCount.ShouldBe(2);
        categories!.Select(c => c.Slug).ShouldContain("laptops");
        var json = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/api/categories");
        json.EnumerateArray().First().PropertyNames().ShouldBe(["slug", "name", "product_count"], ignoreOrder: true);
    }

    [Fact]
    public async Task Archived_product_is_absent_from_the_catalog()
    {
        var category = NewCategory();
        var kept = await shop.CreateProductAsync(category: category);
        var archived = await shop.CreateProductAsync(category: category);

        await ArchiveAsync(archived.Id);

        (await shop.Anonymous().GetAsync($"/api/products/{archived.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listing = await ListAsync($"category={category}");
        listing.Items.Select(p => p.Id).ShouldBe([kept.Id]);
        listing.Total.ShouldBe(1);
        (await ListAsync($"q={Uri.EscapeDataString(archived.Name)}")).Items.ShouldBeEmpty();
        (await shop.ProductAsync(archived.Id)).Archived.ShouldBeTrue();
    }

    [Fact]
    public async Task Archived_product_leaves_carts_and_cannot_be_added()
    {
        var product = await shop.CreateProductAsync();
        var user = await shop.SignedInAsync();
        (await user.PostAsJsonAsync("/api/cart/add", new { product_id = product.Id, quantity = 2 })).EnsureSuccessStatusCode();

        await ArchiveAsync(product.Id);

        var cart = await (await user.GetAsync("/api/cart")).ShouldBeOkAsync<JsonElement>();
        cart.GetProperty("items").GetArrayLength().ShouldBe(0);
        cart.GetProperty("item_count").GetInt32().ShouldBe(0);
        cart.GetProperty("total").GetInt64().ShouldBe(0);
        await (await user.PostAsJsonAsync("/api/cart/add", new { product_id = product.Id })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Product_json_has_exactly_the_contract_fields()
    {
        var category = NewCategory();
        var created = await shop.CreateProductAsync(price: 4321, stock: 7, category: category);

        var one = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{created.Id}");
        var listed = (await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?category={category}")).GetProperty("items")[0];

        one.PropertyNames().ShouldBe(ProductFields, ignoreOrder: true);
        listed.PropertyNames().ShouldBe(ProductFields, ignoreOrder: true);
        one.GetProperty("id").GetInt32().ShouldBe(created.Id);
        one.GetProperty("sku").GetString().ShouldBe(created.Sku);
        one.GetProperty("price").GetInt64().ShouldBe(4321);
        one.GetProperty("currency").GetString().ShouldBe("usd");
        one.GetProperty("stock").GetInt32().ShouldBe(7);
        one.GetProperty("category").GetString().ShouldBe(category);
        one.GetProperty("image_url").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Stock_excludes_units_reserved_by_a_checkout()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var user = await shop.SignedInAsync();
        (await user.PostAsJsonAsync("/api/cart/add", new { product_id = product.Id, quantity = 2 })).EnsureSuccessStatusCode();

        var checkout = await user.PostAsJsonAsync("/api/checkout", new { });

        checkout.StatusCode.ShouldBe(HttpStatusCode.Created, await checkout.Content.ReadAsStringAsync());
        var shopper = await shop.Anonymous().GetFromJsonAsync<ProductView>($"/api/products/{product.Id}", ShopFixture.Json);
        shopper!.Stock.ShouldBe(8);
        var admin = await shop.ProductAsync(product.Id);
        (admin.OnHand, admin.Reserved, admin.Stock).ShouldBe((10, 2, 8));
    }

    [Fact]
    public async Task Sample_product_image_is_served_by_the_app()
    {
        var product = await shop.Anonymous().GetFromJsonAsync<ProductView>("/api/products/1", ShopFixture.Json);

        var image = await shop.Anonymous().GetAsync(product!.ImageUrl);

        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
    }

    [Fact]
    public async Task Product_without_an_image_points_to_a_served_placeholder()
    {
        var product = await shop.CreateProductAsync();

        var image = await shop.Anonymous().GetAsync(product.ImageUrl);

        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
    }

    private static string NewCategory() => $"cat-{Guid.NewGuid():N}";

    /// <summary>A word no other product contains, with letters in it so case matters.</summary>
    private static string NewToken() => $"Kx{Guid.NewGuid():N}"[..14];

    private async Task<Paged<ProductView>> ListAsync(string query) =>
        await (await shop.Anonymous().GetAsync($"/api/products?{query}")).ShouldBeOkAsync<Paged<ProductView>>();

    private async Task ArchiveAsync(int id)
    {
        var admin = await shop.AdminAsync();
        (await admin.DeleteAsync($"/api/admin/products/{id}")).EnsureSuccessStatusCode();
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class CatalogApiTests_Sqlite(SqliteShop shop) : CatalogApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class CatalogApiTests_MariaDb(MariaDbShop shop) : CatalogApiTests(shop), IClassFixture<MariaDbShop>;
