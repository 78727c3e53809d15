using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

public sealed record BuildingSummary(int Id, string Name, int CompoundId, string CompoundName, int GridId, string GridCode, string GridName,
    int Floors, int Units, int Dwellings, double? Latitude, double? Longitude);

/// <summary>Lists the buildings the caller sees, by compound and/or grid, in natural name order (2号楼 before 10号楼).</summary>
public sealed class BrowseBuildings(AppDbContext db, AuditLog audit)
{
    public sealed record Query(int? CompoundId, int? GridId, int? Page, int? PageSize);

    public async Task<Paged<BuildingSummary>> HandleAsync(Query query, CancellationToken ct)
    {
        var (page, size) = Paging.Check(query.Page, query.PageSize);
        var buildings = db.Buildings.AsQueryable();
        if (query.GridId is { } gridId)
        {
            var grid = await PlaceLookup.AreaAsync(db, gridId, audit, ct);
            if (grid.Level != AreaLevel.Grid) throw new ValidationFailedException("gridId", $"“{grid.Name}”不是网格。");
            buildings = buildings.Where(b => b.GridId == gridId);
        }
        if (query.CompoundId is { } compoundId)
        {
            // A grid worker sees buildings of a compound without seeing the compound (it carries the community's path).
            if (!await db.Compounds.AnyAsync(c => c.Id == compoundId, ct) && !await db.Buildings.AnyAsync(b => b.CompoundId == compoundId, ct))
                throw await PlaceLookup.MissingAsync(db.Compounds, c => c.Id == compoundId, PlaceLookup.Id(compoundId), audit,
                    new NotFoundException($"小区 {compoundId} 不存在。"), ct);
            buildings = buildings.Where(b => b.CompoundId == compoundId);
        }
        var total = await buildings.CountAsync(ct);
        var rows = await buildings
            .OrderBy(b => b.CompoundId).ThenBy(b => b.Name.Length).ThenBy(b => EF.Functions.Collate(b.Name, db.PinyinCollation)).ThenBy(b => b.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(b => new
            {
                b.Id, b.Name, b.CompoundId, b.GridId, b.Floors, b.Latitude, b.Longitude,
                Units = db.BuildingUnits.Count(u => u.BuildingId == b.Id),
                Dwellings = db.Dwellings.Count(d => d.BuildingId == b.Id),
            })
            .ToListAsync(ct);
        var names = await PlaceNames.ForAsync(db, rows.Select(r => r.CompoundId), rows.Select(r => r.GridId), ct);
        var items = rows.Select(r => new BuildingSummary(r.Id, r.Name, r.CompoundId, names.Compound(r.CompoundId), r.GridId,
            names.GridCode(r.GridId), names.Grid(r.GridId), r.Floors, r.Units, r.Dwellings, r.Latitude, r.Longitude)).ToList();
        return new Paged<BuildingSummary>(items, total, page, size);
    }
}

/// <summary>
/// Names of the compounds and grids that visible buildings stand in. A grid worker cannot see a compound record
/// (it belongs to the community), so names are read past the area filter: the name only, never the record.
/// </summary>
public sealed class PlaceNames
{
    private readonly Dictionary<int, string> _compounds;
    private readonly Dictionary<int, (string Code, string Name)> _grids;

    private PlaceNames(Dictionary<int, string> compounds, Dictionary<int, (string, string)> grids)
    {
        _compounds = compounds;
        _grids = grids;
    }

    public static async Task<PlaceNames> ForAsync(AppDbContext db, IEnumerable<int> compoundIds, IEnumerable<int> gridIds, CancellationToken ct)
    {
        var c = compoundIds.Distinct().ToList();
        var g = gridIds.Distinct().ToList();
        var compounds = c.Count == 0 ? [] : await db.Compounds.IgnoreQueryFilters().Where(x => c.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var grids = g.Count == 0 ? [] : await db.Areas.IgnoreQueryFilters().Where(x => g.Contains(x.Id))
            .Select(x => new { x.Id, x.Code, x.Name }).ToDictionaryAsync(x => x.Id, x => (x.Code, x.Name), ct);
        return new PlaceNames(compounds, grids);
    }

    public string Compound(int id) => _compounds.GetValueOrDefault(id, "");
    public string Grid(int id) => _grids.TryGetValue(id, out var g) ? g.Name : "";
    public string GridCode(int id) => _grids.TryGetValue(id, out var g) ? g.Code : "";
}
