using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Pages;

/// <summary>
/// The catalog and product pages are cached and shared between visitors who are not signed in and hold no cart, so
/// they carry nothing of one visitor; everyone else gets a page of their own.
/// </summary>
public sealed class SharedPagesTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    [Theory]
    [InlineData("/products/{0}")]
    [InlineData("/?category={1}")]
    public async Task A_visitor_without_an_account_or_a_cart_gets_the_shared_page_with_no_token_and_no_cookie(string path)
    {
        var product = await shop.CreateProductAsync();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, product.Id, product.Category);
        using var first = PageSession.Start(shop);
        using var second = PageSession.Start(shop);

        var rendered = await first.Client.GetAsync(url);
        var stored = await second.Client.GetFromCacheAsync(url);

        foreach (var answer in new[] { rendered, stored })
        {
            answer.Headers.Contains("Set-Cookie").ShouldBeFalse();
            answer.Headers.CacheControl.ShouldBeNull("a page with a token would say no-store");
            (await answer.Content.ReadAsStringAsync()).ShouldNotContain("__RequestVerificationToken");
        }
    }

    [Fact]
    public async Task A_guest_who_fills_a_cart_from_the_shared_page_is_shown_their_own_count_while_others_keep_the_shared_one()
    {
        var product = await shop.CreateProductAsync();
        using var guest = PageSession.Start(shop);
        using var other = PageSession.Start(shop);
        await other.Client.GetFromCacheAsync("/");

        var added = await guest.SubmitAsync(await guest.GetAsync($"/products/{product.Id}"), "add-to-cart", ("Quantity", "2"));
        (await guest.FollowAsync(added)).CartLink().ShouldBe("Cart (2)");

        var own = await guest.Client.GetAsync("/");
        own.Headers.Age.ShouldBeNull("a guest with a cart gets a page of their own");
        (await PageSession.Page.ReadAsync(own)).CartLink().ShouldBe("Cart (2)");
        (await PageSession.Page.ReadAsync(await other.Client.GetFromCacheAsync("/"))).CartLink().ShouldBe("Cart (0)");
    }

    [Fact]
    public async Task A_signed_in_shopper_is_never_served_the_shared_page()
    {
        using var anonymous = PageSession.Start(shop);
        await anonymous.Client.GetFromCacheAsync("/");
        using var shopper = await shop.ShopperAsync();

        var own = await shopper.Browser.Client.GetAsync("/");

        own.Headers.Age.ShouldBeNull();
        var page = await PageSession.Page.ReadAsync(own);
        page.Document.QuerySelector("header a[href='/orders']").ShouldNotBeNull();
        page.Document.QuerySelector("header form[action='/account/logout'] input[name=__RequestVerificationToken]").ShouldNotBeNull();
    }
}
