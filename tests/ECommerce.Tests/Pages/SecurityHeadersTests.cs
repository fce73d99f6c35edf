using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>A shop with Stripe keys: its pages may load Stripe.js from the configured address, and nothing else from elsewhere.</summary>
public sealed class StripeJsShop : SqliteShop
{
    public const string JsUrl = "https://js.stripe.example/v3/";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Stripe:PublishableKey"] = "pk_test_standin";
        settings["Stripe:JsUrl"] = JsUrl;
    }
}

public class SecurityHeadersTests(StripeJsShop shop) : IClassFixture<StripeJsShop>
{
    [Fact]
    public async Task Pages_allow_scripts_from_the_shop_and_the_configured_Stripe_js_only()
    {
        var response = await shop.Anonymous().GetAsync("/");

        var policy = Directives(response);
        policy["script-src"].ShouldBe(["'self'", "https://js.stripe.example"]);
        policy["frame-src"].ShouldContain("https://js.stripe.example");
        policy["frame-src"].ShouldContain("https://hooks.stripe.com");
        policy["connect-src"].ShouldContain("https://api.stripe.com");
        policy["frame-ancestors"].ShouldBe(["'none'"]);
        policy["object-src"].ShouldBe(["'none'"]);
        policy["form-action"].ShouldBe(["'self'"]);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task The_API_answers_without_a_page_policy()
    {
        var response = await shop.Anonymous().GetAsync("/api/products");

        response.Headers.Contains("Content-Security-Policy").ShouldBeFalse();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    private static Dictionary<string, string[]> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single()
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
}

public class OfflineSecurityHeadersTests(OfflineSqliteShop shop) : IClassFixture<OfflineSqliteShop>
{
    [Fact]
    public async Task Without_Stripe_keys_pages_load_nothing_from_Stripe()
    {
        var response = await shop.Anonymous().GetAsync("/");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldNotContain("stripe");
        policy.ShouldContain("script-src 'self';");
    }
}
