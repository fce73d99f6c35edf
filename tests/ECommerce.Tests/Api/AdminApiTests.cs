using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

public abstract class AdminApiTests(ShopFixture shop)
{
    private static readonly (HttpMethod Method, string Path)[] AdminRoutes =
    [
        (HttpMethod.Get, "/api/admin/products"),
        (HttpMethod.Get, "/api/admin/products/1"),
        (HttpMethod.Post, "/api/admin/products"),
        (HttpMethod.Put, "/api/admin/products/1"),
        (HttpMethod.Delete, "/api/admin/products/1"),
        (HttpMethod.Post, "/api/admin/products/1/stock"),
        (HttpMethod.Get, "/api/admin/orders"),
        (HttpMethod.Post, "/api/admin/orders/1/ship"),
        (HttpMethod.Post, "/api/admin/orders/1/refund"),
    ];

    [Fact]
    public async Task Every_admin_route_is_403_for_a_customer()
    {
        var customer = await shop.SignedInAsync();

        var answers = await AnswersAsync(customer);

        answers.ShouldAllBe(answer => answer.EndsWith(" 403 application/problem+json"));
        (await shop.ProductAsync(1)).Archived.ShouldBeFalse();
    }

    [Fact]
    public async Task Every_admin_route_is_401_without_a_token()
    {
        var answers = await AnswersAsync(shop.Anonymous());

        answers.ShouldAllBe(answer => answer.EndsWith(" 401 application/problem+json"));
        (await shop.ProductAsync(1)).Archived.ShouldBeFalse();
    }

