using System.Security.Claims;
using System.Text.Json;
using ECommerce.Core.Common;
using ECommerce.Core.Ordering;
using ECommerce.Web.Hosting;

namespace ECommerce.Web.Api;

public static class OrdersApi
{
    /// <summary>Fields a client might send to set the price itself: the server always computes it.</summary>
    private static readonly string[] ServerComputedFields = ["amount", "currency"];

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Checkout and orders").RequireAuthorization();
        api.MapPost("/checkout", Checkout)
            .WithName("Checkout").WithSummary("Turns the cart into a pending order and a PaymentIntent for its total.")
            .RequireRateLimiting(RateLimits.Checkout)
            .Accepts<object>("application/json")
            .Produces<CheckoutView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("/orders", List).WithName("ListOrders").WithSummary("The signed-in user's orders, newest first.")
            .Produces<IReadOnlyList<OrderView>>();
        api.MapGet("/orders/{id:int}", Find).WithName("GetOrder").WithSummary("One of the signed-in user's orders.")
            .Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/orders/{id:int}/cancel", Cancel)
            .WithName("CancelOrder").WithSummary("Cancels a pending order: its PaymentIntent is canceled and its stock released.")
            .Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<IResult> Checkout(HttpRequest request, ClaimsPrincipal user, CheckoutService checkout, CancellationToken ct)
    {
        var body = await ReadCheckoutBodyAsync(request, ct);
        if (body.Failure is { } refused)
        {
            return refused.ToProblem();
        }

        var result = await checkout.CheckoutAsync(user.UserId(), body.Value.ShippingAddress, ct);
        return result.Match(order => TypedResults.Created($"/api/orders/{order.OrderId}", order), Problems.ToProblem);
    }

    private sealed record CheckoutBody(ShippingAddressInput? ShippingAddress);

    /// <summary>
    /// The body is optional; when there is one it must be a JSON object without amount or currency,
    /// with an optional <c>shipping_address</c> object (its rules are checked by checkout itself).
    /// </summary>
    private static async Task<Result<CheckoutBody>> ReadCheckoutBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return new CheckoutBody(null);
        }

        JsonElement root;
        try
        {
            using var json = JsonDocument.Parse(body);
            root = json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return ValidationFailure.For("body", $"The body is not valid JSON: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return ValidationFailure.For("body", "The body must be a JSON object, such as {}.");
        }

        // Matched regardless of case, as the API's JSON binding matches property names.
        var sent = ServerComputedFields.Where(field => Property(root, field) is not null).ToList();
        if (sent.Count > 0)
        {
            return new ValidationFailure(sent.ToDictionary(field => field, field => new[] { $"{field} is computed by the server from the cart; do not send it." }));
        }

        return Property(root, "shipping_address") switch
        {
            null or { ValueKind: JsonValueKind.Null } => new CheckoutBody(null),
            { ValueKind: JsonValueKind.Object } address => ReadAddress(address),
            _ => ValidationFailure.For("shipping_address", "shipping_address must be an object: name, line1, line2, city, postal_code, country."),
        };
    }

    private static Result<CheckoutBody> ReadAddress(JsonElement address)
    {
        var errors = new Dictionary<string, string[]>();
        string? Text(string field)
        {
            switch (Property(address, field))
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    return null;
                case { ValueKind: JsonValueKind.String } value:
                    return value.GetString();
                default:
                    errors[$"shipping_address.{field}"] = [$"{field} must be a string."];
                    return null;
            }
        }

        var input = new ShippingAddressInput(Text("name"), Text("line1"), Text("line2"), Text("city"), Text("postal_code"), Text("country"));
        return errors.Count > 0 ? new ValidationFailure(errors) : new CheckoutBody(input);
    }

    private static JsonElement? Property(JsonElement json, string name) =>
        json.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static async Task<IResult> List(ClaimsPrincipal user, OrderService orders, CancellationToken ct) =>
        TypedResults.Ok(await orders.ListAsync(user.UserId(), ct));

    private static async Task<IResult> Find(int id, ClaimsPrincipal user, OrderService orders, CancellationToken ct) =>
        await orders.FindAsync(user.UserId(), id, ct) is { } order ? TypedResults.Ok(order) : Problems.NotFound($"Order {id} was not found.");

    private static async Task<IResult> Cancel(int id, ClaimsPrincipal user, OrderService orders, CancellationToken ct) =>
        (await orders.CancelAsync(user.UserId(), id, ct)).ToHttp();
}
