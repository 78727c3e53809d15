using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

public sealed record CompoundDetail(int Id, string Name, string Address, string? PropertyCompany, int CommunityId, string CommunityName,
    bool IsSample, IReadOnlyList<AreaName> Ancestors, IReadOnlyList<GridChoice> Grids);

/// <summary>A grid a building of this compound can be placed in.</summary>
public sealed record GridChoice(int Id, string Code, string Name);

public sealed class GetCompound(AppDbContext db, AuditLog audit)
{
    public async Task<CompoundDetail> HandleAsync(int id, CancellationToken ct)
    {
        var compound = await PlaceLookup.CompoundAsync(db, id, audit, ct);
        var community = await db.Areas.AsNoTracking().FirstAsync(a => a.Id == compound.CommunityId, ct);
        var ancestors = (await PlaceLookup.AncestorsAsync(db, community, ct)).ToList();
        ancestors.Add(new AreaName(community.Id, community.Code, community.Name, community.Level, Area.LevelName(community.Level), true));
        var grids = await db.Areas.AsNoTracking().Where(a => a.ParentId == community.Id && a.Level == AreaLevel.Grid)
            .OrderBy(a => a.Code).Select(a => new GridChoice(a.Id, a.Code, a.Name)).ToListAsync(ct);
        return new CompoundDetail(compound.Id, compound.Name, compound.Address, compound.PropertyCompany, community.Id, community.Name,
            compound.IsSample, ancestors, grids);
    }
}
