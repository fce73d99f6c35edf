using System.Net;
using System.Net.Http.Json;
using ECommerce.Tests.Infrastructure;

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
