using ECommerce.Core.Cart;
using ECommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Core;

/// <summary>
/// Guest carts whose cookie has surely expired (their newest line is older than <see cref="CartOwner.Guest.Lifetime"/>)
/// are pruned by the maintenance round; younger guest carts and every account's cart stay.
/// </summary>
public abstract class GuestCartPruneTests(ShopFixture shop) : IShopSettings
{
    [Fact]
    public async Task A_guest_cart_untouched_for_longer_than_its_cookie_is_pruned_and_younger_carts_and_accounts_carts_stay()
    {
        var carts = shop.Services.GetRequiredService<CartService>();
        var admin = await shop.AdminAsync();
        var first = await shop.CreateProductAsync(stock: 100, admin: admin);
        var second = await shop.CreateProductAsync(stock: 100, admin: admin);
        var abandoned = await FilledGuestCartAsync(carts, first.Id, second.Id);
        var touched = await FilledGuestCartAsync(carts, first.Id);
        var username = $"prune-{Guid.NewGuid():N}"[..20];
        await (await shop.SignedInAsync(username)).AddToCartAsync(first.Id, 1);

        shop.Clock.Advance(TimeSpan.FromDays(20));
        (await carts.SetQuantityAsync(touched, first.Id, 3)).Succeeded.ShouldBeTrue();
        shop.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        var young = await FilledGuestCartAsync(carts, second.Id);

        (await carts.PruneGuestCartsAsync()).ShouldBe(2, "the two lines of the abandoned cart");

        (await carts.GetAsync(abandoned)).Items.ShouldBeEmpty();
        (await carts.GetAsync(touched)).Items.Single().Quantity.ShouldBe(3);
        (await carts.GetAsync(young)).Items.ShouldHaveSingleItem();
        // Signed in again: the first token has expired in the month that went by.
        var customer = await shop.LoggedInAsync(username, "password123");
        (await customer.CartAsync()).Items.ShouldHaveSingleItem("an account's cart is never pruned");
        // Nothing is left to prune: a second round, or another instance's, deletes nothing.
        (await carts.PruneGuestCartsAsync()).ShouldBe(0);
    }

    /// <summary>The test moves the clock by a month: the maintenance round (which prunes too) must not run on its own meanwhile.</summary>
    public static void Configure(Dictionary<string, string?> settings) => settings["Checkout:SweepInterval"] = "40.00:00:00";

    private static async Task<CartOwner.Guest> FilledGuestCartAsync(CartService carts, params int[] productIds)
    {
        var guest = CartOwner.Guest.New();
        foreach (var productId in productIds)
        {
            (await carts.AddAsync(guest, productId, 1)).Succeeded.ShouldBeTrue();
        }

        return guest;
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class GuestCartPruneTests_Sqlite(SqliteShop<GuestCartPruneTests> shop) : GuestCartPruneTests(shop), IClassFixture<SqliteShop<GuestCartPruneTests>>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class GuestCartPruneTests_MariaDb(MariaDbShop<GuestCartPruneTests> shop) : GuestCartPruneTests(shop), IClassFixture<MariaDbShop<GuestCartPruneTests>>;
