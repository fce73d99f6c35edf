namespace ECommerce.Web.Hosting;

/// <summary>The environment names of the original Go service keep working beside ASP.NET Core's own keys.</summary>
public static class LegacyEnvironment
{
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["HMAC_SECRET"] = "Jwt:Secret",
        ["STRIPE_SECRET_KEY"] = "Stripe:SecretKey",
        ["STRIPE_PUBLISHABLE_KEY"] = "Stripe:PublishableKey",
        ["STRIPE_WEBHOOK_SECRET"] = "Stripe:WebhookSecret",
        ["STRIPE_API_BASE"] = "Stripe:ApiBase",
        ["STRIPE_JS_URL"] = "Stripe:JsUrl",
        ["ADMIN_USERNAME"] = "Admin:Username",
        ["ADMIN_PASSWORD"] = "Admin:Password",
    };

    /// <summary>Copies each legacy name's value to its configuration key, unless that key is set itself.</summary>
    public static ConfigurationManager AddLegacyEnvironmentNames(this ConfigurationManager configuration)
    {
        var values = Aliases
            .Where(alias => !string.IsNullOrEmpty(configuration[alias.Key]) && string.IsNullOrEmpty(configuration[alias.Value]))
            .ToDictionary(alias => alias.Value, alias => configuration[alias.Key]);
        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
