using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>Finds one scoped record: 404 when it does not exist, 403 (and an audit entry) when it is outside the caller's area.</summary>
internal static class PeopleLookup
{
    public static Task<Resident> ResidentAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct) =>
        FindAsync(db.Residents, r => r.Id == id, nameof(Resident), id, "没有找到该居民，可能已被删除。", audit, ct);

    public static Task<Dwelling> DwellingAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct) =>
        FindAsync(db.Dwellings, d => d.Id == id, nameof(Dwelling), id, "没有找到该房屋。", audit, ct);

    public static Task<Building> BuildingAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct) =>
        FindAsync(db.Buildings, b => b.Id == id, nameof(Building), id, "没有找到该楼栋。", audit, ct);

    public static Task<Area> AreaAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct) =>
        FindAsync(db.Areas, a => a.Id == id, nameof(Area), id, "没有找到该区域。", audit, ct);

    public static Task<Household> HouseholdAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct) =>
        FindAsync(db.Households, h => h.Id == id, nameof(Household), id, "没有找到该户。", audit, ct);

    private static async Task<T> FindAsync<T>(IQueryable<T> set, Expression<Func<T, bool>> byId, string entityType, int id, string notFound,
        AuditLog audit, CancellationToken ct) where T : class, IAreaScoped
    {
        var found = await set.FirstOrDefaultAsync(byId, ct);
        if (found is not null) return found;
        // Deliberately unfiltered: only to tell "outside your area" (logged) from "does not exist".
        var path = await set.IgnoreQueryFilters().Where(byId).Select(x => x.AreaPath).FirstOrDefaultAsync(ct);
        if (path is not null) throw await audit.OutsideScopeAsync(entityType, id.ToString(System.Globalization.CultureInfo.InvariantCulture), path, ct);
        throw new NotFoundException(notFound);
    }

    /// <summary>
    /// Readable addresses of dwellings. Unfiltered on purpose: a grid worker sees the resident and the building but not
    /// the compound row (it belongs to the community), and the compound's name is not sensitive.
    /// </summary>
    public static async Task<Dictionary<int, string>> AddressesAsync(AppDbContext db, IReadOnlyCollection<int> dwellingIds, CancellationToken ct)
    {
        if (dwellingIds.Count == 0) return [];
        var rows = await db.Dwellings.IgnoreQueryFilters().AsNoTracking()
            .Where(d => dwellingIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Number, Unit = d.BuildingUnit!.Name, Building = d.Building!.Name, Compound = d.Building.Compound!.Name })
            .ToListAsync(ct);
        return rows.ToDictionary(d => d.Id, d => ResidentWriter.AddressText(d.Compound, d.Building, d.Unit, d.Number));
    }

    /// <summary>Tag names per resident; sensitive tags only when the caller may see sensitive data.</summary>
    public static async Task<Dictionary<int, List<TagView>>> TagsAsync(AppDbContext db, IReadOnlyCollection<int> residentIds, bool includeSensitive, CancellationToken ct)
    {
        if (residentIds.Count == 0) return [];
        var rows = await db.ResidentTags.AsNoTracking()
            .Where(t => residentIds.Contains(t.ResidentId) && (includeSensitive || !t.Tag!.IsSensitive))
            .Select(t => new { t.ResidentId, View = new TagView(t.Tag!.Id, t.Tag.Code, t.Tag.Name, t.Tag.IsSensitive, t.Tag.IsBuiltIn) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ResidentId).ToDictionary(g => g.Key, g => g.Select(x => x.View).OrderBy(v => v.Id).ToList());
    }
}

public sealed record TagView(int Id, string Code, string Name, bool IsSensitive, bool IsBuiltIn);
