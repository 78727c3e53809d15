using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Home;

public sealed record AreaInfo(int Id, string Name, AreaLevel Level, string Path, int? ParentId);

public sealed record AreaCounts(AreaInfo Area, int Compounds, int Buildings, int Households, int Residents);

public sealed record TagCount(string Code, string Name, bool IsSensitive, int Residents);

public sealed record BuildingLink(int Id, string Name, string Compound);

public sealed record GridWork(AreaInfo Grid, int Residents, IReadOnlyList<BuildingLink> Buildings);

public sealed record RecentChange(long Id, DateTimeOffset At, string UserName, string Action, string EntityType, string EntityId, string? Before, string? After);

/// <summary>What one person's home page shows; a section is null when their roles have no use for it.</summary>
public sealed record Workbench(
    AreaInfo? Scope,
    string ScopeTrail,
    IReadOnlyList<GridWork>? Grids,
    AreaCounts? Totals,
    IReadOnlyList<TagCount>? Tags,
    IReadOnlyList<AreaCounts>? Communities,
    IReadOnlyList<AreaInfo>? Streets,
    IReadOnlyList<RecentChange>? RecentChanges,
    int? UsersInScope,
    bool OnlyBasicModules);

/// <summary>
/// 工作台: the signed-in person's actual work from real queries inside their scope. Every number is an aggregate
/// (COUNT / GROUP BY in the database), never a count of rows loaded into memory.
/// </summary>
public static class LoadWorkbench
{
    /// <summary>Role memberships come in pairs with their account's entry; the account's entry says enough.</summary>
    private const string RoleMembership = "IdentityUserRole`1";

    private static readonly StringComparer NaturalOrder = ChineseText.NaturalComparer;

