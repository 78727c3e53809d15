using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>One page of a list, with the total so callers can page on.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Checks page (from 1) and page size (1 to 200); defaults when absent.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        new Validation()
            .Require(p >= 1, "page", "页码从1开始")
            .Require(size is >= 1 and <= MaxPageSize, "pageSize", $"每页条数应在1到{MaxPageSize}之间")
            .ThrowIfInvalid();
        return (p, size);
    }
}
