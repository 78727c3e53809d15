using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>A node with its ancestors (names), its children and the counts under each.</summary>
public sealed record AreaDetail(int Id, string Code, string Name, AreaLevel Level, string LevelName, int? ParentId, string AreaPath,
    bool HasBoundary, bool IsSample, bool IsScopeRoot, PlaceCounts Counts, IReadOnlyList<AreaName> Ancestors, IReadOnlyList<AreaSummary> Children)
{
    public AreaLevel? ChildLevel => Level == AreaLevel.Grid ? null : Level + 1;

    /// <summary>The ancestors followed by this node, for the breadcrumb of a page about something inside it.</summary>
    public IReadOnlyList<AreaName> PathWithSelf => [.. Ancestors, new AreaName(Id, Code, Name, Level, LevelName, true)];
}

public sealed class GetArea(AppDbContext db, AuditLog audit)
{
    public async Task<AreaDetail> HandleAsync(int id, CancellationToken ct)
    {
        var area = await PlaceLookup.AreaAsync(db, id, audit, ct);
        return await DescribeAsync(area, ct);
    }

    /// <summary>The node whose path is the caller's scope, or null when the account has no area yet.</summary>
    public async Task<AreaDetail?> ScopeRootAsync(CancellationToken ct)
    {
        var scope = db.CurrentUser.ScopePath;
        var area = scope is null
            ? await db.Areas.AsNoTracking().Where(a => a.ParentId == null).OrderBy(a => a.Code).FirstOrDefaultAsync(ct)
            : await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.AreaPath == scope, ct);
        return area is null ? null : await DescribeAsync(area, ct);
    }

    private async Task<AreaDetail> DescribeAsync(Area area, CancellationToken ct)
    {
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == area.Id).OrderBy(a => a.Code).ToListAsync(ct);
        var childCounts = await PlaceCounts.ForChildrenAsync(db, area, children, ct);
        var counts = await PlaceCounts.ForAsync(db, area, ct);
        var ancestors = await PlaceLookup.AncestorsAsync(db, area, ct);
        var scope = db.CurrentUser.ScopePath;
        return new AreaDetail(area.Id, area.Code, area.Name, area.Level, Area.LevelName(area.Level), area.ParentId, area.AreaPath,
            area.BoundaryGeoJson is not null, area.IsSample, scope is null ? area.ParentId is null : area.AreaPath == scope,
            counts, ancestors, children.Select(c => AreaSummary.From(c, childCounts.GetValueOrDefault(c.Id, PlaceCounts.Zero))).ToList());
    }
}

