using Bunit;
using ECommerce.Core.Catalog;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components.Shared;

namespace ECommerce.Tests.Components;

public sealed class ProductCardTests : ComponentTest
{
    [Theory]
    [InlineData(50, "In stock")]
    [InlineData(6, "In stock")]
    [InlineData(5, "Only 5 left")]
    [InlineData(1, "Only 1 left")]
    [InlineData(0, "Sold out")]
    public void Card_marks_the_stock_level(int stock, string mark)
    {
        var card = Render(Product(stock: stock));

        card.Find(".stock-mark").TextContent.Trim().ShouldBe(mark);
    }

    [Fact]
    public void Card_shows_the_price_as_money_never_as_cents()
    {
        var card = Render(Product(price: 123_456));

        card.Find(".price").TextContent.Trim().ShouldBe("$1,234.56");
        card.Markup.ShouldNotContain("123456");
    }

    [Fact]
    public void The_name_links_to_the_product_and_the_image_is_named_after_it()
    {
        var card = Render(Product(id: 42, name: "Zentrix Aero 13"));

        var link = card.Find("h2 a");
        (link.TextContent.Trim(), link.GetAttribute("href")).ShouldBe(("Zentrix Aero 13", "/products/42"));
        var image = card.Find("img");
        (image.GetAttribute("alt"), image.GetAttribute("src")).ShouldBe(("Zentrix Aero 13", "/images/products/lap-002.svg"));
    }

    [Fact]
    public void Only_the_first_cards_load_their_image_eagerly()
    {
        Render(Product(), eager: true).Find("img").GetAttribute("loading").ShouldBe("eager");
        Render(Product(), eager: false).Find("img").GetAttribute("loading").ShouldBe("lazy");
    }

    private IRenderedComponent<ProductCard> Render(ProductView product, bool eager = false) =>
        Context.Render<ProductCard>(p => p.Add(c => c.Product, product).Add(c => c.Eager, eager));

    private static ProductView Product(int id = 1, string name = "A product", long price = 1_000, int stock = 10) =>
        new(id, "SKU-1", name, "A description.", price, "usd", stock, "laptops", "/images/products/lap-002.svg");
}
