using System.Net;
using System.Net.Http.Json;
using ECommerce.Tests.Infrastructure;
using ECommerce.Tests.Pages;

namespace ECommerce.Tests.Api;

/// <summary>The HTTP pipeline's limit on signups and logins; the database plays no part, so SQLite is enough.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class RateLimitTests(RateLimitTests.ThreePerMinuteShop shop) : IClassFixture<RateLimitTests.ThreePerMinuteShop>
{
    [Fact]
    public async Task Signup_and_login_share_a_budget_of_PermitsPerMinute_calls_and_then_answer_429_with_Retry_After()
    {
        // The only test of this class that calls signup or login: the budget is shared by every client of the fixture.
        var client = shop.Anonymous();
        var username = $"user-{Guid.NewGuid():N}"[..20];
        (await client.PostAsJsonAsync("/api/signup", new { username, password = "password123" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/api/login", new { username, password = "password123" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/login", new { username, password = "password123" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var fourthLogin = await client.PostAsJsonAsync("/api/login", new { username, password = "password123" });
        var fourthSignup = await client.PostAsJsonAsync("/api/signup", new { username = $"user-{Guid.NewGuid():N}"[..20], password = "password123" });

        foreach (var refused in new[] { fourthLogin, fourthSignup })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            var retryAfter = refused.Headers.RetryAfter?.Delta ?? throw new ShouldAssertException("A 429 without Retry-After in seconds.");
            retryAfter.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            problem.GetProperty("status").GetInt32().ShouldBe(429);
        }
    }

    [Fact]
    public async Task Calls_other_than_signup_and_login_are_not_limited()
    {
        var client = shop.Anonymous();

        for (var call = 0; call < 3 * ThreePerMinuteShop.PermitsPerMinute; call++)
        {
            (await client.GetAsync("/api/products")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    public sealed class ThreePerMinuteShop : SqliteShop
    {
        public const int PermitsPerMinute = 3;

        protected override void Configure(Dictionary<string, string?> settings) =>
            settings["RateLimiting:PermitsPerMinute"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The per-account budget of checkouts, which stops one account from reserving stock and creating PaymentIntents in a loop.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class CheckoutRateLimitTests(CheckoutRateLimitTests.TwoCheckoutsPerMinuteShop shop) : IClassFixture<CheckoutRateLimitTests.TwoCheckoutsPerMinuteShop>
{
    [Fact]
    public async Task An_account_gets_CheckoutsPerMinute_checkouts_and_then_429_while_other_accounts_go_on()
    {
        var client = await shop.SignedInAsync();
        var other = await shop.SignedInAsync();
        // Empty carts: refused, but each call still counts.
        for (var call = 0; call < TwoCheckoutsPerMinuteShop.CheckoutsPerMinute; call++)
        {
            await (await client.PostCheckoutAsync()).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        var refused = await client.PostCheckoutAsync();

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("checkouts");
        refused.Headers.RetryAfter?.Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        await (await other.PostCheckoutAsync()).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/orders")).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_checkout_page_shares_the_budget_and_answers_the_shops_429_page()
    {
        using var shopper = await shop.ShopperAsync();
        var product = await shop.CreateProductAsync(stock: 50);
        await (await shopper.Api.PostCheckoutAsync()).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await shopper.Api.AddToCartAsync(product.Id);
        // The API's refusal above and this order spend the account's two checkouts; reading the page spends none.
        var page = await shopper.Browser.GetAsync("/checkout");
        (await shopper.Browser.SubmitAsync(page, "address", CheckoutPageTests.Address)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await shopper.Api.AddToCartAsync(product.Id);

        var refused = await shopper.Browser.SubmitAsync(await shopper.Browser.GetAsync("/checkout"), "address", CheckoutPageTests.Address);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await shopper.Api.OrdersAsync()).Count.ShouldBe(1);
    }

    public sealed class TwoCheckoutsPerMinuteShop : SqliteShop
    {
        public const int CheckoutsPerMinute = 2;

        protected override void Configure(Dictionary<string, string?> settings) =>
            settings["RateLimiting:CheckoutsPerMinute"] = CheckoutsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
