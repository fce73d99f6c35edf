using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ECommerce.Core.Cart;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

public abstract class CartApiTests(ShopFixture shop)
{
    [Fact]
    public async Task Empty_cart_has_no_items_and_zero_totals_in_usd()
    {
        var user = await shop.SignedInAsync();

        var cart = await (await user.GetAsync("/api/cart")).ShouldBeOkAsync<JsonElement>();

        cart.PropertyNames().ShouldBe(["items", "item_count", "total", "currency"], ignoreOrder: true);
        cart.GetProperty("items").GetArrayLength().ShouldBe(0);
        cart.GetProperty("item_count").GetInt32().ShouldBe(0);
        cart.GetProperty("total").GetInt64().ShouldBe(0);
        cart.GetProperty("currency").GetString().ShouldBe("usd");
    }

    [Fact]
    public async Task Add_without_quantity_adds_one_unit()
    {
        var product = await shop.CreateProductAsync(price: 1_250);
        var user = await shop.SignedInAsync();

        var cart = await (await AddAsync(user, product.Id)).ShouldBeOkAsync<CartView>();

        var line = cart.Items.ShouldHaveSingleItem();
        (line.ProductId, line.Name, line.UnitPrice, line.Quantity, line.LineTotal).ShouldBe((product.Id, product.Name, 1_250L, 1, 1_250L));
        (cart.ItemCount, cart.Total).ShouldBe((1, 1_250L));
    }

    [Fact]
    public async Task Adding_the_same_product_twice_sums_the_line()
    {
        var product = await shop.CreateProductAsync();
        var user = await shop.SignedInAsync();

        (await AddAsync(user, product.Id, 2)).EnsureSuccessStatusCode();
        var cart = await (await AddAsync(user, product.Id, 3)).ShouldBeOkAsync<CartView>();

        cart.Items.ShouldHaveSingleItem().Quantity.ShouldBe(5);
        cart.ItemCount.ShouldBe(5);
    }

