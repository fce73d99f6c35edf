using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Web.Api;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog").CacheOutput(CatalogCaching.Policy);
        api.MapGet("/products", Search)
            .WithName("ListProducts").WithSummary("Searches, filters, sorts and pages the catalog.")
            .Produces<Paged<ProductView>>().ProducesValidationProblem();
        api.MapGet("/products/{id:int}", Find)
            .WithName("GetProduct").WithSummary("One product.")
            .Produces<ProductView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/categories", Categories)
            .WithName("ListCategories").WithSummary("The categories with how many products each has.")
            .Produces<IReadOnlyList<CategoryView>>();
        return app;
    }

    /// <summary>The query string of a catalog listing, shared by the shop and the back office.</summary>
    public sealed class ProductQueryParameters
    {
        public string? Q { get; init; }

        public string? Category { get; init; }

        public string? Sort { get; init; }

        public int? Page { get; init; }

        [FromQuery(Name = "page_size")]
        public int? PageSize { get; init; }

        public ProductQuery ToQuery() => new(Q, Category, Sort, Page ?? 1, PageSize ?? Paging.DefaultPageSize);
    }

    private static async Task<IResult> Search([AsParameters] ProductQueryParameters query, CatalogService catalog, CancellationToken ct) =>
        (await catalog.SearchAsync(query.ToQuery(), ct)).ToHttp();

    private static async Task<IResult> Find(int id, CatalogService catalog, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } product ? TypedResults.Ok(product) : Problems.NotFound($"Product {id} was not found.");

    private static async Task<IResult> Categories(CatalogService catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.CategoriesAsync(ct));
}
