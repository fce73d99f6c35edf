using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace ECommerce.Web.Hosting;

/// <summary>
/// Static files and compression. The pages link their scripts and styles through <see cref="AssetVersions"/>
/// (<c>app.css?v=…</c>, a hash of the file), so browsers may keep those for a year: a changed file gets a new URL.
/// </summary>
public static class StaticAssets
{
    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>Images and the payment module, linked without a version: kept an hour, then checked again.</summary>
    private const string Unversioned = "public, max-age=3600";

    public static IServiceCollection AddShopStaticAssets(this IServiceCollection services)
    {
        services.AddSingleton<AssetVersions>();
        services.AddSingleton<ThemeStylesheet>();
        // Over HTTPS too: the only secrets in a page, its antiforgery tokens, are encrypted afresh for every answer,
        // so compression leaks nothing that a BREACH-style attack could piece together across answers.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });
        return services;
    }

    /// <summary>The theme's stylesheet (<see cref="ThemeStylesheet"/>); kept a year when asked for by its current hash.</summary>
    public static IEndpointRouteBuilder MapThemeStylesheet(this IEndpointRouteBuilder app)
    {
        var theme = app.ServiceProvider.GetRequiredService<ThemeStylesheet>();
        app.MapGet(ThemeStylesheet.Path, (HttpContext context) =>
        {
            context.Response.Headers[HeaderNames.CacheControl] = context.Request.Query[AssetVersions.Parameter] == theme.Hash ? Immutable : Unversioned;
            return Results.Text(theme.Css, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    public static IApplicationBuilder UseShopStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] =
                context.Context.Request.Query.ContainsKey(AssetVersions.Parameter) ? Immutable : Unversioned,
        });
}

/// <summary>The URLs of the site's own files with a version: a short hash of the content, computed once per file.</summary>
public sealed class AssetVersions(IWebHostEnvironment environment)
{
    public const string Parameter = "v";

    private readonly ConcurrentDictionary<string, string> _urls = new();

    /// <summary><paramref name="path"/> (relative to the site, as in <c>app.css</c>) with its version; unchanged when there is no such file.</summary>
    public string Url(string path) => _urls.GetOrAdd(path, Versioned);

    private string Versioned(string path)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(path.TrimStart('.', '/'));
        if (!file.Exists || file.IsDirectory)
        {
            return path;
        }

        using var content = file.CreateReadStream();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        return $"{path}?{Parameter}={hash}";
    }
}
