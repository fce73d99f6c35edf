using Bunit;
using Bunit.TestDoubles;
using ECommerce.Core.Accounts;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ECommerce.Tests.Components;

/// <summary>
/// The interactive order screens as a circuit runs them: the page's [Authorize] guarded only the HTTP
/// request, so each screen asks again and shows a non-admin's circuit nothing.
/// </summary>
public sealed class AdminOrderScreensTests(SqliteShop shop) : IClassFixture<SqliteShop>, IAsyncLifetime
{
    private readonly BunitContext bunit = new();

    private BunitAuthorizationContext _auth = null!;

    public Task InitializeAsync()
    {
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton(shop.Services.GetRequiredService<OrderService>());
        _auth = bunit.AddAuthorization();
        bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    [Fact]
    public async Task The_order_list_shows_an_admins_circuit_the_orders()
    {
        var (order, username) = await OrderAsync();
        AsAdmin();

        var list = bunit.Render<AdminOrders>();

        list.WaitForAssertion(() => list.Find($"tr[data-order-id='{order.OrderId}']").TextContent.ShouldContain(username));
        list.FindAll("[data-interactive]").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_order_list_shows_a_shoppers_circuit_nothing()
    {
        var (_, username) = await OrderAsync();
        _auth.SetAuthorized(username);

        var list = bunit.Render<AdminOrders>();

        list.FindAll("tr").ShouldBeEmpty();
        list.Markup.ShouldNotContain(username);
    }

    [Fact]
    public async Task The_order_page_shows_a_shoppers_circuit_nothing()
    {
        var (order, username) = await OrderAsync();
        _auth.SetAuthorized(username);

        var page = bunit.Render<AdminOrder>(p => p.Add(o => o.Id, order.OrderId));

        page.Markup.ShouldNotContain(order.PaymentIntentId);
        page.Markup.ShouldNotContain(username);
        page.FindAll("h1").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_order_page_shows_an_admin_the_payment()
    {
        var (order, _) = await OrderAsync();
        AsAdmin();

        var page = bunit.Render<AdminOrder>(p => p.Add(o => o.Id, order.OrderId));

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe($"Order #{order.OrderId}"));
        page.Markup.ShouldContain(order.PaymentIntentId);
    }

    private void AsAdmin()
    {
        _auth.SetAuthorized(ShopFixture.AdminUsername);
        _auth.SetPolicies(Roles.Admin);
    }

    private async Task<(CheckoutView Order, string Username)> OrderAsync()
    {
        var username = $"circuit-{Guid.NewGuid():N}"[..20];
        var customer = await shop.SignedInAsync(username);
        return (await customer.CheckOutAsync((await shop.CreateProductAsync()).Id), username);
    }
}
