using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using ECommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Core;

/// <summary>A guest's cart moving into an account's at sign-in, when two sign-ins (two tabs, a double click) merge it at once.</summary>
public abstract class GuestCartMergeTests(ShopFixture shop)
{
    [Fact]
    public async Task Two_merges_of_one_guest_cart_at_once_count_it_once()
    {
        var carts = shop.Services.GetRequiredService<CartService>();
        var admin = await shop.AdminAsync();
        var first = await shop.CreateProductAsync(stock: 100, admin: admin);
        var second = await shop.CreateProductAsync(stock: 100, admin: admin);
        for (var round = 0; round < 5; round++)
        {
            var account = new CartOwner.Account(await SignUpAsync());
            var guest = CartOwner.Guest.New();
            (await carts.AddAsync(guest, first.Id, 2)).Succeeded.ShouldBeTrue();
            (await carts.AddAsync(guest, second.Id, 3)).Succeeded.ShouldBeTrue();

            await Task.WhenAll(Task.Run(() => carts.MergeAsync(guest, account.UserId)), Task.Run(() => carts.MergeAsync(guest, account.UserId)));

            (await carts.GetAsync(account)).Items.Select(l => (l.ProductId, l.Quantity)).OrderBy(l => l.ProductId).ShouldBe([(first.Id, 2), (second.Id, 3)]);
            (await carts.GetAsync(guest)).Items.ShouldBeEmpty();
        }
    }

    private async Task<int> SignUpAsync()
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username = $"merge-{Guid.NewGuid():N}"[..20], password = "password123" });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AccountView>(ShopFixture.Json))!.Id;
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class GuestCartMergeTests_Sqlite(SqliteShop shop) : GuestCartMergeTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class GuestCartMergeTests_MariaDb(MariaDbShop shop) : GuestCartMergeTests(shop), IClassFixture<MariaDbShop>;
