using System.Security.Claims;
using ECommerce.Core.Accounts;
using ECommerce.Web.Hosting;

namespace ECommerce.Web.Api;

public static class AccountsApi
{
    public sealed record SignupRequest(string? Username, string? Password, string? Email);

    public sealed record LoginRequest(string? Username, string? Password);

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Accounts");
        api.MapPost("/signup", SignUp)
            .WithName("SignUp").WithSummary("Creates an account.")
            .RequireRateLimiting(RateLimits.Accounts)
            .Produces<AccountView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/login", LogIn)
            .WithName("LogIn").WithSummary("Exchanges a username and password for a bearer token.")
            .RequireRateLimiting(RateLimits.Accounts)
            .Produces<TokenView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/me", Me)
            .WithName("Me").WithSummary("The signed-in account.")
            .RequireAuthorization()
            .Produces<MeView>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> SignUp(SignupRequest request, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.SignUpAsync(request.Username, request.Password, request.Email, ct);
        return result.Match(account => TypedResults.Created($"/api/me", account), Problems.ToProblem);
    }

    private static async Task<IResult> LogIn(LoginRequest request, AccountService accounts, CancellationToken ct) =>
        (await accounts.LogInAsync(request.Username, request.Password, ct)).ToHttp();

    private static async Task<IResult> Me(ClaimsPrincipal user, AccountService accounts) =>
        await accounts.FindAsync(user.UserId()) is { } me
            ? TypedResults.Ok(me)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.", detail: "The account no longer exists.");
}
