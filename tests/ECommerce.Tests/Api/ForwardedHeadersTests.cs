using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

/// <summary>Behind a reverse proxy: the client is who X-Forwarded-For says only when a known proxy says it.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.BehindAProxyShop shop) : IClassFixture<ForwardedHeadersTests.BehindAProxyShop>
{
    private const string Proxy = "10.0.0.5";

    [Fact]
    public async Task Clients_behind_a_known_proxy_get_a_rate_limit_budget_each()
    {
        await UseUpTheBudgetAsync(Proxy, "203.0.113.1");

        await (await LoginAsync(Proxy, "203.0.113.1")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        await (await LoginAsync(Proxy, "203.0.113.2")).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_client_behind_a_known_proxy_cannot_pick_another_budget_by_sending_its_own_X_Forwarded_For()
    {
        await UseUpTheBudgetAsync(Proxy, "203.0.113.3");

        // The proxy appends the address it saw to whatever the client sent.
        await (await LoginAsync(Proxy, "198.51.100.99, 203.0.113.3")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Through_a_chain_of_known_proxies_the_client_is_the_first_address_no_known_proxy_vouches_for()
    {
        await UseUpTheBudgetAsync(Proxy, "203.0.113.4, 192.168.1.1");

        await (await LoginAsync(Proxy, "203.0.113.4")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        await (await LoginAsync(Proxy, "203.0.113.5, 192.168.1.1")).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task From_a_peer_outside_KnownNetworks_X_Forwarded_For_is_ignored_and_the_peer_has_one_budget(string peer)
    {
        await UseUpTheBudgetAsync(peer, "203.0.113.10");

        await (await LoginAsync(peer, "203.0.113.11")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData(Proxy, "https")]
    [InlineData("192.0.2.7", "http")]
    public async Task X_Forwarded_Proto_sets_the_scheme_of_the_apps_own_links_only_when_a_known_proxy_sends_it(string peer, string scheme)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add(PeerAddressFromHeader.Header, peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.20");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var document = await (await shop.Anonymous().SendAsync(request)).ShouldBeOkAsync<JsonElement>();

        document.GetProperty("servers")[0].GetProperty("url").GetString().ShouldStartWith($"{scheme}://");
    }

    private async Task UseUpTheBudgetAsync(string peer, string forwardedFor)
    {
        for (var call = 0; call < BehindAProxyShop.PermitsPerMinute; call++)
        {
            await (await LoginAsync(peer, forwardedFor)).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>A login that fails (no such account) but counts against the budget of the client's address.</summary>
    private Task<HttpResponseMessage> LoginAsync(string peer, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/login") { Content = JsonContent.Create(new { username = "nobody", password = "password123" }) };
        request.Headers.Add(PeerAddressFromHeader.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return shop.Anonymous().SendAsync(request);
    }

    public sealed class BehindAProxyShop : SqliteShop
    {
        public const int PermitsPerMinute = 3;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["RateLimiting:PermitsPerMinute"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Comma-separated, as an environment variable gives it.
            settings["ForwardedHeaders:KnownNetworks"] = "192.168.0.0/16, 10.0.0.0/8";
        }
    }
}
