using System.Globalization;
using System.Text.RegularExpressions;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Catalog;

/// <summary>The back office's changes to the catalog. Stock only moves through <see cref="AdjustStockAsync"/>.</summary>
public sealed partial class AdminCatalogService(
    IDbContextFactory<ShopDbContext> dbFactory, CatalogService catalog, IOptions<ShopOptions> shop, TimeProvider time)
{
    public async Task<Result<AdminProductView>> CreateAsync(ProductInput input, CancellationToken ct = default)
    {
        if (Validate(input, creating: true) is { Count: > 0 } errors)
        {
            return new ValidationFailure(errors);
        }

        var created = await SaveAsync(
            async db =>
            {
                var product = new Product
                {
                    Sku = input.Sku!.Trim(),
                    Name = input.Name!.Trim(),
                    Description = input.Description?.Trim() ?? "",
                    Price = input.Price!.Value,
                    Currency = shop.Value.Currency,
                    OnHand = input.Stock!.Value,
                    ImageUrl = input.ImageUrl,
                    Category = await CategoryAsync(db, input.Category!, ct),
                    CreatedAt = time.GetUtcNow().UtcDateTime,
                };
                db.Products.Add(product);
                return product;
            },
            ct);
        return created.Failure is { } failure ? failure : await ViewAsync(created.Value.Id, null, ct);
    }

    public async Task<Result<AdminProductView>> UpdateAsync(int id, ProductInput input, CancellationToken ct = default)
    {
        if (Validate(input, creating: false) is { Count: > 0 } errors)
        {
            return new ValidationFailure(errors);
        }

        var updated = await SaveAsync(
            async db =>
            {
                var product = await db.Products.SingleOrDefaultAsync(p => p.Id == id, ct);
                if (product is null)
                {
                    return null;
                }

                product.Sku = input.Sku?.Trim() ?? product.Sku;
                product.Name = input.Name?.Trim() ?? product.Name;
                product.Description = input.Description?.Trim() ?? product.Description;
                product.Price = input.Price ?? product.Price;
                product.ImageUrl = input.ImageUrl ?? product.ImageUrl;
                if (input.Category is not null)
                {
                    product.Category = await CategoryAsync(db, input.Category, ct);
                }

                return product;
            },
            ct);
        return await ViewAsync(id, updated.Failure, ct);
    }

    /// <summary>Takes a product off sale: gone from the catalog and from carts; orders keep their lines.</summary>
    public async Task<Result<AdminProductView>> ArchiveAsync(int id, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.TryArchiveAsync(id, ct))
            {
                return new NotFoundFailure($"Product {id} was not found.");
            }

            await db.CartItems.Where(i => i.ProductId == id).ExecuteDeleteAsync(ct);
        }

        return await ViewAsync(id, null, ct);
    }

    /// <summary>Changes the units on hand by <paramref name="delta"/>; never below the units pending orders hold.</summary>
    public async Task<Result<AdminProductView>> AdjustStockAsync(int id, int delta, CancellationToken ct = default)
    {
        if (Math.Abs((long)delta) > Product.MaxStock)
        {
            return ValidationFailure.For("delta", $"delta must be between -{Product.MaxStock} and {Product.MaxStock}.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.TryAdjustOnHandAsync(id, delta, ct))
            {
                return await db.Products.AnyAsync(p => p.Id == id, ct)
                    ? new ConflictFailure($"Stock cannot go below the units reserved by pending orders, nor above {Product.MaxStock}.")
                    : new NotFoundFailure($"Product {id} was not found.");
            }
        }

        return await ViewAsync(id, null, ct);
    }

    private async Task<Result<AdminProductView>> ViewAsync(int id, Failure? failure, CancellationToken ct)
    {
        if (failure is not null)
        {
            return failure;
        }

        return await catalog.FindForAdminAsync(id, ct) is { } view ? view : new NotFoundFailure($"Product {id} was not found.");
    }

    /// <summary>Saves what <paramref name="change"/> did, turning a taken SKU into a 409 (null from it means not found).</summary>
    private async Task<Result<Product>> SaveAsync(Func<ShopDbContext, Task<Product?>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await change(db);
        if (product is null)
        {
            return new NotFoundFailure("The product was not found.");
        }

        // Unique regardless of case on every provider (MariaDB's collation ignores case, SQLite's does not).
        var sku = product.Sku.ToUpperInvariant();
        if (await db.Products.AnyAsync(p => p.Sku.ToUpper() == sku && p.Id != product.Id, ct))
        {
            return new ConflictFailure($"Another product already has the SKU '{product.Sku}'.");
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return product;
        }
        catch (DbUpdateException e) when (Transactions.IsUniqueViolation(e))
        {
            return new ConflictFailure($"Another product already has the SKU '{product.Sku}'.");
        }
    }

    private static async Task<Category> CategoryAsync(ShopDbContext db, string slug, CancellationToken ct)
    {
        slug = slug.Trim();
        return await db.Categories.SingleOrDefaultAsync(c => c.Slug == slug, ct)
            ?? db.Categories.Add(new Category { Slug = slug, Name = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(slug.Replace('-', ' ')) }).Entity;
    }

    /// <summary>
    /// The field errors that <see cref="CreateAsync"/> (<paramref name="creating"/>) or <see cref="UpdateAsync"/>
    /// would answer for <paramref name="input"/>, checked without saving: a form that found errors of its
    /// own shows these beside them. (A taken SKU is known only when saving.)
    /// </summary>
    public Dictionary<string, string[]> Validate(ProductInput input, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating)
        {
            Require(errors, "sku", input.Sku);
            Require(errors, "name", input.Name);
            Require(errors, "price", input.Price);
            Require(errors, "stock", input.Stock);
            Require(errors, "category", input.Category);
        }

        if (input.Sku is not null && !SkuPattern().IsMatch(input.Sku.Trim()))
        {
            errors["sku"] = ["sku must be 1 to 64 characters: letters, digits, '-', '_' or '.'."];
        }

        if (input.Name is not null && input.Name.Trim().Length is < 1 or > 200)
        {
            errors["name"] = ["name must be 1 to 200 characters."];
        }

        if (input.Description is { Length: > 4000 })
        {
            errors["description"] = ["description must be at most 4000 characters."];
        }

        if (input.Price is < 0 or > Product.MaxPrice)
        {
            errors["price"] = [$"price must be between 0 and {Product.MaxPrice}, in minor units (cents)."];
        }

        if (input.Currency is not null && !string.Equals(input.Currency, shop.Value.Currency, StringComparison.OrdinalIgnoreCase))
        {
            errors["currency"] = [$"This shop sells in {shop.Value.Currency} only."];
        }

        if (input.Stock is < 0 or > Product.MaxStock)
        {
            errors["stock"] = [$"stock must be between 0 and {Product.MaxStock}."];
        }

        if (input.Category is not null && !SlugPattern().IsMatch(input.Category.Trim()))
        {
            errors["category"] = ["category must be a slug: 1 to 64 lower-case letters, digits and single dashes."];
        }

        if (input.ImageUrl is not null && !IsImageUrl(input.ImageUrl))
        {
            errors["image_url"] = ["image_url must be a path on this site (starting with '/') or an http(s) URL."];
        }

        return errors;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, object? value)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            errors.TryAdd(field, [$"{field} is required."]);
        }
    }

    private static bool IsImageUrl(string url) =>
        url.Length <= 500 && ((url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
