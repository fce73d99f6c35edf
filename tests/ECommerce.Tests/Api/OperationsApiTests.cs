using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.Core.Data;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    [Fact]
    public async Task A_request_its_client_gives_up_on_logs_no_error()
    {
        var log = new LogRecorder();
        var opening = new SlowOpening();
        await using var app = shop.StartAnotherApp(services => services
            .AddSingleton<ILoggerProvider>(log)
            .ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(opening)));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = (await shop.SignedInAsync()).DefaultRequestHeaders.Authorization;

        // The client leaves while the shop waits for a database connection (checking its token, then reading its cart).
        opening.Delay = TimeSpan.FromMilliseconds(300);
        using (var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Should.ThrowAsync<OperationCanceledException>(client.GetAsync("/api/cart", leave.Token));
        }

        await Task.Delay(500);
        opening.Delay = TimeSpan.Zero;
        (await client.GetAsync("/api/cart")).StatusCode.ShouldBe(HttpStatusCode.OK);
        opening.Opened.ShouldBeGreaterThan(1, "the aborted request did reach the database");
        log.AtLeast(LogLevel.Error).ShouldBeEmpty();
    }

    /// <summary>Makes every connection's opening take <see cref="Delay"/>, as a busy pool would.</summary>
    private sealed class SlowOpening : DbConnectionInterceptor
    {
        public TimeSpan Delay { get; set; }

        public int Opened { get; private set; }

        public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken ct = default)
        {
            Opened++;
            await Task.Delay(Delay, CancellationToken.None);
            return result;
        }
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class OperationsApiTests_Sqlite(SqliteShop shop) : OperationsApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class OperationsApiTests_MariaDb(MariaDbShop shop) : OperationsApiTests(shop), IClassFixture<MariaDbShop>;
