namespace ECommerce.Web.Hosting;

public static class DefaultAddress
{
    /// <summary>The original service's address.</summary>
    public const string Url = "http://localhost:8080";

    /// <summary>
    /// Listens on <see cref="Url"/> unless the deployment chose an address (ASPNETCORE_URLS, URLS, --urls,
    /// ASPNETCORE_HTTP_PORTS or HTTPS_PORTS). Not a "Urls" key in appsettings.json: that would override them all.
    /// </summary>
    public static WebApplicationBuilder UseDefaultAddressUnlessConfigured(this WebApplicationBuilder builder)
    {
        if (new[] { "urls", "http_ports", "https_ports" }.All(key => string.IsNullOrWhiteSpace(builder.Configuration[key])))
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }
}
