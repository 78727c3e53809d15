using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;

namespace Tongban.Web.Features.Outreach;

/// <summary>A building named with its compound ("滨河小区10号楼"); <paramref name="BuildingName"/> is its own name alone ("10号楼").</summary>
public sealed record NamedBuilding(int Id, string Name, int CompoundId, int CommunityId, string AreaPath, double? Latitude, double? Longitude, string BuildingName);

/// <summary>
/// Buildings with their compound's name and community. A compound carries its community's path, which a grid worker's
/// scope does not cover; the buildings are read within scope first, then their compounds in a second query past the
/// compound filter (IgnoreQueryFilters applies to a whole query, so it must never share one with the buildings).
/// </summary>
public static class OutreachPlaces
{
    public static async Task<List<NamedBuilding>> NamedAsync(AppDbContext db, IQueryable<Building> buildings, CancellationToken ct)
    {
        var rows = await buildings.AsNoTracking().Select(b => new { b.Id, b.Name, b.CompoundId, b.AreaPath, b.Latitude, b.Longitude }).ToListAsync(ct);
        var compoundIds = rows.Select(b => b.CompoundId).Distinct().ToList();
        var compounds = await db.Compounds.IgnoreQueryFilters().AsNoTracking().Where(c => compoundIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.CommunityId }).ToDictionaryAsync(c => c.Id, ct);
        return rows.Select(b =>
        {
            var c = compounds.GetValueOrDefault(b.CompoundId);
            return new NamedBuilding(b.Id, (c?.Name ?? "") + b.Name, b.CompoundId, c?.CommunityId ?? 0, b.AreaPath, b.Latitude, b.Longitude, b.Name);
        }).ToList();
    }

    public static async Task<NamedBuilding?> OneAsync(AppDbContext db, int buildingId, CancellationToken ct) =>
        (await NamedAsync(db, db.Buildings.Where(b => b.Id == buildingId), ct)).FirstOrDefault();

    public static async Task<Dictionary<int, string>> NamesAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        (await NamedAsync(db, db.Buildings.Where(b => ids.Contains(b.Id)), ct)).ToDictionary(b => b.Id, b => b.Name);

    /// <summary>"某小区1号楼2单元301室" for a dwelling the caller can see, or null.</summary>
    public static async Task<string?> DwellingTitleAsync(AppDbContext db, int dwellingId, CancellationToken ct)
    {
        var d = await db.Dwellings.AsNoTracking().Where(x => x.Id == dwellingId).Select(x => new { x.BuildingId, Unit = x.BuildingUnit!.Name, x.Number }).FirstOrDefaultAsync(ct);
        if (d is null) return null;
        var names = await NamesAsync(db, [d.BuildingId], ct);
        return $"{names.GetValueOrDefault(d.BuildingId)}{d.Unit}{d.Number}室";
    }
}
