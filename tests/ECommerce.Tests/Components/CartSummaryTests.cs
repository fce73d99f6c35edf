using Bunit;
using ECommerce.Core.Cart;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Shared;

namespace ECommerce.Tests.Components;

public sealed class CartSummaryTests : ComponentTest
{
    [Fact]
    public void Summary_shows_the_item_count_and_the_total_as_money()
    {
        var summary = Render(Cart(CartLineTests.Line(unitPrice: 99_999, quantity: 1), CartLineTests.Line(productId: 2, unitPrice: 1_250, quantity: 2)));

        summary.Find(".cart-item-count").TextContent.Trim().ShouldBe("3");
        summary.Find(".cart-total").TextContent.Trim().ShouldBe("$1,024.99");
    }

    [Fact]
    public void Checkout_is_a_link_to_the_checkout_page_while_every_line_is_in_stock()
    {
        var summary = Render(Cart(CartLineTests.Line(quantity: 2, available: 2)));

        var checkout = summary.Find("a[href='/checkout']");
        checkout.TextContent.Trim().ShouldBe("Checkout");
        summary.FindAll(".checkout-blocked").ShouldBeEmpty();
    }

    [Fact]
    public void Checkout_is_disabled_and_explained_while_a_line_asks_for_more_than_is_left()
    {
        var summary = Render(Cart(CartLineTests.Line(quantity: 1, available: 5), CartLineTests.Line(productId: 2, quantity: 3, available: 2)));

        summary.FindAll("a[href='/checkout']").ShouldBeEmpty();
        var button = summary.Find("button");
        (button.TextContent.Trim(), button.HasAttribute("disabled")).ShouldBe(("Checkout", true));
        var why = summary.Find(".checkout-blocked");
        why.TextContent.ShouldContain("lower their quantities");
        button.GetAttribute("aria-describedby").ShouldBe(why.Id);
    }

    private IRenderedComponent<CartSummary> Render(CartView cart) => Context.Render<CartSummary>(p => p.Add(c => c.Cart, cart));

    private static CartView Cart(params CartLineView[] lines) => new(lines, lines.Sum(l => l.Quantity), lines.Sum(l => l.LineTotal), "usd");
}
