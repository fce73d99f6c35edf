namespace ECommerce.Core.Common;

/// <summary>One page of a listing, and how many items the whole listing has.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>Pages of a listing, numbered from 1, of at most <see cref="MaxPageSize"/> items.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;

    /// <summary>Adds the errors of <c>page</c> and <c>page_size</c>, if any, to <paramref name="errors"/>.</summary>
    public static void Validate(int page, int pageSize, Dictionary<string, string[]> errors)
    {
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["page_size"] = [$"page_size must be between 1 and {MaxPageSize}."];
        }
    }

    /// <summary>How many items come before the page; in long, so a far page (page=2147483647) does not overflow.</summary>
    public static long Skip(int page, int pageSize) => (long)(page - 1) * pageSize;
}