    [Fact]
    public async Task Product_list_includes_archived_products_with_on_hand_reserved_and_archived()
    {
        var admin = await shop.AdminAsync();
        var kept = await shop.CreateProductAsync(stock: 7, admin: admin);
        var archived = await shop.CreateProductAsync(stock: 3, admin: admin);
        (await admin.DeleteAsync($"/api/admin/products/{archived.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await shop.SignedInAsync()).CheckOutAsync(kept.Id, 2);

        var page = await admin.GetFromJsonAsync<Paged<AdminProductView>>(
            "/api/admin/products?category=test-goods&page_size=100&sort=newest", ShopFixture.Json);

        var listedKept = page!.Items.Single(p => p.Id == kept.Id);
        (listedKept.OnHand, listedKept.Reserved, listedKept.Stock, listedKept.Archived).ShouldBe((7, 2, 5, false));
        var listedArchived = page.Items.Single(p => p.Id == archived.Id);
        (listedArchived.OnHand, listedArchived.Reserved, listedArchived.Archived).ShouldBe((3, 0, true));
    }

    [Fact]
    public async Task Product_list_takes_the_catalog_query_and_answers_a_page()
    {
        var admin = await shop.AdminAsync();
        var category = NewSlug();
        var products = new List<AdminProductView>();
        foreach (var price in new long[] { 300, 100, 200 })
        {
            products.Add(await CreateAsync(admin, NewProduct(price: price, category: category)));
        }

        (await admin.DeleteAsync($"/api/admin/products/{products[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await admin.GetAsync($"/api/admin/products?category={category}&sort=price_desc&page=1&page_size=2");

        var json = await response.ShouldBeOkAsync<JsonElement>();
        json.GetProperty("page").GetInt32().ShouldBe(1);
        json.GetProperty("page_size").GetInt32().ShouldBe(2);
        json.GetProperty("total").GetInt32().ShouldBe(3);
        json.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("price").GetInt64()).ShouldBe([300L, 200L]);
        var second = await admin.GetFromJsonAsync<Paged<AdminProductView>>(
            $"/api/admin/products?category={category}&sort=price_desc&page=2&page_size=2", ShopFixture.Json);
        second!.Items.Select(p => p.Id).ShouldBe([products[1].Id]);
        var searched = await admin.GetFromJsonAsync<Paged<AdminProductView>>(
            $"/api/admin/products?q={Uri.EscapeDataString(products[0].Name)}", ShopFixture.Json);
        searched!.Items.Select(p => p.Id).ShouldBe([products[0].Id]);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page_size=101")]
    [InlineData("sort=cheapest")]
    public async Task Product_list_refuses_bad_paging_or_sort_as_the_catalog_does(string query)
    {
        var admin = await shop.AdminAsync();

        var response = await admin.GetAsync($"/api/admin/products?{query}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_one_product_shows_its_stock_split_and_404s_when_unknown()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 6, admin: admin);
        await (await shop.SignedInAsync()).CheckOutAsync(product.Id, 4);

        var found = await admin.GetFromJsonAsync<AdminProductView>($"/api/admin/products/{product.Id}", ShopFixture.Json);
        var unknown = await admin.GetAsync("/api/admin/products/999999");

        (found!.Sku, found.OnHand, found.Reserved, found.Stock, found.Archived).ShouldBe((product.Sku, 6, 4, 2, false));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_answers_201_and_a_new_category_slug_creates_the_category()
    {
        var admin = await shop.AdminAsync();
        var category = NewSlug();
        var body = NewProduct(price: 4_999, stock: 12, category: category);

        var response = await admin.PostAsJsonAsync("/api/admin/products", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<AdminProductView>(ShopFixture.Json))!;
        response.Headers.Location!.ToString().ShouldEndWith($"/api/admin/products/{created.Id}");
        (created.Sku, created.Name, created.Price, created.Currency, created.Category).ShouldBe((body["sku"], body["name"], 4_999L, "usd", category));
        (created.OnHand, created.Reserved, created.Stock, created.Archived).ShouldBe((12, 0, 12, false));
        var categories = await shop.Anonymous().GetFromJsonAsync<List<CategoryView>>("/api/categories", ShopFixture.Json);
        categories!.Single(c => c.Slug == category).ProductCount.ShouldBe(1);
        (await shop.Anonymous().GetFromJsonAsync<ProductView>($"/api/products/{created.Id}", ShopFixture.Json))!.Stock.ShouldBe(12);
    }

    [Theory]
    [InlineData("sku")]
    [InlineData("name")]
    [InlineData("price")]
    [InlineData("stock")]
    [InlineData("category")]
    public async Task Create_without_a_required_field_is_400_naming_it(string field)
    {
        var admin = await shop.AdminAsync();
        var body = NewProduct();
        body.Remove(field);

        var response = await admin.PostAsJsonAsync("/api/admin/products", body);

        await response.ShouldBeValidationProblemAsync(field);
        await ShouldNotExistAsync(admin, body);
    }

    [Theory]
    [InlineData("currency", "eur")]
    [InlineData("price", -1L)]
    [InlineData("stock", -1)]
    public async Task Create_with_an_invalid_field_is_400_naming_it(string field, object value)
    {
        var admin = await shop.AdminAsync();
        var body = NewProduct();
        body[field] = value;

        var response = await admin.PostAsJsonAsync("/api/admin/products", body);

        await response.ShouldBeValidationProblemAsync(field);
        await ShouldNotExistAsync(admin, body);
    }

    [Fact]
    public async Task Create_with_a_duplicate_sku_is_409()
    {
        var admin = await shop.AdminAsync();
        var existing = await shop.CreateProductAsync(admin: admin);
        var body = NewProduct();
        body["sku"] = existing.Sku;

        var response = await admin.PostAsJsonAsync("/api/admin/products", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await ShouldNotExistAsync(admin, body);
    }

    [Fact]
    public async Task Create_with_a_sku_differing_only_in_letter_case_is_409()
    {
        var admin = await shop.AdminAsync();
        var existing = await shop.CreateProductAsync(admin: admin);
        var body = NewProduct();
        body["sku"] = existing.Sku.ToLowerInvariant();

        var response = await admin.PostAsJsonAsync("/api/admin/products", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Put_with_another_products_sku_is_409_and_changes_nothing()
    {
        var admin = await shop.AdminAsync();
        var first = await shop.CreateProductAsync(admin: admin);
        var second = await shop.CreateProductAsync(admin: admin);

        var response = await admin.PutAsJsonAsync($"/api/admin/products/{second.Id}", new { sku = first.Sku, price = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await shop.ProductAsync(second.Id)).ShouldBe(second);
    }

    [Fact]
    public async Task Put_changes_only_the_fields_sent_and_never_the_stock()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(price: 1_000, stock: 10, admin: admin);

        var response = await admin.PutAsJsonAsync($"/api/admin/products/{product.Id}", new { price = 2_500, stock = 999 });

        var updated = await response.ShouldBeOkAsync<AdminProductView>();
        updated.ShouldBe(product with { Price = 2_500 });
        (await shop.ProductAsync(product.Id)).ShouldBe(product with { Price = 2_500 });
    }

    [Fact]
    public async Task Put_of_an_unknown_product_is_404()
    {
        var admin = await shop.AdminAsync();

        var response = await admin.PutAsJsonAsync("/api/admin/products/999999", new { price = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_archives_the_product_out_of_the_catalog_and_orders_keep_their_line()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(price: 1_500, admin: admin);
        var customer = await shop.SignedInAsync();
        var order = await customer.CheckOutAsync(product.Id, 2);

        var response = await admin.DeleteAsync($"/api/admin/products/{product.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await shop.Anonymous().GetAsync($"/api/products/{product.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var catalog = await shop.Anonymous().GetFromJsonAsync<Paged<ProductView>>(
            $"/api/products?q={Uri.EscapeDataString(product.Name)}", ShopFixture.Json);
        catalog!.Items.ShouldNotContain(p => p.Id == product.Id);
        var listed = await admin.GetFromJsonAsync<Paged<AdminProductView>>(
            $"/api/admin/products?q={Uri.EscapeDataString(product.Name)}", ShopFixture.Json);
        listed!.Items.Single(p => p.Id == product.Id).Archived.ShouldBeTrue();
        var kept = await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json);
        kept!.Items.ShouldBe([new OrderLineView(product.Id, product.Name, 1_500, 2, 3_000)]);
    }

    [Fact]
    public async Task Stock_delta_adds_and_removes_units_on_hand()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 10, admin: admin);

        var added = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = 5 });
        var removed = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = -12 });

        (await added.ShouldBeOkAsync<AdminProductView>()).OnHand.ShouldBe(15);
        var after = await removed.ShouldBeOkAsync<AdminProductView>();
        (after.OnHand, after.Stock).ShouldBe((3, 3));
    }

    [Fact]
    public async Task Stock_delta_below_the_reserved_units_is_409()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 5, admin: admin);
        await (await shop.SignedInAsync()).CheckOutAsync(product.Id, 2);

        var tooMuch = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = -4 });
        (await shop.ProductAsync(product.Id)).OnHand.ShouldBe(5);
        var allThatIsFree = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = -3 });

        await tooMuch.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var after = await allThatIsFree.ShouldBeOkAsync<AdminProductView>();
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((2, 2, 0));
    }

