using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>The back office over plain HTTP, as a browser without JavaScript uses it.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class AdminPagesTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    public static readonly TheoryData<string> AdminPages = ["/admin/products", "/admin/products/new", "/admin/products/1", "/admin/orders", "/admin/orders/1"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task A_guest_is_sent_to_sign_in_and_back(string page)
    {
        using var guest = PageSession.Start(shop);

        var response = await guest.Client.GetAsync(page);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe($"/account/login?returnUrl={Uri.EscapeDataString(page)}");
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task A_signed_in_shopper_gets_403_and_no_admin_data(string page)
    {
        var admin = await shop.AdminAsync();
        var product = await shop.CreateProductAsync(name: $"Secret-{Guid.NewGuid():N}"[..20], admin: admin);
        var order = await (await shop.SignedInAsync()).CheckOutAsync(product.Id);
        using var shopper = await ShopperAsync();

        var answer = await shopper.GetAsync(page.Replace("/1", $"/{(page.Contains("orders") ? order.OrderId : product.Id)}"));

        answer.Status.ShouldBe(HttpStatusCode.Forbidden);
        answer.Heading.ShouldBe("Not allowed");
        answer.Html.ShouldNotContain(product.Name);
        answer.Html.ShouldNotContain(product.Sku);
        answer.Html.ShouldNotContain(order.PaymentIntentId);
        answer.Document.QuerySelectorAll("form").ShouldNotContain(f => f.QuerySelector("input[name=_handler]") != null
            && f.QuerySelector("input[name=_handler]")!.GetAttribute("value") != "logout");
    }

    [Fact]
    public async Task A_shoppers_post_to_an_admin_form_is_refused_and_changes_nothing()
    {
        var product = await shop.CreateProductAsync();
        using var shopper = await ShopperAsync();
        // A token of the shopper's own, from the sign-out form every page has.
        var token = (await shopper.GetAsync("/")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await shopper.Client.PostAsync($"/admin/products/{product.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "archive",
            ["Archive.Confirmed"] = "true",
            ["__RequestVerificationToken"] = token,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await shop.ProductAsync(product.Id)).Archived.ShouldBeFalse();
    }

    [Fact]
    public async Task An_admin_creates_a_product_and_it_is_sold_in_the_catalog_and_the_api()
    {
        using var admin = await AdminAsync();
        var name = $"Desk lamp {Guid.NewGuid():N}"[..20];
        var sku = $"LMP-{Guid.NewGuid():N}"[..12];

        var created = await admin.SubmitAsync(
            await admin.GetAsync("/admin/products/new"),
            "product",
            ("Input.Name", name),
            ("Input.Sku", sku),
            ("Input.Description", "Warm light for late orders."),
            ("Input.Price", "12.50"),
            ("Input.Category", "lighting"),
            ("Input.ImageUrl", ""),
            ("Input.Stock", "5"));

        var page = await admin.FollowAsync(created);
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe($"Edit {name}");
        page.Texts("[role=status]").ShouldContain("Product created.");
        var id = int.Parse(page.Url.Split('?')[0].Split('/').Last());
        var product = await shop.ProductAsync(id);
        (product.Name, product.Sku, product.Price, product.OnHand, product.Category, product.ImageUrl)
            .ShouldBe((name, sku, 1250L, 5, "lighting", CatalogService.PlaceholderImage));
        var catalog = await admin.GetAsync($"/?q={Uri.EscapeDataString(name)}");
        catalog.Document.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ShouldContain(name);
        catalog.Html.ShouldContain("$12.50");
        var api = await shop.Anonymous().GetFromJsonAsync<Paged<ProductView>>($"/api/products?q={Uri.EscapeDataString(name)}", ShopFixture.Json);
        api!.Items.ShouldHaveSingleItem().Price.ShouldBe(1250);
    }

    [Fact]
    public async Task An_admin_edits_a_product_and_the_catalog_shows_the_change()
    {
        var product = await shop.CreateProductAsync(price: 1000);
        using var admin = await AdminAsync();
        var form = await admin.GetAsync($"/admin/products/{product.Id}");
        form.Document.QuerySelector("#product-price")!.GetAttribute("value").ShouldBe("10.00");
        var renamed = $"Renamed {Guid.NewGuid():N}"[..20];

        var saved = await admin.SubmitAsync(form, "product", ("Input.Name", renamed), ("Input.Price", "7.05"));

        (await admin.FollowAsync(saved)).Texts("[role=status]").ShouldContain("Changes saved.");
        var api = await shop.Anonymous().GetFromJsonAsync<ProductView>($"/api/products/{product.Id}", ShopFixture.Json);
        (api!.Name, api.Price, api.Sku, api.Description).ShouldBe((renamed, 705L, product.Sku, product.Description));
        var catalog = await admin.GetAsync($"/?q={Uri.EscapeDataString(renamed)}");
        catalog.Html.ShouldContain("$7.05");
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task A_price_that_is_not_an_amount_is_refused_beside_the_field(string price)
    {
        var product = await shop.CreateProductAsync(price: 1000);
        using var admin = await AdminAsync();

        var response = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}"), "product", ("Input.Price", price), ("Input.Sku", "not a sku"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await PageSession.Page.ReadAsync(response);
        FieldError(page, "product-price").ShouldBe("Enter the price in USD as an amount such as 12.50.");
        FieldError(page, "product-sku").ShouldStartWith("sku must be");
        page.Document.QuerySelector("#product-price")!.GetAttribute("value").ShouldBe(price);
        (await shop.ProductAsync(product.Id)).Price.ShouldBe(1000);
    }

    [Fact]
    public async Task A_new_product_with_blank_fields_shows_each_error_and_is_not_created()
    {
        using var admin = await AdminAsync();
        var description = $"Never created {Guid.NewGuid():N}";

        var response = await admin.SubmitAsync(await admin.GetAsync("/admin/products/new"), "product", ("Input.Description", description), ("Input.Stock", "x"));

        var page = await PageSession.Page.ReadAsync(response);
        page.Status.ShouldBe(HttpStatusCode.OK);
        foreach (var field in new[] { "product-name", "product-sku", "product-price", "product-category", "product-stock" })
        {
            FieldError(page, field).ShouldNotBeNullOrWhiteSpace();
        }

        var api = await (await shop.AdminAsync()).GetFromJsonAsync<Paged<AdminProductView>>($"/api/admin/products?q={Uri.EscapeDataString(description)}", ShopFixture.Json);
        api!.Total.ShouldBe(0);
    }

    [Fact]
    public async Task Stock_cannot_be_adjusted_below_the_reserved_units()
    {
        var product = await shop.CreateProductAsync(stock: 5);
        await (await shop.SignedInAsync()).CheckOutAsync(product.Id, 3);
        using var admin = await AdminAsync();

        var refused = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}"), "stock", ("Stock.QuantityChange", "-3"));

        var page = await PageSession.Page.ReadAsync(refused);
        page.Status.ShouldBe(HttpStatusCode.OK);
        FieldError(page, "stock-change").ShouldBe("Stock cannot go below the units reserved by pending orders, nor above 1000000.");
        (await shop.ProductAsync(product.Id)).OnHand.ShouldBe(5);

        var adjusted = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}"), "stock", ("Stock.QuantityChange", "-2"));

        (await admin.FollowAsync(adjusted)).Texts("[role=status]").ShouldContain("Stock adjusted.");
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((3, 3, 0));
    }

    [Fact]
    public async Task Archive_asks_for_confirmation_then_takes_the_product_off_sale()
    {
        var product = await shop.CreateProductAsync();
        using var admin = await AdminAsync();

        var unconfirmed = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}"), "archive");

        FieldError(await PageSession.Page.ReadAsync(unconfirmed), "archive-confirm").ShouldStartWith("Tick the box to confirm");
        (await shop.ProductAsync(product.Id)).Archived.ShouldBeFalse();

        var archived = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}"), "archive", ("Archive.Confirmed", "true"));

        (await admin.FollowAsync(archived)).Texts("[role=status]").ShouldContain("Product archived: it is no longer sold.");
        (await shop.ProductAsync(product.Id)).Archived.ShouldBeTrue();
        (await shop.Anonymous().GetAsync($"/api/products/{product.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_product_list_searches_filters_by_category_and_shows_the_stock_split()
    {
        var admin = await shop.AdminAsync();
        var word = $"w{Guid.NewGuid():N}"[..12];
        var category = $"cat-{Guid.NewGuid():N}"[..12];
        var held = await shop.CreateProductAsync(stock: 7, name: $"Held {word}", category: category, admin: admin);
        var archived = await shop.CreateProductAsync(stock: 2, name: $"Gone {word}", category: category, admin: admin);
        await shop.CreateProductAsync(name: $"Elsewhere {word}", admin: admin);
        (await admin.DeleteAsync($"/api/admin/products/{archived.Id}")).EnsureSuccessStatusCode();
        await (await shop.SignedInAsync()).CheckOutAsync(held.Id, 2);
        using var session = await AdminAsync();

        var page = await session.GetAsync($"/admin/products?q={word}&category={category}");

        var rows = page.Document.QuerySelectorAll("tbody tr")
            .Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim())))
            .ToList();
        rows.ShouldBe(
        [
            $"Gone {word} | {archived.Sku} | {category} | $10.00 | 2 | 0 | 2 | Archived",
            $"Held {word} | {held.Sku} | {category} | $10.00 | 7 | 2 | 5 | No",
        ]);
        page.Document.QuerySelector($"a[href='/admin/products/{held.Id}']").ShouldNotBeNull();
        (await session.GetAsync("/admin/products")).Document.QuerySelectorAll("a")
            .ShouldContain(a => a.TextContent.Trim() == "New product" && a.GetAttribute("href") == "/admin/products/new");
        (await session.GetAsync("/admin/products?page=abc")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_order_list_shows_each_order_with_its_status_newest_first_and_filters()
    {
        var product = await shop.CreateProductAsync(stock: 10);
        var username = $"lister-{Guid.NewGuid():N}"[..20];
        var customer = await shop.SignedInAsync(username);
        var paid = await customer.CheckOutAsync(product.Id);
        await shop.PayAsync(paid);
        var pending = await customer.CheckOutAsync(product.Id);
        using var admin = await AdminAsync();

        var all = Rows(await admin.GetAsync($"/admin/orders?q={username}"));
        var onlyPaid = Rows(await admin.GetAsync($"/admin/orders?q={username}&status=paid"));
        var byId = Rows(await admin.GetAsync($"/admin/orders?q={pending.OrderId}"));

        all.ShouldBe([$"#{pending.OrderId} pending", $"#{paid.OrderId} paid Ship Refund"]);
        onlyPaid.ShouldBe([$"#{paid.OrderId} paid Ship Refund"]);
        byId.ShouldBe([$"#{pending.OrderId} pending"]);
        (await admin.GetAsync("/admin/orders?status=nonsense&page=abc")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_order_page_shows_lines_address_amount_and_payment()
    {
        var product = await shop.CreateProductAsync(price: 2500, stock: 10);
        var customer = await shop.SignedInAsync();
        await customer.AddToCartAsync(product.Id, 2);
        var response = await customer.PostCheckoutAsync("""
            {"shipping_address":{"name":"Ada Lovelace","line1":"12 Analytical Row","city":"London","postal_code":"N1 7AA","country":"GB"}}
            """);
        var order = (await response.Content.ReadFromJsonAsync<ECommerce.Core.Ordering.CheckoutView>(ShopFixture.Json))!;
        using var admin = await AdminAsync();

        var page = await admin.GetAsync($"/admin/orders/{order.OrderId}");

        page.Heading.ShouldBe($"Order #{order.OrderId}");
        page.Texts("[role=status]").ShouldContain("pending");
        page.Html.ShouldContain(order.PaymentIntentId);
        page.Html.ShouldContain("$50.00");
        page.Texts("address").Single().ShouldContain("Ada Lovelace");
        page.Document.QuerySelectorAll("tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim())))
            .ShouldBe([$"{product.Name} | $25.00 | 2 | $50.00"]);
        (await admin.GetAsync("/admin/orders/999999")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/admin/products/999999")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<PageSession> AdminAsync()
    {
        var session = PageSession.Start(shop);
        await session.SignInAsync(ShopFixture.AdminUsername, ShopFixture.AdminPassword);
        return session;
    }

    private async Task<PageSession> ShopperAsync()
    {
        var username = $"shopper-{Guid.NewGuid():N}"[..20];
        await shop.SignedInAsync(username);
        var session = PageSession.Start(shop);
        await session.SignInAsync(username, "password123");
        return session;
    }

    /// <summary>The error a field is described by, after checking the field says it is invalid.</summary>
    private static string FieldError(PageSession.Page page, string fieldId)
    {
        var field = page.Document.QuerySelector($"#{fieldId}").ShouldNotBeNull($"{page.Url} has no #{fieldId}");
        field.GetAttribute("aria-invalid").ShouldBe("true", page.Html);
        var errorId = field.GetAttribute("aria-describedby")!.Split(' ').Last();
        return page.Document.QuerySelector($"#{errorId}").ShouldNotBeNull(page.Html).TextContent.Trim();
    }

    /// <summary>Each order row as "#id status buttons".</summary>
    private static List<string> Rows(PageSession.Page page) =>
    [
        .. page.Document.QuerySelectorAll("tr[data-order-id]").Select(r => string.Join(' ', new[]
        {
            r.QuerySelector("th")!.TextContent.Trim(),
            r.QuerySelector(".order-status")!.TextContent.Trim(),
            string.Join(' ', r.QuerySelectorAll("button").Select(b => b.TextContent.Trim())),
        }.Where(s => s.Length > 0))),
    ];
}
