using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Xunit.Abstractions;

namespace ECommerce.Tests.Api;

/// <summary>
/// Two app processes on one MariaDB database take checkouts and Stripe webhooks, their sweepers expiring
/// unpaid orders every second; one process is killed with SIGKILL in the middle and restarted. Whatever the
/// kill cut off, stock, orders and applied events still add up: checked in SQL once the load is over and
/// every webhook was delivered again, and once more after a sweep has settled every order left unpaid.
/// </summary>
[Trait(Providers.Trait, "MariaDb")]
public sealed class CrashRecoveryTests(MariaDbShop shop, ITestOutputHelper output) : IClassFixture<MariaDbShop>, IAsyncLifetime
{
    private const string Category = "crash-test";
    private const int InitialStock = 30;
    private const int ProductCount = 5;
    private const int ShopperCount = 24;

    /// <summary>Each rule names the rows that break it: none may come back.</summary>
    private static readonly (string Rule, string Sql)[] Invariants =
    [
        ("on hand is never below zero, nor below the units reserved", "SELECT Id, OnHand, Reserved FROM Products WHERE OnHand < 0 OR Reserved < 0 OR Reserved > OnHand"),
        ("a product's reserved units are the units of its orders still being placed or pending", """
            SELECT Id, Reserved, Held FROM (
                SELECT p.Id, p.Reserved,
                       (SELECT COALESCE(SUM(l.Quantity), 0) FROM OrderLine l JOIN Orders o ON o.Id = l.OrderId
                        WHERE l.ProductId = p.Id AND o.Status IN ('Placing', 'Pending')) AS Held
                FROM Products p) stock
            WHERE Reserved <> Held
            """),
        ("the units of every paid order (PaidAt set: paid, shipped, or refunded after payment) left on hand exactly once", """
            SELECT Id, OnHand, Sold FROM (
                SELECT p.Id, p.OnHand,
                       (SELECT COALESCE(SUM(l.Quantity), 0) FROM OrderLine l JOIN Orders o ON o.Id = l.OrderId
                        WHERE l.ProductId = p.Id AND o.PaidAt IS NOT NULL) AS Sold
                FROM Products p JOIN Categories c ON c.Id = p.CategoryId
                WHERE c.Slug = @category) stock
            WHERE OnHand <> @initialStock - Sold
            """),
        ("an order is paid or shipped exactly when it has been paid for, and never paid while placing, pending or canceled", """
            SELECT Id, Status, PaidAt FROM Orders
            WHERE (Status IN ('Paid', 'Shipped') AND PaidAt IS NULL) OR (Status IN ('Placing', 'Pending', 'Canceled') AND PaidAt IS NOT NULL)
            """),
        ("no order without lines", "SELECT o.Id, o.Status FROM Orders o WHERE NOT EXISTS (SELECT 1 FROM OrderLine l WHERE l.OrderId = o.Id)"),
        ("a paid order was paid by exactly one applied event (its own, or the sweeper's settled_ record), an unpaid one by none", """
            SELECT Id, Status, PaymentIntentId, Payments FROM (
                SELECT o.Id, o.Status, o.PaidAt, o.PaymentIntentId,
                       (SELECT COUNT(*) FROM ProcessedWebhookEvents e
                        WHERE e.Outcome LIKE 'paid%' AND e.EventId LIKE CONCAT('%\_', o.PaymentIntentId)) AS Payments
                FROM Orders o WHERE o.PaymentIntentId IS NOT NULL) payments
            WHERE Payments <> (PaidAt IS NOT NULL)
            """),
    ];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Instance A (index 0, the one killed) and instance B; A's slot holds the restarted process afterwards.</summary>
    private readonly AppProcess?[] _instances = new AppProcess?[2];

    /// <summary>Every <c>payment_intent.succeeded</c> event sent during the load, by id, delivered or not.</summary>
    private readonly ConcurrentDictionary<string, string> _events = new();

    /// <summary>PaymentIntents the customer paid at the Stripe stand-in.</summary>
    private readonly ConcurrentBag<string> _paidIntents = [];

    /// <summary>Answers a live instance must never give: a 500, or a webhook refused.</summary>
    private readonly ConcurrentBag<string> _unexpected = [];

    /// <summary>Every process started, the killed one too, for the errors they logged.</summary>
    private readonly List<AppProcess> _started = [];

    private int _lostRequests;

    private int _eventNumber;

