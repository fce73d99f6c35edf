using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ECommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ECommerce.Tests.Api;

/// <summary>Two instances of the shop on one MariaDB database and one Redis behave as one shop.</summary>
[Trait(Providers.Trait, "MariaDb")]
public sealed class TwoInstancesTests(MariaDbRedisShop shop) : IClassFixture<MariaDbRedisShop>
{
    [Fact]
    public async Task Checkouts_racing_through_both_instances_sell_exactly_the_stock()
    {
        const int stock = 5;
        await using var other = shop.StartAnotherApp();
        var product = await shop.CreateProductAsync(stock: stock);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var client = await shop.SignedInAsync();
            // Every other shopper goes through the second instance, with the token the first one issued.
            var through = i % 2 == 0 ? client : Through(other, client);
            await through.AddToCartAsync(product.Id);
            return through;
        }));

        var answers = await Task.WhenAll(shoppers.Select(client => client.PostCheckoutAsync()));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(stock);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(shoppers.Length - stock);
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((stock, stock, 0));
    }

    [Fact]
    public async Task A_cart_filled_on_one_instance_is_the_cart_on_the_other()
    {
        await using var other = shop.StartAnotherApp();
        var product = await shop.CreateProductAsync();
        var client = await shop.SignedInAsync();

        await client.AddToCartAsync(product.Id, 3);

        var cart = await Through(other, client).CartAsync();
        cart.Items.Single().ShouldSatisfyAllConditions(line => line.ProductId.ShouldBe(product.Id), line => line.Quantity.ShouldBe(3));
    }

    [Fact]
    public async Task A_browser_signed_in_on_one_instance_is_signed_in_on_the_other()
    {
        await using var other = shop.StartAnotherApp();
        var username = $"browser-{Guid.NewGuid():N}"[..20];
        (await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = "password123" })).EnsureSuccessStatusCode();
        var cookies = new CookieContainer();
        using var first = new PageSession(shop.Pages(cookies), cookies);
        await first.SignInAsync(username, "password123");

        using var second = new PageSession(other.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
        var orders = await second.GetAsync("/orders");

        orders.Status.ShouldBe(HttpStatusCode.OK, "the second instance reads the first one's session cookie");
        orders.Heading.ShouldBe("Your orders");
    }

    /// <summary>A client of <paramref name="app"/> carrying the same token as <paramref name="client"/>.</summary>
    private static HttpClient Through(WebApplicationFactory<Program> app, HttpClient client)
    {
        var through = app.CreateClient();
        through.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", client.DefaultRequestHeaders.Authorization!.Parameter);
        return through;
    }
}
