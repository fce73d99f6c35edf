using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

public abstract class OperationsApiTests(ShopFixture shop)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_check_answers_200(string path)
    {
        var response = await shop.Anonymous().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api_including_checkout_products_and_the_webhook()
    {
        var response = await shop.Anonymous().GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/checkout");
        paths.ShouldContain("/api/products");
        paths.ShouldContain("/webhook");
        paths.ShouldContain("/api/signup");
    }

    [Fact]
    public async Task Api_reference_page_answers_html()
    {
        var response = await shop.Anonymous().GetAsync("/api/reference");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html", Case.Insensitive);
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class OperationsApiTests_Sqlite(SqliteShop shop) : OperationsApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class OperationsApiTests_MariaDb(MariaDbShop shop) : OperationsApiTests(shop), IClassFixture<MariaDbShop>;
