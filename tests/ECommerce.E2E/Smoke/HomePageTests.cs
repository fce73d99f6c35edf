using System.Net.Http.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Smoke;

public abstract class HomePageTests(ShopServer shop) : BrowserTest(shop)
{
    [Fact]
    public async Task Home_page_loads_in_Chromium_with_the_first_products_of_the_catalog_and_their_images()
    {
        // The catalog lists in the API's default order and page size, so the API's first product is on it.
        var first = (await Shop.Api().GetFromJsonAsync<Paged<ProductView>>("/api/products", ShopServer.Json))!.Items[0];

        var response = await Page.GotoAsync("/");

        response.ShouldNotBeNull().Status.ShouldBe(200);
        (await Page.TitleAsync()).ShouldNotBeNullOrWhiteSpace();
        await Expect(Page.GetByText(first.Name).First).ToBeVisibleAsync();
        var image = Page.Locator("img[alt]").First;
        (await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0")).ShouldBeTrue("a product image was not served");
        (await Page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object'")).ShouldBeTrue("blazor.web.js was not served");
    }
}

public sealed class HomePageTests_Sqlite(SqliteOfflineShop shop) : HomePageTests(shop), IClassFixture<SqliteOfflineShop>
{
    [Fact]
    public async Task Screenshots_of_the_home_page_are_saved_for_desktop_and_phone()
    {
        await Page.GotoAsync("/");
        var started = DateTime.UtcNow.AddSeconds(-1);

        await Page.SaveAsync("home");

        foreach (var file in new[] { "home-desktop.png", "home-phone.png" })
        {
            File.GetLastWriteTimeUtc(Path.Combine(Screenshots.Directory, file)).ShouldBeGreaterThan(started, file);
        }
    }
}

[Trait("Database", "MariaDb")]
public sealed class HomePageTests_MariaDb(MariaDbOfflineShop shop) : HomePageTests(shop), IClassFixture<MariaDbOfflineShop>;
