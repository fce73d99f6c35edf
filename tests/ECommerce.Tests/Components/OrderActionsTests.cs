using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ECommerce.Core.Accounts;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ECommerce.Tests.Components;

/// <summary>Ship and Refund on the admin's order screens, against the real OrderService and the Stripe stand-in.</summary>
public sealed class OrderActionsTests(SqliteShop shop) : IClassFixture<SqliteShop>, IAsyncLifetime
{
    private readonly BunitContext bunit = new();

    private BunitAuthorizationContext _auth = null!;

    public Task InitializeAsync()
    {
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton(shop.Services.GetRequiredService<OrderService>());
        _auth = bunit.AddAuthorization();
        _auth.SetAuthorized(ShopFixture.AdminUsername);
        _auth.SetPolicies(Roles.Admin);
        bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    [Theory]
    [InlineData("pending", "")]
    [InlineData("paid", "Ship Refund")]
    [InlineData("shipped", "Refund")]
    [InlineData("canceled", "")]
    [InlineData("refunded", "")]
    public void Only_the_actions_the_status_allows_are_offered(string status, string buttons)
    {
        var actions = Render(Order(status));

        string.Join(" ", actions.FindAll("button").Select(b => b.TextContent.Trim())).ShouldBe(buttons);
    }

    [Fact]
    public void The_buttons_stay_disabled_until_the_page_is_interactive()
    {
        bunit.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var actions = Render(Order("paid"));

        actions.FindAll("button").ShouldAllBe(b => b.HasAttribute("disabled"));
    }

    [Fact]
    public async Task Ship_asks_first_and_then_ships_the_order()
    {
        var order = await PaidOrderAsync();
        var dialogs = bunit.Render<MudDialogProvider>();
        OrderView? changed = null;
        var actions = Render(order, o => changed = o);

        actions.Find($"button[aria-label='Ship order #{order.Id}']").Click();
        await ConfirmAsync(dialogs, "Ship it");

        actions.WaitForAssertion(() => changed.ShouldNotBeNull().Status.ShouldBe("shipped"));
        (await StatusAsync(order.Id)).ShouldBe("shipped");
    }

    [Fact]
    public async Task Canceling_the_confirmation_changes_nothing()
    {
        var order = await PaidOrderAsync();
        var dialogs = bunit.Render<MudDialogProvider>();
        var actions = Render(order);

        actions.Find($"button[aria-label='Refund order #{order.Id}']").Click();
        await ConfirmAsync(dialogs, "Cancel");

        (await StatusAsync(order.Id)).ShouldBe("paid");
        shop.Stripe.Refunds.ShouldNotContain(r => r.PaymentIntentId == order.PaymentIntentId);
    }

    [Fact]
    public async Task A_refund_the_provider_refuses_shows_its_message_and_changes_nothing()
    {
        var order = await PaidOrderAsync();
        var dialogs = bunit.Render<MudDialogProvider>();
        OrderView? changed = null;
        var actions = Render(order, o => changed = o);

        try
        {
            // A 4xx: Stripe.net does not retry it.
            shop.Stripe.FailNext(402, count: 1, path: "/v1/refunds");
            actions.Find($"button[aria-label='Refund order #{order.Id}']").Click();
            await ConfirmAsync(dialogs, "Refund it");
            actions.WaitForAssertion(() => actions.Find("[role=alert]").TextContent.ShouldContain("injected by the test stand-in"), TimeSpan.FromSeconds(10));
        }
        finally
        {
            shop.Stripe.Reset();
        }

        changed.ShouldNotBeNull().Status.ShouldBe("paid");
        (await StatusAsync(order.Id)).ShouldBe("paid");
        shop.Stripe.Refunds.ShouldNotContain(r => r.PaymentIntentId == order.PaymentIntentId);
    }

    [Fact]
    public async Task A_circuit_that_is_not_an_admins_cannot_act()
    {
        _auth.SetAuthorized("a-shopper");
        _auth.SetPolicies();
        var order = await PaidOrderAsync();
        var dialogs = bunit.Render<MudDialogProvider>();
        var actions = Render(order);

        actions.Find($"button[aria-label='Ship order #{order.Id}']").Click();
        await ConfirmAsync(dialogs, "Ship it");

        actions.WaitForAssertion(() => actions.Find("[role=alert]").TextContent.ShouldBe("Only an admin may do this."));
        (await StatusAsync(order.Id)).ShouldBe("paid");
    }

    private IRenderedComponent<OrderActions> Render(OrderView order, Action<OrderView>? changed = null) =>
        bunit.Render<OrderActions>(p => p
            .Add(a => a.Order, order)
            .Add(a => a.Changed, EventCallback.Factory.Create<OrderView>(this, o => changed?.Invoke(o))));

    /// <summary>Waits for the confirmation dialog and presses its button named <paramref name="button"/>.</summary>
    private static async Task ConfirmAsync(IRenderedComponent<MudDialogProvider> dialogs, string button)
    {
        IElement? pressed = null;
        dialogs.WaitForAssertion(() => pressed = dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button));
        await pressed!.ClickAsync(new());
    }

    private async Task<OrderView> PaidOrderAsync()
    {
        var customer = await shop.SignedInAsync();
        var checkout = await customer.CheckOutAsync((await shop.CreateProductAsync()).Id);
        await shop.PayAsync(checkout);
        return await customer.OrderAsync(checkout.OrderId);
    }

    private static OrderView Order(string status) =>
        new(7, status, 1250, "usd", DateTime.UtcNow, null, "pi_test", [], null, false, null, 1);

    private async Task<string> StatusAsync(int orderId) =>
        (await shop.Services.GetRequiredService<OrderService>().FindForAdminAsync(orderId))!.Order.Status;
}