    [Fact]
    public async Task Stock_delta_past_the_largest_stock_is_refused_and_changes_nothing()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 10, admin: admin);

        var huge = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = int.MaxValue });
        var pastTheTop = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = Product.MaxStock });

        await huge.ShouldBeValidationProblemAsync("delta");
        await pastTheTop.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await shop.ProductAsync(product.Id)).OnHand.ShouldBe(10);
    }

    [Fact]
    public async Task Stock_of_an_unknown_product_is_404_and_a_missing_delta_is_400()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 4, admin: admin);

        var unknown = await admin.PostAsJsonAsync("/api/admin/products/999999/stock", new { delta = 1 });
        var missing = await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { });

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await missing.ShouldBeValidationProblemAsync("delta");
        (await shop.ProductAsync(product.Id)).OnHand.ShouldBe(4);
    }

    [Fact]
    public async Task Order_list_shows_every_users_orders_newest_first_with_needs_review()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(admin: admin);
        var first = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        var second = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        var mismatch = StripeEvents.PaymentIntentEvent(
            "payment_intent.succeeded", $"evt_{Guid.NewGuid():N}", second.PaymentIntentId, second.Amount + 1, second.Currency, "succeeded");
        (await shop.SendWebhookAsync(mismatch)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var orders = (await admin.GetFromJsonAsync<List<OrderView>>("/api/admin/orders", ShopFixture.Json))!;

        var ours = orders.Where(o => o.Id == first.OrderId || o.Id == second.OrderId).ToList();
        ours.Select(o => (o.Id, o.NeedsReview)).ShouldBe([(second.OrderId, true), (first.OrderId, false)]);
        orders.Select(o => o.Id).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task Order_list_filters_by_status()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(admin: admin);
        var paid = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        var pending = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        await shop.PayAsync(paid);

        var orders = (await admin.GetFromJsonAsync<List<OrderView>>("/api/admin/orders?status=paid", ShopFixture.Json))!;

        orders.ShouldContain(o => o.Id == paid.OrderId);
        orders.ShouldNotContain(o => o.Id == pending.OrderId);
        orders.ShouldAllBe(o => o.Status == "paid");
    }

    [Fact]
    public async Task Order_list_comes_in_pages_of_page_size_with_the_total_in_X_Total_Count()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(admin: admin);
        var placed = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add((await (await shop.SignedInAsync()).CheckOutAsync(product.Id)).OrderId);
        }

        var first = await admin.GetAsync("/api/admin/orders?page_size=2");
        var second = await admin.GetAsync("/api/admin/orders?page=2&page_size=2");
        var beyond = await admin.GetAsync("/api/admin/orders?page=100000&page_size=2");

        var firstPage = await first.ShouldBeOkAsync<List<OrderView>>();
        firstPage.Select(o => o.Id).ShouldBe([placed[2], placed[1]]);
        (await second.ShouldBeOkAsync<List<OrderView>>()).First().Id.ShouldBe(placed[0]);
        (await beyond.ShouldBeOkAsync<List<OrderView>>()).ShouldBeEmpty();
        var total = int.Parse(first.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThanOrEqualTo(3);
        beyond.Headers.GetValues("X-Total-Count").Single().ShouldBe(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page_size=0")]
    [InlineData("page_size=101")]
    public async Task Order_list_with_bad_paging_is_400(string query)
    {
        var admin = await shop.AdminAsync();

        var response = await admin.GetAsync($"/api/admin/orders?{query}");

        await response.ShouldBeValidationProblemAsync(query.Split('=')[0]);
    }

    [Fact]
    public async Task Order_list_with_an_unknown_status_is_400()
    {
        var admin = await shop.AdminAsync();

        var response = await admin.GetAsync("/api/admin/orders?status=lost");

        await response.ShouldBeValidationProblemAsync("status");
    }

    [Fact]
    public async Task Ship_moves_a_paid_order_to_shipped()
    {
        var admin = await shop.AdminAsync();
        var customer = await shop.SignedInAsync();
        var order = await customer.CheckOutAsync((await shop.CreateProductAsync(admin: admin)).Id);
        await shop.PayAsync(order);

        var response = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/ship", null);

        (await response.ShouldBeOkAsync<OrderView>()).Status.ShouldBe("shipped");
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json))!.Status.ShouldBe("shipped");
    }

    [Fact]
    public async Task Ship_of_a_pending_order_is_409_and_of_an_unknown_one_404()
    {
        var admin = await shop.AdminAsync();
        var customer = await shop.SignedInAsync();
        var order = await customer.CheckOutAsync((await shop.CreateProductAsync(admin: admin)).Id);

        var pending = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/ship", null);
        var unknown = await admin.PostAsync("/api/admin/orders/999999/ship", null);

        pending.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json))!.Status.ShouldBe("pending");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refund_of_a_paid_or_shipped_order_refunds_its_payment_intent(bool shipped)
    {
        var admin = await shop.AdminAsync();
        var customer = await shop.SignedInAsync();
        var order = await customer.CheckOutAsync((await shop.CreateProductAsync(admin: admin)).Id, 3);
        await shop.PayAsync(order);
        if (shipped)
        {
            (await admin.PostAsync($"/api/admin/orders/{order.OrderId}/ship", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var response = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/refund", null);

        (await response.ShouldBeOkAsync<OrderView>()).Status.ShouldBe("refunded");
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json))!.Status.ShouldBe("refunded");
        var refund = shop.Stripe.Requests
            .Where(r => r.Method == "POST" && r.Path == "/v1/refunds" && r.Form.GetValueOrDefault("payment_intent") == order.PaymentIntentId)
            .ShouldHaveSingleItem();
        refund.IdempotencyKey.ShouldNotBeNullOrWhiteSpace();
        shop.Stripe.Refunds.Where(r => r.PaymentIntentId == order.PaymentIntentId).ShouldHaveSingleItem().Amount.ShouldBe(order.Amount);
    }

    [Fact]
    public async Task Refund_of_a_pending_order_is_409_and_calls_no_one()
    {
        var admin = await shop.AdminAsync();
        var order = await (await shop.SignedInAsync()).CheckOutAsync((await shop.CreateProductAsync(admin: admin)).Id);

        var response = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/refund", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        shop.Stripe.Requests.ShouldNotContain(r => r.Path == "/v1/refunds" && r.Form.GetValueOrDefault("payment_intent") == order.PaymentIntentId);
    }

    [Fact]
    public async Task Refund_when_the_payment_provider_fails_is_502_and_the_order_stays_paid()
    {
        var admin = await shop.AdminAsync();
        var customer = await shop.SignedInAsync();
        var order = await customer.CheckOutAsync((await shop.CreateProductAsync(admin: admin)).Id);
        await shop.PayAsync(order);

        HttpResponseMessage response;
        try
        {
            // Three failures: Stripe.net retries a 500 twice before giving up.
            shop.Stripe.FailNext(500, count: 3, path: "/v1/refunds");
            response = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/refund", null);
        }
        finally
        {
            shop.Stripe.Reset();
        }

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        problem.GetProperty("detail").GetString()!.ShouldContain("injected by the test stand-in", Case.Sensitive, "the provider's own message");
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json))!.Status.ShouldBe("paid");
        shop.Stripe.Refunds.ShouldNotContain(r => r.PaymentIntentId == order.PaymentIntentId);
    }

    [Fact]
    public async Task Order_list_finds_an_order_by_its_id_or_its_customers_username()
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(stock: 10, admin: admin);
        var username = $"finder-{Guid.NewGuid():N}"[..20];
        var customer = await shop.SignedInAsync(username);
        var first = await customer.CheckOutAsync(product.Id);
        var second = await customer.CheckOutAsync(product.Id);
        var someoneElses = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);

        var byId = await admin.GetFromJsonAsync<List<OrderView>>($"/api/admin/orders?q=%23{first.OrderId}", ShopFixture.Json);
        var byUsername = await admin.GetFromJsonAsync<List<OrderView>>($"/api/admin/orders?q={username.ToUpperInvariant()}", ShopFixture.Json);
        var nobody = await admin.GetFromJsonAsync<List<OrderView>>("/api/admin/orders?q=no-such-user", ShopFixture.Json);

        byId!.Select(o => o.Id).ShouldBe([first.OrderId]);
        byUsername.ShouldNotBeNull().Select(o => o.Id).ShouldBe([second.OrderId, first.OrderId]);
        byUsername!.ShouldAllBe(o => o.Items.Count == 1 && o.Items[0].ProductId == product.Id);
        byUsername.ShouldNotContain(o => o.Id == someoneElses.OrderId);
        nobody!.ShouldBeEmpty();
    }

    private async Task<List<string>> AnswersAsync(HttpClient client)
    {
        var answers = new List<string>();
        foreach (var (method, path) in AdminRoutes)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                request.Content = JsonContent.Create(new { delta = -1, price = 1, sku = "X", name = "X", stock = 1, category = "x" });
            }

            var response = await client.SendAsync(request);
            answers.Add($"{method} {path} {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
        }

        return answers;
    }

    private static string NewSlug() => $"cat-{Guid.NewGuid():N}"[..16];

    private static Dictionary<string, object> NewProduct(long price = 1_000, int stock = 10, string category = "test-goods") => new()
    {
        ["sku"] = $"A-{Guid.NewGuid():N}"[..16],
        ["name"] = $"Admin product {Guid.NewGuid():N}"[..24],
        ["description"] = $"Made by an admin test, {Guid.NewGuid():N}.",
        ["price"] = price,
        ["stock"] = stock,
        ["category"] = category,
    };

    private static async Task<AdminProductView> CreateAsync(HttpClient admin, Dictionary<string, object> body)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/products", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AdminProductView>(ShopFixture.Json))!;
    }

    /// <summary>Nothing was created: no product, archived or not, has the body's description (unique per body).</summary>
    private static async Task ShouldNotExistAsync(HttpClient admin, Dictionary<string, object> body)
    {
        var page = await admin.GetFromJsonAsync<Paged<AdminProductView>>(
            $"/api/admin/products?q={Uri.EscapeDataString((string)body["description"])}", ShopFixture.Json);
        page!.Total.ShouldBe(0);
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class AdminApiTests_Sqlite(SqliteShop shop) : AdminApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class AdminApiTests_MariaDb(MariaDbShop shop) : AdminApiTests(shop), IClassFixture<MariaDbShop>;