    [Fact]
    public async Task An_instance_killed_with_SIGKILL_under_checkout_and_webhook_load_leaves_stock_orders_and_events_consistent()
    {
        var products = await CreateProductsAsync();
        await Task.WhenAll(StartInstanceAsync(0), StartInstanceAsync(1));
        var tokens = await Task.WhenAll(Enumerable.Range(0, ShopperCount).Select(i => SignUpAsync(_instances[i % 2]!.Address)));

        using (var stop = new CancellationTokenSource())
        {
            var load = Task.WhenAll(tokens.Select(token => Task.Run(() => ShopUntilAsync(token, products, stop.Token))));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            _instances[0]!.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await StartInstanceAsync(0);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await load;
        }

        await ResendEveryEventAsync();
        await AssertInvariantsAsync("after the load and every webhook sent again");
        await AssertEveryPaymentTakenIsASaleOrARefundAsync();

        await StopInstancesAsync();
        await SweepEveryUnpaidOrderAsync();
        await AssertInvariantsAsync("after the sweep");
        (await RowsAsync("SELECT Id, Status FROM Orders WHERE Status IN ('Placing', 'Pending')")).ShouldBeEmpty("every order left unpaid is settled by the sweep");
        _unexpected.ShouldBeEmpty("the errors the instances logged are in the test's output");
        (await RowsAsync("SELECT Id FROM Orders WHERE PaidAt IS NOT NULL")).ShouldNotBeEmpty("the load paid for some orders");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopInstancesAsync();
        foreach (var errors in _started.Select(app => app.Errors()).Where(errors => errors.Length > 0))
        {
            output.WriteLine($"Errors logged by an instance:{Environment.NewLine}{errors}");
        }

        _http.Dispose();
    }

    private async Task<int[]> CreateProductsAsync()
    {
        var admin = await shop.AdminAsync();
        var products = new int[ProductCount];
        for (var i = 0; i < ProductCount; i++)
        {
            products[i] = (await shop.CreateProductAsync(price: 1_000 + (100 * i), stock: InitialStock, category: Category, admin: admin)).Id;
        }

        return products;
    }

    /// <summary>Starts instance <paramref name="index"/> (again) with the fixture's settings, on its database and Stripe stand-in.</summary>
    private async Task StartInstanceAsync(int index)
    {
        if (_instances[index] is { } dead)
        {
            await dead.DisposeAsync();
        }

        IEnumerable<(string, string?)> environment =
        [
            .. shop.Settings.Select(setting => (setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value)),
            // Short enough that the sweepers cancel unpaid orders, and payments arrive late, during the load.
            ("Checkout__ReservationTimeout", "00:00:03"),
            ("Checkout__SweepInterval", "00:00:01"),
        ];
        _instances[index] = await AppProcess.StartListeningAsync(environment);
        _started.Add(_instances[index]!);
    }

    private async Task StopInstancesAsync()
    {
        foreach (var instance in _instances.OfType<AppProcess>())
        {
            await instance.DisposeAsync();
        }

        Array.Clear(_instances);
    }

