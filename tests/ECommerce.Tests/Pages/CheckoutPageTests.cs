using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>/checkout without JavaScript: the cart's summary, the address form, and one order per address submitted.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class CheckoutPageTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    /// <summary>A valid address for the checkout page's form.</summary>
    internal static readonly (string, string)[] Address =
    [
        ("Input.Name", "Ada Lovelace"),
        ("Input.Line1", "12 St James's Square"),
        ("Input.Line2", "Flat 3"),
        ("Input.City", "London"),
        ("Input.PostalCode", "SW1Y 4JH"),
        ("Input.Country", "GB"),
    ];

    [Fact]
    public async Task A_guest_is_sent_to_sign_in_and_brought_back_to_checkout()
    {
        using var guest = PageSession.Start(shop);

        var response = await guest.Client.GetAsync("/checkout");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/account/login?returnUrl=%2Fcheckout");
    }

    [Fact]
    public async Task Checkout_shows_the_cart_lines_and_total_as_money_and_the_address_form()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(price: 1_250, name: $"Desk lamp {Guid.NewGuid():N}"[..18]);
        await shopper.Api.AddToCartAsync(product.Id, 2);

        var page = await shopper.Browser.GetAsync("/checkout");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe("Checkout");
        page.Document.QuerySelector(".summary-lines")!.TextContent.ShouldContain(product.Name);
        page.Document.QuerySelector(".summary-total")!.TextContent.ShouldContain("$25.00");
        var form = page.Form("address");
        foreach (var (label, name) in new[]
        {
            ("Full name", "Input.Name"), ("Address line 1", "Input.Line1"), ("Address line 2", "Input.Line2"),
            ("City", "Input.City"), ("Postal code", "Input.PostalCode"), ("Country", "Input.Country"),
        })
        {
            var field = form.QuerySelectorAll("label").Single(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal));
            form.QuerySelector($"#{field.GetAttribute("for")}")!.GetAttribute("name").ShouldBe(name);
        }

        form.QuerySelector("select[name='Input.Country'] option[value=DE]")!.TextContent.ShouldBe("Germany");
        form.QuerySelector("button[type=submit]")!.TextContent.ShouldContain("Continue");
    }

    [Fact]
    public async Task An_invalid_address_shows_each_error_next_to_its_field_and_places_no_order()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync();
        await shopper.Api.AddToCartAsync(product.Id);
        var page = await shopper.Browser.GetAsync("/checkout");

        var response = await shopper.Browser.SubmitAsync(page, "address", [.. Address, ("Input.Name", "  "), ("Input.City", ""), ("Input.Country", "XX")]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await PageSession.Page.ReadAsync(response);
        ErrorOf(answer, "address-name").ShouldBe("Full name is required.");
        ErrorOf(answer, "address-city").ShouldBe("City is required.");
        ErrorOf(answer, "address-country").ShouldBe("Choose a country from the list.");
        ErrorOf(answer, "address-line1").ShouldBeNull();
        answer.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("City is required.");
        answer.Document.QuerySelector("#address-line1")!.GetAttribute("value").ShouldBe("12 St James's Square");
        (await shopper.Api.OrdersAsync()).ShouldBeEmpty();
        (await shopper.Api.CartAsync()).Items.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_valid_address_places_one_order_with_it_and_redirects_to_the_orders_page()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(price: 4_000);
        await shopper.Api.AddToCartAsync(product.Id, 2);
        var page = await shopper.Browser.GetAsync("/checkout");

        var response = await shopper.Browser.SubmitAsync(page, "address", Address);

        var order = (await shopper.Api.OrdersAsync()).ShouldHaveSingleItem();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.RedirectPath().ShouldBe($"/orders/{order.Id}");
        order.ShippingAddress.ShouldBe(new ShippingAddress("Ada Lovelace", "12 St James's Square", "Flat 3", "London", "SW1Y 4JH", "GB"));
        (order.Status, order.Amount).ShouldBe(("pending", 8_000));
        (await shopper.Api.CartAsync()).IsEmpty.ShouldBeTrue();
        var orderPage = await shopper.Browser.FollowAsync(response);
        orderPage.Heading.ShouldBe($"Order #{order.Id}");
        (await shopper.Browser.GetAsync(response.RedirectPath())).Status.ShouldBe(HttpStatusCode.OK);
        (await shopper.Api.OrdersAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Submitting_the_address_twice_places_one_order_and_the_second_answer_says_the_cart_is_empty()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync();
        await shopper.Api.AddToCartAsync(product.Id);
        var page = await shopper.Browser.GetAsync("/checkout");

        var first = await shopper.Browser.SubmitAsync(page, "address", Address);
        var second = await shopper.Browser.SubmitAsync(page, "address", Address);

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = (await shopper.Api.OrdersAsync()).ShouldHaveSingleItem();
        var answer = await PageSession.Page.ReadAsync(second);
        answer.Document.QuerySelector(".empty-state")!.TextContent.ShouldContain("Your cart is empty.");
        answer.Document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldContain($"/orders/{order.Id}");
        answer.Document.QuerySelectorAll("[role=alert]").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_empty_cart_says_so_and_links_to_the_catalog()
    {
        using var shopper = await shop.ShopperAsync();

        var page = await shopper.Browser.GetAsync("/checkout");

        page.Status.ShouldBe(HttpStatusCode.OK);
        var empty = page.Document.QuerySelector(".empty-state")!;
        empty.TextContent.ShouldContain("Your cart is empty.");
        empty.QuerySelector("a[href='/']").ShouldNotBeNull();
        page.Document.QuerySelectorAll("form").Where(f => f.QuerySelector("input[name=_handler][value=address]") is not null).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_line_beyond_the_stock_is_an_alert_with_a_link_back_to_the_cart_and_no_order()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(stock: 3);
        await shopper.Api.AddToCartAsync(product.Id, 3);
        var admin = await shop.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/admin/products/{product.Id}/stock", new { delta = -2 })).EnsureSuccessStatusCode();
        var page = await shopper.Browser.GetAsync("/checkout");

        var response = await shopper.Browser.SubmitAsync(page, "address", Address);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var alert = (await PageSession.Page.ReadAsync(response)).Document.QuerySelector("[role=alert]")!;
        alert.TextContent.ShouldContain("no longer in stock");
        alert.QuerySelector("a[href='/cart']").ShouldNotBeNull();
        (await shopper.Api.OrdersAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_next_checkout_starts_from_the_address_of_the_last_order()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync();
        await shopper.Api.AddToCartAsync(product.Id);
        await shopper.Browser.SubmitAsync(await shopper.Browser.GetAsync("/checkout"), "address", Address);
        await shopper.Api.AddToCartAsync(product.Id);

        var page = await shopper.Browser.GetAsync("/checkout");

        page.Document.QuerySelector("#address-name")!.GetAttribute("value").ShouldBe("Ada Lovelace");
        page.Document.QuerySelector("#address-country option[selected]")!.GetAttribute("value").ShouldBe("GB");
    }

    private static string? ErrorOf(PageSession.Page page, string fieldId)
    {
        var field = page.Document.QuerySelector($"#{fieldId}")!;
        if (field.GetAttribute("aria-invalid") != "true")
        {
            return null;
        }

        return page.Document.QuerySelector($"#{field.GetAttribute("aria-describedby")}")!.TextContent.Trim();
    }
}
