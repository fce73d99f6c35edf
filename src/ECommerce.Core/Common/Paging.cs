using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// Page <paramref name="page"/> of an ordered query of <paramref name="db"/>, and how many items the whole query has; a
    /// page past the end is empty. Both are read on one connection: one turn of the pool (on MySQL, one connection reset
    /// and its <c>SET NAMES</c>) instead of one for each query.
    /// </summary>
    public static async Task<(List<T> Items, int Total)> PageAsync<T>(this IQueryable<T> ordered, DbContext db, int page, int pageSize, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var total = await ordered.CountAsync(ct);
        // In long, so a far page (page=2147483647) does not overflow into a negative offset.
        var skip = (long)(page - 1) * pageSize;
        return (skip >= total ? [] : await ordered.Skip((int)skip).Take(pageSize).ToListAsync(ct), total);
    }
}
