using ECommerce.Core.Accounts;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using ECommerce.Core.Ordering;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Web.Api;

/// <summary>The back office: products, stock and orders, for the <c>admin</c> role only.</summary>
public static class AdminApi
{
    /// <summary>How many orders match an admin order listing, all pages together.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public sealed record StockRequest(int? Delta);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/products", SearchProducts).WithName("AdminListProducts").WithSummary("All products, archived ones included, with on-hand and reserved stock.")
            .Produces<Paged<AdminProductView>>().ProducesValidationProblem();
        api.MapGet("/products/{id:int}", FindProduct).WithName("AdminGetProduct")
            .Produces<AdminProductView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/products", CreateProduct).WithName("AdminCreateProduct").WithSummary("Adds a product; a new category slug creates the category.")
            .Produces<AdminProductView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/products/{id:int}", UpdateProduct).WithName("AdminUpdateProduct").WithSummary("Changes the fields sent; never the stock.")
            .Produces<AdminProductView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/products/{id:int}", ArchiveProduct).WithName("AdminArchiveProduct").WithSummary("Archives a product: gone from the catalog, kept in orders.")
            .Produces<AdminProductView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/products/{id:int}/stock", AdjustStock).WithName("AdminAdjustStock").WithSummary("Adds delta (negative to remove) to the units on hand.")
            .Produces<AdminProductView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/orders", ListOrders).WithName("AdminListOrders")
            .WithSummary("All users' orders, newest first, optionally of one status and matching q (an order id or a username), a page at a time (page, page_size); the total is in X-Total-Count.")
            .Produces<IReadOnlyList<OrderView>>().ProducesValidationProblem();
        api.MapPost("/orders/{id:int}/ship", Ship).WithName("AdminShipOrder").WithSummary("paid → shipped.")
            .Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/orders/{id:int}/refund", Refund).WithName("AdminRefundOrder").WithSummary("Refunds through the payment provider; the order becomes refunded.")
            .Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<IResult> SearchProducts([AsParameters] CatalogApi.ProductQueryParameters query, CatalogService catalog, CancellationToken ct) =>
        (await catalog.SearchForAdminAsync(query.ToQuery(), ct)).ToHttp();

    private static async Task<IResult> FindProduct(int id, CatalogService catalog, CancellationToken ct) =>
        await catalog.FindForAdminAsync(id, ct) is { } product ? TypedResults.Ok(product) : Problems.NotFound($"Product {id} was not found.");

    private static async Task<IResult> CreateProduct(ProductInput input, AdminCatalogService admin, CancellationToken ct) =>
        (await admin.CreateAsync(input, ct)).Match(product => TypedResults.Created($"/api/admin/products/{product.Id}", product), Problems.ToProblem);

    private static async Task<IResult> UpdateProduct(int id, ProductInput input, AdminCatalogService admin, CancellationToken ct) =>
        (await admin.UpdateAsync(id, input, ct)).ToHttp();

    private static async Task<IResult> ArchiveProduct(int id, AdminCatalogService admin, CancellationToken ct) =>
        (await admin.ArchiveAsync(id, ct)).ToHttp();

    private static async Task<IResult> AdjustStock(int id, StockRequest request, AdminCatalogService admin, CancellationToken ct) =>
        request.Delta is { } delta
            ? (await admin.AdjustStockAsync(id, delta, ct)).ToHttp()
            : ValidationFailure.For("delta", "delta is required.").ToProblem();

    private static async Task<IResult> ListOrders(
        string? status, string? q, int? page, [FromQuery(Name = "page_size")] int? pageSize, HttpResponse response, OrderService orders, CancellationToken ct)
    {
        OrderStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!OrderStatusNames.TryParse(status, out var parsed))
            {
                return ValidationFailure.For("status", "status must be one of: pending, paid, shipped, canceled, refunded.").ToProblem();
            }

            wanted = parsed;
        }

        var listed = await orders.ListAllAsync(wanted, q, page ?? 1, pageSize ?? Paging.DefaultPageSize, ct);
        if (listed.Failure is { } invalid)
        {
            return invalid.ToProblem();
        }

        // The answer stays a plain array, as before paging; the total travels in a header.
        response.Headers[TotalCountHeader] = listed.Value.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(listed.Value.Items.Select(o => o.Order).ToList());
    }

    private static async Task<IResult> Ship(int id, OrderService orders, CancellationToken ct) => (await orders.ShipAsync(id, ct)).ToHttp();

    private static async Task<IResult> Refund(int id, OrderService orders, CancellationToken ct) => (await orders.RefundAsync(id, ct)).ToHttp();
}
