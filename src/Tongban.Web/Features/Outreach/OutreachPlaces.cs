using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;

namespace Tongban.Web.Features.Outreach;

/// <summary>Built with an initializer (not a constructor) so queries can still filter on it.</summary>
public sealed record NamedBuilding
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public int CompoundId { get; init; }
    public int CommunityId { get; init; }
    public string AreaPath { get; init; } = "";
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

/// <summary>
/// Buildings with their compound's name and community. A compound carries its community's path, which a grid worker's
/// scope does not cover, so the compound is joined past its filter: the building itself is what the scope decides.
/// </summary>
public static class OutreachPlaces
{
    public static IQueryable<NamedBuilding> Named(this IQueryable<Building> buildings, AppDbContext db) =>
        from b in buildings
        join c in db.Compounds.IgnoreQueryFilters() on b.CompoundId equals c.Id
        select new NamedBuilding { Id = b.Id, Name = c.Name + b.Name, CompoundId = b.CompoundId, CommunityId = c.CommunityId, AreaPath = b.AreaPath, Latitude = b.Latitude, Longitude = b.Longitude };

    public static async Task<Dictionary<int, string>> NamesAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        await db.Buildings.AsNoTracking().Where(b => ids.Contains(b.Id)).Named(db).ToDictionaryAsync(b => b.Id, b => b.Name, ct);

    /// <summary>"某小区1号楼2单元301室" for a dwelling the caller can see, or null.</summary>
    public static async Task<string?> DwellingTitleAsync(AppDbContext db, int dwellingId, CancellationToken ct)
    {
        var d = await db.Dwellings.AsNoTracking().Where(x => x.Id == dwellingId).Select(x => new { x.BuildingId, Unit = x.BuildingUnit!.Name, x.Number }).FirstOrDefaultAsync(ct);
        if (d is null) return null;
        var names = await NamesAsync(db, [d.BuildingId], ct);
        return $"{names.GetValueOrDefault(d.BuildingId)}{d.Unit}{d.Number}室";
    }
}