    public static async Task<Workbench> HandleAsync(AppDbContext db, ICurrentUser me, int? areaId, CancellationToken ct)
    {
        var scope = areaId is { } id
            ? await db.Areas.AsNoTracking().Where(a => a.Id == id).Select(a => new AreaInfo(a.Id, a.Name, a.Level, a.AreaPath, a.ParentId)).FirstOrDefaultAsync(ct)
            : null;
        var trail = scope is null ? "" : await TrailAsync(db, scope, ct);

        var gridWorker = me.IsInRole(Roles.GridWorker);
        var communityStaff = me.IsInRole(Roles.WindowStaff) || me.IsInRole(Roles.CommunityAdmin);
        var overview = me.IsInRole(Roles.Admin) || me.IsInRole(Roles.Centre);

        var grids = gridWorker ? await GridsAsync(db, ct) : null;
        var totals = communityStaff && scope is not null ? await TotalsAsync(db, scope, ct) : null;
        var tags = (gridWorker || communityStaff || overview) && me.HasPermission(Permissions.PeopleView) ? await TagsAsync(db, ct) : null;
        IReadOnlyList<AreaCounts>? communities = null;
        IReadOnlyList<AreaInfo>? streets = null;
        if (overview)
        {
            communities = await CommunitiesAsync(db, ct);
            streets = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Street).OrderBy(a => a.AreaPath)
                .Select(a => new AreaInfo(a.Id, a.Name, a.Level, a.AreaPath, a.ParentId)).ToListAsync(ct);
        }
        var recent = communityStaff || me.HasPermission(Permissions.AuditView)
            ? await db.AuditEntries.AsNoTracking().VisibleTo(me)
                .Where(a => (a.Action == "create" || a.Action == "update" || a.Action == "delete") && a.EntityType != RoleMembership)
                .OrderByDescending(a => a.Id).Take(8)
                .Select(a => new RecentChange(a.Id, a.At, a.UserName, a.Action, a.EntityType, a.EntityId, a.Before, a.After)).ToListAsync(ct)
            : null;
        int? users = me.HasPermission(Permissions.AccountsManage) ? await db.Users.VisibleTo(me).CountAsync(ct) : null;
        return new Workbench(scope, trail, grids, totals, tags, communities, streets, recent, users,
            OnlyBasicModules: !(gridWorker || communityStaff || overview));
    }

    /// <summary>"清源区 › 一街道 › 一社区": the names above one's own scope are shown to say where one works.</summary>
    private static async Task<string> TrailAsync(AppDbContext db, AreaInfo scope, CancellationToken ct)
    {
        var codes = scope.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Ancestors lie outside the scope by definition; only their names are read.
        var names = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => codes.Contains(a.Code))
            .Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        return string.Join(" › ", codes.Select(c => names.GetValueOrDefault(c, c)));
    }

    private static async Task<List<GridWork>> GridsAsync(AppDbContext db, CancellationToken ct)
    {
        var grids = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid).OrderBy(a => a.AreaPath)
            .Select(a => new AreaInfo(a.Id, a.Name, a.Level, a.AreaPath, a.ParentId)).Take(20).ToListAsync(ct);
        if (grids.Count == 0) return [];
        var gridIds = grids.Select(g => g.Id).ToList();
        var rows = await db.Buildings.AsNoTracking().Where(b => gridIds.Contains(b.GridId))
            .Select(b => new { b.Id, b.Name, b.GridId, b.CompoundId }).ToListAsync(ct);
        var compoundIds = rows.Select(b => b.CompoundId).Distinct().ToList();
        // A compound spans grids and sits at community level, above a grid worker's scope; its name is shown beside their buildings.
        var compounds = await db.Compounds.IgnoreQueryFilters().AsNoTracking().Where(c => compoundIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var buildings = rows.Select(b => new { b.GridId, Link = new BuildingLink(b.Id, b.Name, compounds.GetValueOrDefault(b.CompoundId, "")) })
            .OrderBy(b => b.Link.Compound, NaturalOrder).ThenBy(b => b.Link.Name, NaturalOrder).ToList();
        var residents = await CountByPathAsync(db.Residents, grids[0].Path.Length, ct);
        return [.. grids.Select(g => new GridWork(g, SumUnder(residents, g.Path),
            [.. buildings.Where(b => b.GridId == g.Id).Select(b => b.Link)]))];
    }

    private static async Task<AreaCounts> TotalsAsync(AppDbContext db, AreaInfo scope, CancellationToken ct) =>
        new(scope,
            await db.Compounds.CountAsync(ct),
            await db.Buildings.CountAsync(ct),
            await db.Households.CountAsync(ct),
            await db.Residents.CountAsync(ct));

    /// <summary>Residents per attention tag (独居老人, 残疾人, …) inside the scope, most common first.</summary>
    private static async Task<List<TagCount>> TagsAsync(AppDbContext db, CancellationToken ct)
    {
        var counts = await db.Residents.SelectMany(r => r.Tags).GroupBy(t => t.TagId)
            .Select(g => new { TagId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(c => c.TagId).ToList();
        var tags = await db.Tags.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return [.. counts.Select(c => new TagCount(tags[c.TagId].Code, tags[c.TagId].Name, tags[c.TagId].IsSensitive, c.Count))
            .OrderByDescending(t => t.Residents).ThenBy(t => t.Code, StringComparer.Ordinal)];
    }

    /// <summary>Counts for every community in scope, grouped in the database by the community part of each path.</summary>
    private static async Task<List<AreaCounts>> CommunitiesAsync(AppDbContext db, CancellationToken ct)
    {
        var communities = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.AreaPath)
            .Select(a => new AreaInfo(a.Id, a.Name, a.Level, a.AreaPath, a.ParentId)).ToListAsync(ct);
        var result = new List<AreaCounts>();
        foreach (var length in communities.Select(c => c.Path.Length).Distinct())
        {
            var compounds = await CountByPathAsync(db.Compounds, length, ct);
            var buildings = await CountByPathAsync(db.Buildings, length, ct);
            var households = await CountByPathAsync(db.Households, length, ct);
            var residents = await CountByPathAsync(db.Residents, length, ct);
            result.AddRange(communities.Where(c => c.Path.Length == length).Select(c => new AreaCounts(c,
                compounds.GetValueOrDefault(c.Path), buildings.GetValueOrDefault(c.Path),
                households.GetValueOrDefault(c.Path), residents.GetValueOrDefault(c.Path))));
        }
        return [.. result.OrderBy(c => c.Area.Path, StringComparer.Ordinal)];
    }

    /// <summary>Row counts keyed by the first <paramref name="length"/> characters of the area path.</summary>
    private static async Task<Dictionary<string, int>> CountByPathAsync<T>(IQueryable<T> rows, int length, CancellationToken ct) where T : class, IAreaScoped =>
        await rows.GroupBy(r => r.AreaPath.Substring(0, length)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static int SumUnder(Dictionary<string, int> counts, string path) =>
        counts.Where(c => c.Key.StartsWith(path, StringComparison.Ordinal)).Sum(c => c.Value);

    public static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
