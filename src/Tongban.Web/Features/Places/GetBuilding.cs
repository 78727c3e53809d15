using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

public sealed record DwellingView(int Id, string Number, int Floor, decimal ExclusiveArea, int Residents);

public sealed record UnitView(int Id, string Name, IReadOnlyList<DwellingView> Dwellings);

/// <summary>A building with its units and dwellings; ancestors end with its grid. CompoundVisible is false for grid workers.</summary>
public sealed record BuildingDetail(int Id, string Name, int CompoundId, string CompoundName, bool CompoundVisible, int CommunityId,
    int GridId, string GridCode, string GridName, int Floors, double? Latitude, double? Longitude, IReadOnlyList<AreaName> Ancestors,
    IReadOnlyList<UnitView> Units, int GridChanges)
{
    public int DwellingCount => Units.Sum(u => u.Dwellings.Count);
    public decimal TotalExclusiveArea => Units.Sum(u => u.Dwellings.Sum(d => d.ExclusiveArea));
}

public sealed class GetBuilding(AppDbContext db, AuditLog audit)
{
    public async Task<BuildingDetail> HandleAsync(int id, CancellationToken ct)
    {
        var building = await PlaceLookup.BuildingAsync(db, id, audit, ct);
        var grid = await db.Areas.AsNoTracking().IgnoreQueryFilters().FirstAsync(a => a.Id == building.GridId, ct);
        var ancestors = (await PlaceLookup.AncestorsAsync(db, grid, ct)).ToList();
        ancestors.Add(new AreaName(grid.Id, grid.Code, grid.Name, grid.Level, Area.LevelName(grid.Level), AreaPaths.Contains(db.CurrentUser.ScopePath, grid.AreaPath)));

        var compoundVisible = await db.Compounds.AnyAsync(c => c.Id == building.CompoundId, ct);
        // The compound is named past the area filter: a grid worker sees where the building stands, nothing more.
        var compound = await db.Compounds.IgnoreQueryFilters().Where(c => c.Id == building.CompoundId)
            .Select(c => new { c.Name, c.CommunityId }).FirstAsync(ct);

        var units = await db.BuildingUnits.AsNoTracking().Where(u => u.BuildingId == id).ToListAsync(ct);
        var dwellings = await db.Dwellings.AsNoTracking().Where(d => d.BuildingId == id).ToListAsync(ct);
        var dwellingIds = dwellings.Select(d => d.Id).ToList();
        var residents = await db.Residents.Where(r => r.DwellingId != null && dwellingIds.Contains(r.DwellingId.Value))
            .GroupBy(r => r.DwellingId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // History rows carry the grid of their own time; whoever sees the building now sees all of its history.
        var changes = await db.BuildingGridChanges.IgnoreQueryFilters().CountAsync(c => c.BuildingId == id, ct);

        var unitViews = units.OrderBy(u => u.Name.Length).ThenBy(u => u.Name, ChineseText.PinyinComparer)
            .Select(u => new UnitView(u.Id, u.Name, dwellings.Where(d => d.BuildingUnitId == u.Id)
                .OrderBy(d => d.Floor).ThenBy(d => d.Number.Length).ThenBy(d => d.Number, StringComparer.Ordinal)
                .Select(d => new DwellingView(d.Id, d.Number, d.Floor, d.ExclusiveArea, residents.GetValueOrDefault(d.Id)))
                .ToList()))
            .ToList();
        return new BuildingDetail(building.Id, building.Name, building.CompoundId, compound.Name, compoundVisible, compound.CommunityId,
            grid.Id, grid.Code, grid.Name, building.Floors, building.Latitude, building.Longitude, ancestors, unitViews, changes);
    }
}
