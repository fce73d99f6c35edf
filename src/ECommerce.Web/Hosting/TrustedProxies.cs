using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace ECommerce.Web.Hosting;

public static class TrustedProxies
{
    /// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the shop believes, in CIDR notation.</summary>
    public const string KnownNetworks = "ForwardedHeaders:KnownNetworks";

    /// <summary>
    /// Takes the client's address and scheme from X-Forwarded-For and X-Forwarded-Proto, but only from a peer in
    /// <see cref="KnownNetworks"/> (a configuration array, or one comma-separated value; none by default).
    /// </summary>
    /// <returns>The problem that stops the app from starting (a network that is not CIDR), or null.</returns>
    public static string? TrustProxiesInKnownNetworks(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(KnownNetworks);
        var entries = section.GetChildren().Select(child => child.Value).Append(section.Value)
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (!IPNetwork.TryParse(entry, out var network))
            {
                return $"{KnownNetworks} holds '{entry}', which is not a network in CIDR notation such as 10.0.0.0/8, 192.0.2.10/32 or fd00::/8.";
            }

            networks.Add(network);
        }

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default: anyone on this host could then pick a rate-limit bucket.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            networks.ForEach(options.KnownIPNetworks.Add);

            // Each hop is believed only while the address it came from is known, so a chain of known proxies works.
            options.ForwardLimit = null;
        });
        return null;
    }
}
