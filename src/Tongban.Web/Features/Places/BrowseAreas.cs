using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>A node of the division tree as it appears in lists, with what lies under it.</summary>
public sealed record AreaSummary(int Id, string Code, string Name, AreaLevel Level, string LevelName, int? ParentId,
    bool HasBoundary, bool IsSample, PlaceCounts Counts)
{
    public static AreaSummary From(Area a, PlaceCounts counts) =>
        new(a.Id, a.Code, a.Name, a.Level, Area.LevelName(a.Level), a.ParentId, a.BoundaryGeoJson is not null, a.IsSample, counts);
}

/// <summary>Lists the caller's own scope node (no parent given) or the children of a node, by code.</summary>
public sealed class BrowseAreas(AppDbContext db, AuditLog audit)
{
    public sealed record Query(int? ParentId, int? Page, int? PageSize);

    public async Task<Paged<AreaSummary>> HandleAsync(Query query, CancellationToken ct)
    {
        var (page, size) = Paging.Check(query.Page, query.PageSize);
        Area? parent = null;
        IQueryable<Area> nodes;
        if (query.ParentId is { } parentId)
        {
            parent = await PlaceLookup.AreaAsync(db, parentId, audit, ct);
            nodes = db.Areas.Where(a => a.ParentId == parentId);
        }
        else
        {
            var scope = db.CurrentUser.ScopePath;
            nodes = scope is null ? db.Areas.Where(a => a.ParentId == null) : db.Areas.Where(a => a.AreaPath == scope);
        }
        var total = await nodes.CountAsync(ct);
        var items = await nodes.AsNoTracking().OrderBy(a => a.Code).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        IReadOnlyDictionary<int, PlaceCounts> counts;
        if (parent is not null)
        {
            counts = await PlaceCounts.ForChildrenAsync(db, parent, items, ct);
        }
        else
        {
            var own = new Dictionary<int, PlaceCounts>();
            foreach (var item in items) own[item.Id] = await PlaceCounts.ForAsync(db, item, ct);
            counts = own;
        }
        return new Paged<AreaSummary>(items.Select(a => AreaSummary.From(a, counts.GetValueOrDefault(a.Id, PlaceCounts.Zero))).ToList(), total, page, size);
    }
}
