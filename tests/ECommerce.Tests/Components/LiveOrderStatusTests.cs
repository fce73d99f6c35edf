using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ECommerce.Tests.Components;

/// <summary>
/// The island of an order's page, rendered with the running app's own services: its status follows the
/// order through <see cref="OrderStatusFeed"/>, and the payment step takes the payment.
/// </summary>
public abstract class LiveOrderStatusTests(ShopFixture shop) : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly List<BunitContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>A shopper with a pending order of one product, placed through the API.</summary>
    protected async Task<(int UserId, CheckoutView Order)> PendingOrderAsync()
    {
        var shopper = await shop.SignedInAsync();
        var me = await shopper.GetFromJsonAsync<JsonElement>("/api/me");
        var product = await shop.CreateProductAsync(price: 2_500);
        return (me.GetProperty("id").GetInt32(), await shopper.CheckOutAsync(product.Id));
    }

    protected IRenderedComponent<LiveOrderStatus> Render(int userId, int orderId, PaymentOptions? payments = null, bool interactive = true)
    {
        var app = shop.Services;
        Type[] services = app.GetService<TestPayments>() is null
            ? [typeof(OrderService), typeof(OrderStatusFeed)]
            : [typeof(OrderService), typeof(OrderStatusFeed), typeof(TestPayments)];
        var context = ComponentContext.Create(userId, payments ?? app.GetRequiredService<IOptions<PaymentOptions>>().Value, interactive, app, services);
        _contexts.Add(context);
        return context.Render<LiveOrderStatus>(p => p.Add(c => c.OrderId, orderId));
    }

    protected static void ShouldShowStatus(IRenderedComponent<LiveOrderStatus> island, string status) =>
        island.WaitForAssertion(() => island.Find("[role=status]").TextContent.ShouldBe(status), Patience);
}

/// <summary>Stripe mode: the webhook pays the order while the page is open.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class LiveOrderStatusTests_Stripe(SqliteShop shop) : LiveOrderStatusTests(shop), IClassFixture<SqliteShop>
{
    private readonly SqliteShop _shop = shop;

    [Fact]
    public async Task The_status_turns_paid_without_a_reload_when_the_webhook_marks_the_order_paid()
    {
        var (userId, order) = await PendingOrderAsync();
        var island = Render(userId, order.OrderId, new PaymentOptions { SecretKey = "sk_test", PublishableKey = "pk_test" });
        ShouldShowStatus(island, "pending");
        island.FindAll(".payment-step").ShouldHaveSingleItem();

        await _shop.PayAsync(order);

        ShouldShowStatus(island, "paid");
        island.FindAll(".payment-step").ShouldBeEmpty();
        island.Markup.ShouldContain("Thank you");
    }

    [Fact]
    public async Task The_island_marks_itself_interactive_for_browser_tests_to_wait_on()
    {
        var (userId, order) = await PendingOrderAsync();

        Render(userId, order.OrderId).Find(".order-live").HasAttribute("data-interactive").ShouldBeTrue();
        Render(userId, order.OrderId, interactive: false).Find(".order-live").HasAttribute("data-interactive").ShouldBeFalse();
    }
}

/// <summary>Offline mode: the test card form, paying through the same webhook handling as Stripe.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class LiveOrderStatusTests_Offline(OfflineSqliteShop shop) : LiveOrderStatusTests(shop), IClassFixture<OfflineSqliteShop>
{
    [Fact]
    public async Task Before_the_circuit_is_interactive_the_test_card_form_shows_but_is_disabled()
    {
        var (userId, order) = await PendingOrderAsync();

        var island = Render(userId, order.OrderId, interactive: false);

        island.Find("[role=status]").TextContent.ShouldBe("pending");
        island.Find("legend").TextContent.ShouldBe("Test mode: no real payment");
        island.Find("fieldset").HasAttribute("disabled").ShouldBeTrue();
        island.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task A_declined_test_card_shows_the_decline_as_an_alert_and_the_order_stays_pending()
    {
        var (userId, order) = await PendingOrderAsync();
        var island = Render(userId, order.OrderId);

        await PayAsync(island, "4000 0000 0000 0002");

        island.WaitForAssertion(() => island.Find("[role=alert]").TextContent.ShouldBe("Your card was declined."), Patience);
        island.Find("[role=status]").TextContent.ShouldBe("pending");
        island.Find("button[type=submit]").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public async Task After_a_decline_the_succeeding_test_card_pays_and_the_payment_step_gives_way_to_thanks()
    {
        var (userId, order) = await PendingOrderAsync();
        var island = Render(userId, order.OrderId);
        await PayAsync(island, "4000 0000 0000 0002");
        island.WaitForAssertion(() => island.Find("[role=alert]"), Patience);

        await PayAsync(island, "4242 4242 4242 4242");

        ShouldShowStatus(island, "paid");
        island.FindAll("#card-number").ShouldBeEmpty();
        island.FindAll("[role=alert]").ShouldBeEmpty();
        island.Markup.ShouldContain("Thank you");
    }

    private static async Task PayAsync(IRenderedComponent<LiveOrderStatus> island, string card)
    {
        await island.Find("#card-number").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = card });
        await island.Find("form").SubmitAsync();
    }
}