    [Fact]
    public async Task Line_totals_total_and_item_count_add_up_over_two_products()
    {
        var first = await shop.CreateProductAsync(price: 1_250);
        var second = await shop.CreateProductAsync(price: 999);
        var user = await shop.SignedInAsync();

        (await AddAsync(user, first.Id, 3)).EnsureSuccessStatusCode();
        (await AddAsync(user, second.Id, 2)).EnsureSuccessStatusCode();

        var cart = await CartAsync(user);
        cart.Items.Single(l => l.ProductId == first.Id).LineTotal.ShouldBe(3_750);
        cart.Items.Single(l => l.ProductId == second.Id).LineTotal.ShouldBe(1_998);
        (cart.ItemCount, cart.Total, cart.Currency).ShouldBe((5, 5_748L, "usd"));
        var json = await user.GetFromJsonAsync<JsonElement>("/api/cart");
        json.GetProperty("items")[0].PropertyNames().ShouldBe(["product_id", "name", "unit_price", "quantity", "line_total"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public async Task Add_with_quantity_below_one_is_400(int quantity)
    {
        var product = await shop.CreateProductAsync();
        var user = await shop.SignedInAsync();

        await (await AddAsync(user, product.Id, quantity)).ShouldBeValidationProblemAsync("quantity");

        (await CartAsync(user)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_line_above_100_is_400_even_when_the_stock_is_bigger()
    {
        var product = await shop.CreateProductAsync(stock: 500);
        var user = await shop.SignedInAsync();

        await (await AddAsync(user, product.Id, 101)).ShouldBeValidationProblemAsync("quantity");
        (await AddAsync(user, product.Id, 100)).EnsureSuccessStatusCode();
        await (await AddAsync(user, product.Id, 1)).ShouldBeValidationProblemAsync("quantity");

        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(100);
    }

    [Fact]
    public async Task The_line_limit_is_checked_before_the_stock()
    {
        var product = await shop.CreateProductAsync(stock: 5);
        var user = await shop.SignedInAsync();

        await (await AddAsync(user, product.Id, 101)).ShouldBeValidationProblemAsync("quantity");
    }

    [Fact]
    public async Task A_huge_quantity_on_top_of_a_line_is_400_not_an_overflow()
    {
        var product = await shop.CreateProductAsync();
        var user = await shop.SignedInAsync();
        (await AddAsync(user, product.Id, 1)).EnsureSuccessStatusCode();

        await (await AddAsync(user, product.Id, int.MaxValue)).ShouldBeValidationProblemAsync("quantity");

        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(1);
    }

    [Fact]
    public async Task Add_of_an_unknown_product_is_404()
    {
        var user = await shop.SignedInAsync();

        await (await AddAsync(user, 999_999)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Add_beyond_the_stock_is_409_and_keeps_the_line()
    {
        var product = await shop.CreateProductAsync(stock: 3);
        var user = await shop.SignedInAsync();
        (await AddAsync(user, product.Id, 2)).EnsureSuccessStatusCode();

        await (await AddAsync(user, product.Id, 2)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(2);
        (await AddAsync(user, product.Id, 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Remove_without_quantity_removes_the_line()
    {
        var (user, product, other) = await CartWithTwoLinesAsync(quantity: 3);

        var cart = await (await RemoveAsync(user, product)).ShouldBeOkAsync<CartView>();

        cart.Items.Select(l => l.ProductId).ShouldBe([other]);
        cart.ItemCount.ShouldBe(1);
    }

    [Fact]
    public async Task Remove_of_fewer_units_than_the_line_decrements_it()
    {
        var (user, product, _) = await CartWithTwoLinesAsync(quantity: 5);

        var cart = await (await RemoveAsync(user, product, 2)).ShouldBeOkAsync<CartView>();

        cart.Items.Single(l => l.ProductId == product).Quantity.ShouldBe(3);
        cart.ItemCount.ShouldBe(4);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(int.MaxValue)]
    public async Task Remove_of_at_least_the_line_removes_it(int quantity)
    {
        var (user, product, other) = await CartWithTwoLinesAsync(quantity: 5);

        var cart = await (await RemoveAsync(user, product, quantity)).ShouldBeOkAsync<CartView>();

        cart.Items.Select(l => l.ProductId).ShouldBe([other]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Remove_with_quantity_below_one_is_400_and_keeps_the_line(int quantity)
    {
        var (user, product, _) = await CartWithTwoLinesAsync(quantity: 3);

        await (await RemoveAsync(user, product, quantity)).ShouldBeValidationProblemAsync("quantity");

        (await CartAsync(user)).Items.Single(l => l.ProductId == product).Quantity.ShouldBe(3);
    }

    [Fact]
    public async Task Remove_of_a_product_not_in_the_cart_is_404()
    {
        var (user, _, _) = await CartWithTwoLinesAsync(quantity: 1);
        var absent = await shop.CreateProductAsync();

        await (await RemoveAsync(user, absent.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(user, 999_999)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/cart/add")]
    [InlineData("/api/cart/remove")]
    public async Task Missing_product_id_is_400(string path)
    {
        var user = await shop.SignedInAsync();

        await (await user.PostAsJsonAsync(path, new { quantity = 1 })).ShouldBeValidationProblemAsync("product_id");
    }

    [Theory]
    [InlineData("/api/cart/add", "{", "application/json")]
    [InlineData("/api/cart/add", "[]", "application/json")]
    [InlineData("/api/cart/add", "", "application/json")]
    [InlineData("/api/cart/add", "null", "application/json")]
    [InlineData("/api/cart/add", """{"product_id":"abc"}""", "application/json")]
    [InlineData("/api/cart/add", """{"product_id":1.5}""", "application/json")]
    [InlineData("/api/cart/add", """{"product_id":1,"quantity":99999999999}""", "application/json")]
    [InlineData("/api/cart/add", """{"product_id":1}""", "text/plain")]
    [InlineData("/api/cart/add", "product_id=1", "application/x-www-form-urlencoded")]
    [InlineData("/api/cart/remove", "{", "application/json")]
    [InlineData("/api/cart/remove", "[]", "application/json")]
    [InlineData("/api/cart/remove", """{"product_id":"abc"}""", "application/json")]
    [InlineData("/api/cart/remove", """{"product_id":1.5}""", "application/json")]
    [InlineData("/api/cart/remove", """{"product_id":1}""", "text/plain")]
    public async Task Malformed_body_is_a_4xx_problem_never_a_500(string path, string body, string contentType)
    {
        var user = await shop.SignedInAsync();

        var response = await user.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(400, 499, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        (await CartAsync(user)).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("GET", "/api/cart")]
    [InlineData("POST", "/api/cart/add")]
    [InlineData("POST", "/api/cart/remove")]
    public async Task Cart_without_a_valid_token_is_401(string method, string path)
    {
        var anonymous = shop.Anonymous();
        var forged = shop.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        (await SendAsync(anonymous, method, path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(forged, method, path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cart_refuses_a_token_past_its_expiry_on_the_shop_clock()
    {
        var user = await shop.SignedInAsync();
        (await user.GetAsync("/api/cart")).StatusCode.ShouldBe(HttpStatusCode.OK);

        shop.Clock.Advance(TimeSpan.FromHours(13));

        (await user.GetAsync("/api/cart")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task One_users_cart_is_neither_visible_to_nor_changed_by_another()
    {
        var product = await shop.CreateProductAsync();
        var alice = await shop.SignedInAsync();
        var bob = await shop.SignedInAsync();
        (await AddAsync(alice, product.Id, 2)).EnsureSuccessStatusCode();

        (await CartAsync(bob)).Items.ShouldBeEmpty();
        await (await RemoveAsync(bob, product.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await AddAsync(bob, product.Id, 1)).EnsureSuccessStatusCode();

        (await CartAsync(alice)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(2);
        (await CartAsync(bob)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(1);
    }

    [Fact]
    public async Task Cart_shows_todays_price_after_the_admin_changes_it()
    {
        var product = await shop.CreateProductAsync(price: 1_000);
        var user = await shop.SignedInAsync();
        (await AddAsync(user, product.Id, 2)).EnsureSuccessStatusCode();

        var admin = await shop.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/admin/products/{product.Id}", new { price = 1_500 })).EnsureSuccessStatusCode();

        var cart = await CartAsync(user);
        var line = cart.Items.ShouldHaveSingleItem();
        (line.UnitPrice, line.LineTotal, cart.Total).ShouldBe((1_500L, 3_000L, 3_000L));
    }

    [Fact]
    public async Task Concurrent_adds_by_one_user_are_all_counted()
    {
        var product = await shop.CreateProductAsync(stock: 100);
        var user = await shop.SignedInAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AddAsync(user, product.Id, 1)));

        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(20);
    }

    [Fact]
    public async Task Concurrent_adds_never_push_a_line_above_100()
    {
        var product = await shop.CreateProductAsync(stock: 500);
        var user = await shop.SignedInAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AddAsync(user, product.Id, 10)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(10);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(10);
        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(100);
    }

    [Fact]
    public async Task Concurrent_adds_never_push_a_line_above_the_stock()
    {
        var product = await shop.CreateProductAsync(stock: 15);
        var user = await shop.SignedInAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AddAsync(user, product.Id, 1)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(15);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await CartAsync(user)).Items.ShouldHaveSingleItem().Quantity.ShouldBe(15);
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient user, int productId, int? quantity = null) =>
        quantity is { } q
            ? user.PostAsJsonAsync("/api/cart/add", new { product_id = productId, quantity = q })
            : user.PostAsJsonAsync("/api/cart/add", new { product_id = productId });

    private static Task<HttpResponseMessage> RemoveAsync(HttpClient user, int productId, int? quantity = null) =>
        quantity is { } q
            ? user.PostAsJsonAsync("/api/cart/remove", new { product_id = productId, quantity = q })
            : user.PostAsJsonAsync("/api/cart/remove", new { product_id = productId });

    private static async Task<CartView> CartAsync(HttpClient user) => await (await user.GetAsync("/api/cart")).ShouldBeOkAsync<CartView>();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : JsonContent.Create(new { product_id = 1 }),
        });

    /// <summary>A new user whose cart holds <paramref name="quantity"/> of one product and 1 of another.</summary>
    private async Task<(HttpClient User, int Product, int Other)> CartWithTwoLinesAsync(int quantity)
    {
        var product = await shop.CreateProductAsync();
        var other = await shop.CreateProductAsync();
        var user = await shop.SignedInAsync();
        (await AddAsync(user, product.Id, quantity)).EnsureSuccessStatusCode();
        (await AddAsync(user, other.Id, 1)).EnsureSuccessStatusCode();
        return (user, product.Id, other.Id);
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class CartApiTests_Sqlite(SqliteShop shop) : CartApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class CartApiTests_MariaDb(MariaDbShop shop) : CartApiTests(shop), IClassFixture<MariaDbShop>;
