using ECommerce.Core.Common;

namespace ECommerce.Core.Catalog;

/// <summary>A product as a shopper sees it: <see cref="Stock"/> is what can still be bought.</summary>
public sealed record ProductView(
    int Id, string Sku, string Name, string Description, long Price, string Currency, int Stock, string Category, string ImageUrl);

/// <summary>A product as the back office sees it: the stock split into units on hand and reserved.</summary>
public sealed record AdminProductView(
    int Id,
    string Sku,
    string Name,
    string Description,
    long Price,
    string Currency,
    int Stock,
    string Category,
    string ImageUrl,
    int OnHand,
    int Reserved,
    bool Archived);

public sealed record CategoryView(string Slug, string Name, int ProductCount);

/// <summary>What a catalog listing asks for; <see cref="CatalogService.Validate"/> says whether it makes sense.</summary>
public sealed record ProductQuery(string? Q = null, string? Category = null, string? Sort = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
{
    public static readonly IReadOnlyList<string> Sorts = ["name", "price_asc", "price_desc", "newest"];
}
