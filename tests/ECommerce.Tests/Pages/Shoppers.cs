using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>A shopper of the storefront: a browser signed in through the sign-in page, and the same account over the API for the steps before the page under test.</summary>
public sealed record Shopper(PageSession Browser, HttpClient Api, string Username) : IDisposable
{
    public const string Password = "password123";

    public void Dispose()
    {
        Browser.Dispose();
        Api.Dispose();
    }
}

public static class Shoppers
{
    /// <summary>Where a redirect points, as a path: the pages redirect to absolute addresses of the shop itself.</summary>
    public static string RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.OriginalString;

    public static async Task<Shopper> ShopperAsync(this ShopFixture shop)
    {
        var username = $"shopper-{Guid.NewGuid():N}"[..20];
        var api = await shop.SignedInAsync(username);
        var browser = PageSession.Start(shop);
        await browser.SignInAsync(username, Shopper.Password);
        return new Shopper(browser, api, username);
    }
}
