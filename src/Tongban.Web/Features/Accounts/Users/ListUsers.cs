using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>One staff account as administrators see it; no password or key material.</summary>
public record UserDetail(
    string Id, string UserName, string DisplayName, string[] Roles, string[] RoleTitles, int AreaId, string AreaName,
    bool TwoFactorEnabled, bool LockedOut, DateTimeOffset? LockoutEnd, int AccessFailedCount, DateTimeOffset CreatedAt, bool Disabled,
    int OpenAppeals);

public sealed record UserPage(int Total, int Page, int PageSize, IReadOnlyList<UserDetail> Items);

/// <summary>Lists the accounts inside the caller's scope, by user name, with roles and the scope area's name.</summary>
public static class ListUsers
{
    public const int PageSize = 50;

    public static async Task<UserPage> HandleAsync(AppDbContext db, ICurrentUser me, TimeProvider clock, string? search, int page, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().VisibleTo(me);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(u => u.UserName!.Contains(text) || u.DisplayName.Contains(text));
        }
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var users = await query.OrderBy(u => u.UserName).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var details = await DescribeAsync(db, clock, users, ct);
        return new UserPage(total, page, PageSize, details);
    }

    /// <summary>Adds roles and area names with two queries for the whole page, not one per user.</summary>
    public static async Task<List<UserDetail>> DescribeAsync(AppDbContext db, TimeProvider clock, IReadOnlyList<StaffUser> users, CancellationToken ct)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var areaIds = users.Select(u => u.AreaId).Distinct().ToList();
        var areas = await db.Areas.Where(a => areaIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        // 在办诉求: open appeals with an open assignment to the person (what disabling them would hand back).
        var inHand = await db.Appeals.IgnoreQueryFilters().Where(Appeals.AppealDeadlines.Open())
            .SelectMany(a => a.Assignments.Where(x => x.EndedAt == null && x.AssigneeUserId != null && ids.Contains(x.AssigneeUserId)))
            .GroupBy(x => x.AssigneeUserId!).Select(g => new { g.Key, Count = g.Select(x => x.AppealId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var now = clock.GetUtcNow();
        return users.Select(u =>
        {
            var userRoles = roles.Where(r => r.UserId == u.Id && r.Name is not null).Select(r => r.Name!)
                .OrderBy(r => Array.IndexOf(Infrastructure.Roles.All, r)).ToArray();
            return new UserDetail(u.Id, u.UserName ?? "", u.DisplayName, userRoles, [.. userRoles.Select(Infrastructure.Roles.Title)],
                u.AreaId, areas.GetValueOrDefault(u.AreaId, "（区域已不存在）"), u.TwoFactorEnabled,
                // A disabled account is not "locked until 9999": it is shown and handled as disabled.
                !DisableUser.IsDisabled(u.LockoutEnd) && u.LockoutEnd is { } end && end > now,
                !DisableUser.IsDisabled(u.LockoutEnd) && u.LockoutEnd is { } e && e > now ? e : null, u.AccessFailedCount, u.CreatedAt,
                DisableUser.IsDisabled(u.LockoutEnd), inHand.GetValueOrDefault(u.Id));
        }).ToList();
    }

    /// <summary>One account inside the caller's scope; 403 (logged) if it exists elsewhere, 404 if not at all.</summary>
    public static async Task<StaffUser> FindAsync(AppDbContext db, ICurrentUser me, AuditLog audit, string id, CancellationToken ct)
    {
        var user = await db.Users.VisibleTo(me).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is not null) return user;
        var elsewhere = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.AreaPath }).FirstOrDefaultAsync(ct);
        if (elsewhere is null) throw new NotFoundException("没有找到该账户。");
        throw await audit.OutsideScopeAsync("StaffUser", id, elsewhere.AreaPath, ct);
    }
}
