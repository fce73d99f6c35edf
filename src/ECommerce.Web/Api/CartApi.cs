using System.Security.Claims;
using ECommerce.Core.Cart;
using ECommerce.Core.Common;

namespace ECommerce.Web.Api;

public static class CartApi
{
    public sealed record AddRequest(int? ProductId, int? Quantity);

    public sealed record RemoveRequest(int? ProductId, int? Quantity);

    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization();
        api.MapGet("/", Get).WithName("GetCart").WithSummary("The signed-in user's cart at today's prices.")
            .Produces<CartView>().ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/add", Add).WithName("AddToCart").WithSummary("Adds units of a product (1 unless quantity says otherwise).")
            .Produces<CartView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/remove", Remove).WithName("RemoveFromCart").WithSummary("Removes some units of a line, or the whole line.")
            .Produces<CartView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Get(ClaimsPrincipal user, CartService cart, CancellationToken ct) =>
        TypedResults.Ok(await cart.GetAsync(user.Cart(), ct));

    private static async Task<IResult> Add(AddRequest request, ClaimsPrincipal user, CartService cart, CancellationToken ct) =>
        request.ProductId is not { } productId
            ? ProductIdRequired()
            : (await cart.AddAsync(user.Cart(), productId, request.Quantity ?? 1, ct)).ToHttp();

    private static async Task<IResult> Remove(RemoveRequest request, ClaimsPrincipal user, CartService cart, CancellationToken ct) =>
        request.ProductId is not { } productId
            ? ProductIdRequired()
            : (await cart.RemoveAsync(user.Cart(), productId, request.Quantity, ct)).ToHttp();

    private static IResult ProductIdRequired() => ValidationFailure.For("product_id", "product_id is required.").ToProblem();
}
