using System.Linq.Expressions;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Core.Catalog;

/// <summary>The catalog as shoppers and the back office read it.</summary>
public sealed class CatalogService(IDbContextFactory<ShopDbContext> dbFactory)
{
    public const string PlaceholderImage = "/images/products/placeholder.svg";

    internal static readonly Expression<Func<Product, ProductView>> ToView = p => new ProductView(
        p.Id, p.Sku, p.Name, p.Description, p.Price, p.Currency, p.OnHand - p.Reserved, p.Category.Slug, p.ImageUrl ?? PlaceholderImage);

    internal static readonly Expression<Func<Product, AdminProductView>> ToAdminView = p => new AdminProductView(
        p.Id,
        p.Sku,
        p.Name,
        p.Description,
        p.Price,
        p.Currency,
        p.OnHand - p.Reserved,
        p.Category.Slug,
        p.ImageUrl ?? PlaceholderImage,
        p.OnHand,
        p.Reserved,
        p.Archived);

    public Task<Result<Paged<ProductView>>> SearchAsync(ProductQuery query, CancellationToken ct = default) =>
        SearchAsync(query, includeArchived: false, ToView, ct);

    public Task<Result<Paged<AdminProductView>>> SearchForAdminAsync(ProductQuery query, CancellationToken ct = default) =>
        SearchAsync(query, includeArchived: true, ToAdminView, ct);

    public async Task<ProductView?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Products.Where(p => p.Id == id && !p.Archived).Select(ToView).SingleOrDefaultAsync(ct);
    }

    public async Task<AdminProductView?> FindForAdminAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Products.Where(p => p.Id == id).Select(ToAdminView).SingleOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<CategoryView>> CategoriesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Categories
            .OrderBy(c => c.Name)
            .Select(c => new CategoryView(c.Slug, c.Name, db.Products.Count(p => p.CategoryId == c.Id && !p.Archived)))
            .ToListAsync(ct);
    }

    public static ValidationFailure? Validate(ProductQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Validate(query.Page, query.PageSize, errors);

        if (query.Sort is { Length: > 0 } sort && !ProductQuery.Sorts.Contains(sort))
        {
            errors["sort"] = [$"sort must be one of: {string.Join(", ", ProductQuery.Sorts)}."];
        }

        return errors.Count == 0 ? null : new ValidationFailure(errors);
    }

    private async Task<Result<Paged<T>>> SearchAsync<T>(
        ProductQuery query, bool includeArchived, Expression<Func<Product, T>> projection, CancellationToken ct)
    {
        if (Validate(query) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var products = db.Products.AsQueryable();
        if (!includeArchived)
        {
            products = products.Where(p => !p.Archived);
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            products = products.Where(p => p.Category.Slug == query.Category);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = $"%{EscapeLike(query.Q.Trim())}%";
            products = products.Where(p => EF.Functions.Like(p.Name, pattern, "\\") || EF.Functions.Like(p.Description, pattern, "\\"));
        }

        var (items, total) = await Sort(products, query.Sort, onSaleOnly: !includeArchived).Select(projection).PageAsync(db, query.Page, query.PageSize, ct);
        return new Paged<T>(items, query.Page, query.PageSize, total);
    }

    /// <summary>
    /// The sort asked for. In the shop, where every row is on sale, the order leads with Archived too: that changes
    /// nothing but matches the (Archived, …) indexes, so SQLite reads a page in index order instead of sorting the
    /// whole catalog, as it does for <c>WHERE NOT Archived</c> alone.
    /// </summary>
    private static IOrderedQueryable<Product> Sort(IQueryable<Product> products, string? sort, bool onSaleOnly)
    {
        IOrderedQueryable<Product> By<TKey>(Expression<Func<Product, TKey>> key, bool descending) => (onSaleOnly, descending) switch
        {
            (true, false) => products.OrderBy(p => p.Archived).ThenBy(key),
            (true, true) => products.OrderBy(p => p.Archived).ThenByDescending(key),
            (false, false) => products.OrderBy(key),
            (false, true) => products.OrderByDescending(key),
        };

        return sort switch
        {
            "price_asc" => By(p => p.Price, descending: false).ThenBy(p => p.Id),
            "price_desc" => By(p => p.Price, descending: true).ThenBy(p => p.Id),
            "newest" => By(p => p.CreatedAt, descending: true).ThenByDescending(p => p.Id),
            _ => By(p => p.Name, descending: false).ThenBy(p => p.Id),
        };
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
