using Bunit;
using ECommerce.Core.Cart;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Shared;

namespace ECommerce.Tests.Components;

public sealed class CartLineTests : ComponentTest
{
    [Fact]
    public void A_line_shows_its_product_its_prices_as_money_and_its_quantity()
    {
        var line = Render(Line(productId: 7, name: "Velloq One", unitPrice: 1_250, quantity: 3, available: 10));

        var link = line.Find("a.cart-line-name");
        (link.TextContent.Trim(), link.GetAttribute("href")).ShouldBe(("Velloq One", "/products/7"));
        line.Find("img").GetAttribute("alt").ShouldBe("Velloq One");
        line.Find(".cart-line-unit").TextContent.Trim().ShouldBe("$12.50 each");
        line.Find(".cart-line-total").TextContent.Trim().ShouldBe("Line total: $37.50");
        line.Find("input[name=Quantity]").GetAttribute("value").ShouldBe("3");
    }

    [Fact]
    public void Quantity_box_and_buttons_are_named_after_the_product()
    {
        var line = Render(Line(productId: 7, name: "Velloq One"));

        var input = line.Find("input[type=number]");
        line.Find($"label[for={input.Id}]").TextContent.Trim().ShouldBe("Quantity of Velloq One");
        line.FindAll("button").Select(b => b.TextContent.Trim()).ShouldBe(["Update Velloq One", "Remove Velloq One"]);
    }

    [Fact]
    public void Each_line_posts_its_own_named_forms()
    {
        var line = Render(Line(productId: 7));

        line.FindAll("form").Select(f => f.GetAttribute("method")).ShouldBe(["post", "post"]);
        line.FindAll("input[name=__RequestVerificationToken]").Count.ShouldBe(2);
    }

    [Fact]
    public void A_line_within_the_stock_has_no_warning()
    {
        var line = Render(Line(quantity: 3, available: 3));

        line.FindAll(".cart-line-short-note").ShouldBeEmpty();
        line.Find("input[type=number]").HasAttribute("aria-describedby").ShouldBeFalse();
    }

    [Fact]
    public void A_line_above_the_stock_says_how_many_are_left_and_the_quantity_box_points_to_it()
    {
        var line = Render(Line(quantity: 5, available: 2));

        var note = line.Find(".cart-line-short-note");
        note.TextContent.Trim().ShouldBe("Only 2 left: lower the quantity to check out.");
        line.Find("input[type=number]").GetAttribute("aria-describedby").ShouldBe(note.Id);
    }

    [Fact]
    public void A_line_of_a_product_sold_out_since_says_so()
    {
        var line = Render(Line(quantity: 1, available: 0));

        line.Find(".cart-line-short-note").TextContent.Trim().ShouldBe("Sold out: remove it to check out.");
    }

    private IRenderedComponent<CartLine> Render(CartLineView line) =>
        Context.Render<CartLine>(p => p.Add(c => c.Line, line).Add(c => c.Currency, "usd"));

    internal static CartLineView Line(int productId = 1, string name = "A product", long unitPrice = 1_000, int quantity = 1, int available = 10) =>
        new(productId, name, unitPrice, quantity, unitPrice * quantity, available, "/images/products/placeholder.svg");
}
