using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>
/// Finds a record the caller may see. A record that exists outside the caller's area is logged and refused (403);
/// one that does not exist at all is 404, or a field error when it was named in a request body.
/// </summary>
public static class PlaceLookup
{
    public static async Task<T> FindAsync<T>(IQueryable<T> visible, Expression<Func<T, bool>> match, string entityId,
        AuditLog audit, string notFoundMessage, CancellationToken ct) where T : class, IAreaScoped
    {
        var found = await visible.FirstOrDefaultAsync(match, ct);
        if (found is not null) return found;
        throw await MissingAsync(visible, match, entityId, audit, new NotFoundException(notFoundMessage), ct);
    }

    /// <summary>As <see cref="FindAsync"/>, for an id named in a request: absence is a 422 on that field.</summary>
    public static async Task<T> FindReferencedAsync<T>(IQueryable<T> visible, Expression<Func<T, bool>> match, string entityId,
        AuditLog audit, string field, string notFoundMessage, CancellationToken ct) where T : class, IAreaScoped
    {
        var found = await visible.FirstOrDefaultAsync(match, ct);
        if (found is not null) return found;
        throw await MissingAsync(visible, match, entityId, audit, new ValidationFailedException(field, notFoundMessage), ct);
    }

    /// <summary>The exception for a record the caller cannot see: 403 (logged) if it exists elsewhere, else <paramref name="absent"/>.</summary>
    public static async Task<Exception> MissingAsync<T>(IQueryable<T> visible, Expression<Func<T, bool>> match, string entityId,
        AuditLog audit, Exception absent, CancellationToken ct) where T : class, IAreaScoped
    {
        // Deliberately past the area filter: only to tell "outside your area" (logged) from "does not exist".
        var hiddenPath = await visible.IgnoreQueryFilters().Where(match).Select(e => e.AreaPath).FirstOrDefaultAsync(ct);
        return hiddenPath is null ? absent : await audit.OutsideScopeAsync(typeof(T).Name, entityId, hiddenPath, ct);
    }

    public static Task<Area> AreaAsync(AppDbContext db, int id, AuditLog audit, CancellationToken ct) =>
        FindAsync(db.Areas, a => a.Id == id, Id(id), audit, $"区划 {id} 不存在。", ct);

    public static Task<Building> BuildingAsync(AppDbContext db, int id, AuditLog audit, CancellationToken ct) =>
        FindAsync(db.Buildings, b => b.Id == id, Id(id), audit, $"楼栋 {id} 不存在。", ct);

    public static Task<Compound> CompoundAsync(AppDbContext db, int id, AuditLog audit, CancellationToken ct) =>
        FindAsync(db.Compounds, c => c.Id == id, Id(id), audit, $"小区 {id} 不存在。", ct);

    public static Task<Dwelling> DwellingAsync(AppDbContext db, int id, AuditLog audit, CancellationToken ct) =>
        FindAsync(db.Dwellings, d => d.Id == id, Id(id), audit, $"房屋 {id} 不存在。", ct);

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records whose path lies in the subtree of <paramref name="path"/> (the same range the area filter uses).</summary>
    public static IQueryable<T> Under<T>(this IQueryable<T> source, string path) where T : IAreaScoped
    {
        var high = AreaPaths.UpperBound(path);
        return source.Where(e => string.Compare(e.AreaPath, path) >= 0 && string.Compare(e.AreaPath, high) < 0);
    }

    /// <summary>
    /// Names of the nodes above <paramref name="area"/>, district first. Nodes above the caller's scope are read past
    /// the area filter for their name alone, so a grid worker still sees where their grid sits.
    /// </summary>
    public static async Task<IReadOnlyList<AreaName>> AncestorsAsync(AppDbContext db, Area area, CancellationToken ct)
    {
        var codes = AreaCodes.CodesOf(area.AreaPath).SkipLast(1).ToList();
        if (codes.Count == 0) return [];
        var scope = db.CurrentUser.ScopePath;
        var rows = await db.Areas.IgnoreQueryFilters().Where(a => codes.Contains(a.Code))
            .Select(a => new { a.Id, a.Code, a.Name, a.Level, a.AreaPath }).ToListAsync(ct);
        return rows.OrderBy(r => r.Level)
            .Select(r => new AreaName(AreaPaths.Contains(scope, r.AreaPath) ? r.Id : null, r.Code, r.Name, r.Level, Area.LevelName(r.Level), AreaPaths.Contains(scope, r.AreaPath)))
            .ToList();
    }
}

/// <summary>A node named in a breadcrumb; above the caller's scope it has no id and is not visible (a name, no link, no data).</summary>
public sealed record AreaName(int? Id, string Code, string Name, AreaLevel Level, string LevelName, bool Visible);
