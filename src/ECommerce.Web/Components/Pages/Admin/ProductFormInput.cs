using System.Globalization;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;

namespace ECommerce.Web.Components.Pages.Admin;

/// <summary>The product form as posted: text, as typed; <see cref="ToProductInput"/> reads it into Core's <see cref="ProductInput"/>.</summary>
public sealed class ProductFormInput
{
    public string? Name { get; set; }

    public string? Sku { get; set; }

    public string? Description { get; set; }

    /// <summary>In the currency's major unit, as typed: <c>12.50</c>.</summary>
    public string? Price { get; set; }

    public string? Category { get; set; }

    public string? ImageUrl { get; set; }

    /// <summary>Units on hand of a new product; an existing one changes stock through the stock form only.</summary>
    public string? Stock { get; set; }

    public static ProductFormInput From(AdminProductView product) => new()
    {
        Name = product.Name,
        Sku = product.Sku,
        Description = product.Description,
        Price = Money.ToInput(product.Price, product.Currency),
        Category = product.Category,
        ImageUrl = product.ImageUrl,
    };

    /// <summary>
    /// The form as Core takes it, and the errors of what could not be read (keyed by Core's field
    /// names, like Core's own errors). Every field is sent, so a blank one is refused rather than left unchanged.
    /// </summary>
    public ProductInput ToProductInput(string currency, bool creating, out Dictionary<string, string[]> errors)
    {
        errors = [];
        long? price = null;
        if (Money.TryParse(Price, currency, out var minorUnits))
        {
            price = minorUnits;
        }
        else
        {
            errors["price"] = [$"Enter the price in {currency.ToUpperInvariant()} as an amount such as {Money.ToInput(1250, currency)}."];
        }

        int? stock = null;
        if (creating)
        {
            if (int.TryParse(Stock?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var units))
            {
                stock = units;
            }
            else
            {
                errors["stock"] = ["Enter the units on hand as a whole number, 0 or more."];
            }
        }

        return new ProductInput(
            Sku: Sku?.Trim() ?? "",
            Name: Name?.Trim() ?? "",
            Description: Description?.Trim() ?? "",
            Price: price,
            Stock: stock,
            Category: Category?.Trim() ?? "",
            // A blank image URL means the shop's placeholder picture.
            ImageUrl: string.IsNullOrWhiteSpace(ImageUrl) ? CatalogService.PlaceholderImage : ImageUrl.Trim());
    }
}
