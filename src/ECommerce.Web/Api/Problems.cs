using System.Globalization;
using ECommerce.Core.Accounts;
using ECommerce.Core.Common;

namespace ECommerce.Web.Api;

/// <summary>The one translation of a use case's answer into HTTP.</summary>
public static class Problems
{
    public static IResult ToProblem(this Failure failure) => failure switch
    {
        ValidationFailure invalid => TypedResults.ValidationProblem(invalid.Errors, invalid.Detail, title: invalid.Title),
        LockedOutFailure locked => TooManyRequests(locked.RetryAfter, locked.Title, locked.Detail),
        _ => Problem(failure, failure switch
        {
            NotFoundFailure => StatusCodes.Status404NotFound,
            ConflictFailure => StatusCodes.Status409Conflict,
            UnauthorizedFailure => StatusCodes.Status401Unauthorized,
            PaymentProviderFailure => StatusCodes.Status502BadGateway,
            _ => StatusCodes.Status400BadRequest,
        }),
    };

    public static IResult ToHttp<T>(this Result<T> result) => result.Match(value => TypedResults.Ok(value), ToProblem);

    public static IResult NotFound(string detail) => new NotFoundFailure(detail).ToProblem();

    /// <summary>A 429 problem whose <c>Retry-After</c> header says, in whole seconds, when to try again.</summary>
    public static IResult TooManyRequests(TimeSpan retryAfter, string title, string detail) =>
        new WithRetryAfter(retryAfter, TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail));

    /// <summary>The <c>Retry-After</c> header, in whole seconds.</summary>
    public static void SetRetryAfter(this HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static IResult Problem(Failure failure, int status) =>
        TypedResults.Problem(statusCode: status, title: failure.Title, detail: failure.Detail);

    private sealed class WithRetryAfter(TimeSpan retryAfter, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.SetRetryAfter(retryAfter);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
