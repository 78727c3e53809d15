using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

public sealed record CompoundSummary(int Id, string Name, string Address, string? PropertyCompany, int CommunityId, string CommunityName,
    int Buildings, bool IsSample);

/// <summary>Lists the compounds (小区) the caller sees, under a node if given, in pinyin order.</summary>
public sealed class BrowseCompounds(AppDbContext db, AuditLog audit)
{
    public sealed record Query(int? AreaId, int? Page, int? PageSize);

    public async Task<Paged<CompoundSummary>> HandleAsync(Query query, CancellationToken ct)
    {
        var (page, size) = Paging.Check(query.Page, query.PageSize);
        var compounds = db.Compounds.AsQueryable();
        if (query.AreaId is { } areaId)
        {
            var area = await PlaceLookup.AreaAsync(db, areaId, audit, ct);
            compounds = area.Level == AreaLevel.Grid
                ? compounds.Where(c => db.Buildings.Any(b => b.CompoundId == c.Id && b.GridId == areaId))
                : compounds.Under(area.AreaPath);
        }
        var total = await compounds.CountAsync(ct);
        var rows = await compounds
            .OrderBy(c => EF.Functions.Collate(c.Name, db.PinyinCollation)).ThenBy(c => c.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(c => new
            {
                c.Id, c.Name, c.Address, c.PropertyCompany, c.CommunityId, c.IsSample,
                Buildings = db.Buildings.Count(b => b.CompoundId == c.Id),
            })
            .ToListAsync(ct);
        var communityIds = rows.Select(r => r.CommunityId).Distinct().ToList();
        var communities = await db.Areas.Where(a => communityIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var items = rows.Select(r => new CompoundSummary(r.Id, r.Name, r.Address, r.PropertyCompany, r.CommunityId,
            communities.GetValueOrDefault(r.CommunityId, ""), r.Buildings, r.IsSample)).ToList();
        return new Paged<CompoundSummary>(items, total, page, size);
    }
}
