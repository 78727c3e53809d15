using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Places;

/// <summary>How much lies under a node: compounds (小区), buildings, dwellings, households and residents.</summary>
public sealed record PlaceCounts(int Compounds, int Buildings, int Dwellings, int Households, int Residents)
{
    public static readonly PlaceCounts Zero = new(0, 0, 0, 0, 0);

    public static async Task<PlaceCounts> ForAsync(AppDbContext db, Area area, CancellationToken ct)
    {
        var path = area.AreaPath;
        // Compounds carry their community's path; a grid counts the compounds its buildings stand in.
        var compounds = area.Level == AreaLevel.Grid
            ? await db.Buildings.Where(b => b.GridId == area.Id).Select(b => b.CompoundId).Distinct().CountAsync(ct)
            : await db.Compounds.Under(path).CountAsync(ct);
        return new PlaceCounts(
            compounds,
            await db.Buildings.Under(path).CountAsync(ct),
            await db.Dwellings.Under(path).CountAsync(ct),
            await db.Households.Under(path).CountAsync(ct),
            await db.Residents.Under(path).CountAsync(ct));
    }

    /// <summary>Counts for several siblings at once: one grouped query per kind, keyed by the child's path.</summary>
    public static async Task<IReadOnlyDictionary<int, PlaceCounts>> ForChildrenAsync(AppDbContext db, Area parent, IReadOnlyList<Area> children, CancellationToken ct)
    {
        if (children.Count == 0) return new Dictionary<int, PlaceCounts>();
        var level = children[0].Level;
        var length = parent.AreaPath.Length + AreaCodes.LengthOf(level) + 1;
        var path = parent.AreaPath;

        async Task<Dictionary<string, int>> ByChild<T>(IQueryable<T> source) where T : Tongban.Web.Infrastructure.IAreaScoped =>
            await source.Under(path).Where(e => e.AreaPath.Length >= length)
                .GroupBy(e => e.AreaPath.Substring(0, length))
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        Dictionary<string, int> compounds;
        if (level == AreaLevel.Grid)
        {
            var ids = children.Select(c => c.Id).ToList();
            var byGrid = await db.Buildings.Where(b => ids.Contains(b.GridId))
                .GroupBy(b => b.GridId)
                .Select(g => new { g.Key, Count = g.Select(b => b.CompoundId).Distinct().Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            compounds = children.ToDictionary(c => c.AreaPath, c => byGrid.GetValueOrDefault(c.Id));
        }
        else
        {
            compounds = await ByChild(db.Compounds);
        }
        var buildings = await ByChild(db.Buildings);
        var dwellings = await ByChild(db.Dwellings);
        var households = await ByChild(db.Households);
        var residents = await ByChild(db.Residents);
        return children.ToDictionary(c => c.Id, c => new PlaceCounts(
            compounds.GetValueOrDefault(c.AreaPath),
            buildings.GetValueOrDefault(c.AreaPath),
            dwellings.GetValueOrDefault(c.AreaPath),
            households.GetValueOrDefault(c.AreaPath),
            residents.GetValueOrDefault(c.AreaPath)));
    }
}