    private async Task<string> SignUpAsync(Uri instance)
    {
        var username = $"crash-{Guid.NewGuid():N}"[..20];
        (await _http.PostAsJsonAsync(new Uri(instance, "/api/signup"), new { username, password = "password123" })).EnsureSuccessStatusCode();
        var login = await _http.PostAsJsonAsync(new Uri(instance, "/api/login"), new { username, password = "password123" });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<LoginAnswer>())!.Token;
    }

    /// <summary>
    /// One shopper, each round through whichever instance: adds a product or two, checks out, and mostly pays
    /// (within 0 to 4 s, sometimes after the reservation expired), its event sometimes delivered twice at once.
    /// </summary>
    private async Task ShopUntilAsync(string token, int[] products, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var productId in Random.Shared.GetItems(products, Random.Shared.Next(1, 3)))
            {
                (await SendAsync(HttpMethod.Post, "/api/cart/add", token, JsonContent.Create(new { product_id = productId, quantity = Random.Shared.Next(1, 3) })))?.Dispose();
            }

            using var checkout = await SendAsync(HttpMethod.Post, "/api/checkout", token, JsonContent.Create(new { }));
            if (checkout?.StatusCode != HttpStatusCode.Created)
            {
                await Task.Delay(100, CancellationToken.None);
                continue;
            }

            var order = (await checkout.Content.ReadFromJsonAsync<CheckoutView>(ShopFixture.Json))!;
            if (Random.Shared.NextDouble() < 0.2)
            {
                continue;
            }

            await Task.Delay(Random.Shared.Next(0, 4_000), CancellationToken.None);
            await PayAsync(order);
        }
    }

    private async Task PayAsync(CheckoutView order)
    {
        shop.Stripe.MarkSucceeded(order.PaymentIntentId);
        _paidIntents.Add(order.PaymentIntentId);
        var eventId = $"evt_{Interlocked.Increment(ref _eventNumber)}_{order.PaymentIntentId}";
        var payload = ShopSteps.SucceededEvent(order, eventId);
        _events[eventId] = payload;
        var copies = Random.Shared.NextDouble() < 0.3 ? 2 : 1;
        foreach (var answer in await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => SendWebhookAsync(payload))))
        {
            answer?.Dispose();
        }
    }

    /// <summary>Stripe delivers every event again, to either instance: each must be answered 200, applied or known.</summary>
    private async Task ResendEveryEventAsync()
    {
        foreach (var (eventId, payload) in _events)
        {
            using var answer = await SendWebhookAsync(payload);
            answer.ShouldNotBeNull($"event {eventId} was not delivered again");
            await answer.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }
    }

    private Task<HttpResponseMessage?> SendWebhookAsync(string payload)
    {
        var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, ShopFixture.WebhookSecret, DateTime.UtcNow));
        return SendAsync(HttpMethod.Post, "/webhook", token: null, content);
    }

    /// <summary>
    /// A request to a random instance; null when the instance was not there (killed, or not restarted yet).
    /// A 500, or a webhook refused as invalid, is noted as unexpected (a checkout may answer 400: the add to the cart was lost).
    /// </summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, string? token, HttpContent content)
    {
        var instance = _instances[Random.Shared.Next(_instances.Length)]!.Address;
        using var request = new HttpRequestMessage(method, new Uri(instance, path)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.InternalServerError || (path == "/webhook" && response.StatusCode == HttpStatusCode.BadRequest))
            {
                _unexpected.Add($"{method} {path} on {instance}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return response;
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _lostRequests);
            await Task.Delay(100);
            return null;
        }
    }

    /// <summary>
    /// Every payment the customer made ends as a sale or as a refund, never neither (money kept for nothing) nor both
    /// (goods given for money handed back): refunded at Stripe exactly when the order is refunded, paid for otherwise.
    /// </summary>
    private async Task AssertEveryPaymentTakenIsASaleOrARefundAsync()
    {
        var refunded = shop.Stripe.Refunds.Select(r => r.PaymentIntentId).ToHashSet();
        var orders = (await RowsAsync("SELECT PaymentIntentId, Status, PaidAt FROM Orders WHERE PaymentIntentId IS NOT NULL"))
            .ToDictionary(o => (string)o["PaymentIntentId"]!);
        var wrong = _paidIntents
            .Select(intent => orders[intent])
            .Where(o => refunded.Contains((string)o["PaymentIntentId"]!)
                ? (string)o["Status"]! != "Refunded"
                : (string)o["Status"]! is not ("Paid" or "Shipped") || o["PaidAt"] is null)
            .Select(Describe)
            .ToList();
        wrong.ShouldBeEmpty("every payment taken ends as a sale or as a refund at Stripe");
    }

    /// <summary>An hour and more later, with both instances gone, a sweep settles every order left placing or pending.</summary>
    private async Task SweepEveryUnpaidOrderAsync()
    {
        shop.Clock.Advance(TimeSpan.FromHours(2));
        var expiry = shop.Services.GetRequiredService<OrderExpiry>();
        while (await expiry.ExpireAsync() > 0)
        {
        }
    }

    /// <summary>Checks every invariant in one consistent snapshot of the database, and reports what the run did.</summary>
    private async Task AssertInvariantsAsync(string when)
    {
        await using var connection = new MySqlConnection(shop.Settings["ConnectionStrings:Default"]);
        await connection.OpenAsync();
        await using (var snapshot = new MySqlCommand("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", connection))
        {
            await snapshot.ExecuteNonQueryAsync();
        }

        var broken = new List<string>();
        foreach (var (rule, sql) in Invariants)
        {
            broken.AddRange((await RowsAsync(connection, sql)).Select(row => $"{rule}: {Describe(row)}"));
        }

        var statuses = await RowsAsync(connection, "SELECT Status, COUNT(*) AS Orders FROM Orders GROUP BY Status ORDER BY Status");
        var recorded = (await RowsAsync(connection, "SELECT EventId FROM ProcessedWebhookEvents WHERE EventId LIKE 'evt\\_%'")).Select(r => (string)r["EventId"]!);
        broken.AddRange(_events.Keys.Except(recorded).Select(id => $"every event sent is recorded as processed: {id} is not"));
        output.WriteLine(
            $"{when}: orders {string.Join(", ", statuses.Select(Describe))}; {_events.Count} events sent, {_lostRequests} requests lost to the kill, "
            + $"{shop.Stripe.Refunds.Count} refunds");

        broken.ShouldBeEmpty($"Invariants broken {when}");
    }

    private async Task<List<Dictionary<string, object?>>> RowsAsync(string sql)
    {
        await using var connection = new MySqlConnection(shop.Settings["ConnectionStrings:Default"]);
        await connection.OpenAsync();
        return await RowsAsync(connection, sql);
    }

    private static async Task<List<Dictionary<string, object?>>> RowsAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@category", Category);
        command.Parameters.AddWithValue("@initialStock", InitialStock);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    private static string Describe(Dictionary<string, object?> row) => string.Join(" ", row.Select(column => $"{column.Key}={column.Value ?? "null"}"));

    private sealed record LoginAnswer(string Token);
}
