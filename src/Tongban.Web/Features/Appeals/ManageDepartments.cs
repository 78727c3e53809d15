using Tongban.Web.Features.Accounts.Users;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>A department serves an area (usually the district); its liaison account acknowledges summons for it.</summary>
public sealed record DepartmentInput(string? Name, int? AreaId, string? Contact = null, string? LiaisonUserName = null, bool IsActive = true);

/// <summary>A department as listed; <paramref name="LiaisonDisabled"/> when its liaison's account has been disabled (nobody can 报到 for it).</summary>
public sealed record DepartmentView(int Id, string Name, string AreaPath, string? AreaName, string? Contact, string? LiaisonUserId, string? LiaisonUserName,
    bool IsActive, bool LiaisonDisabled = false);

/// <summary>职能部门 that centres summon (吹哨). Staff see the departments serving their area (above it or within it).</summary>
public sealed class ManageDepartments(AppDbContext db, ICurrentUser user, ActorCache actors, AppealNotifier notifier, TimeProvider clock)
{
    /// <summary>Departments that serve the caller's area: those whose area contains it and those inside it.</summary>
    public async Task<IReadOnlyList<DepartmentView>> ListAsync(bool activeOnly, CancellationToken ct)
    {
        var rows = await db.Departments.IgnoreQueryFilters().AsNoTracking().Where(d => !activeOnly || d.IsActive).OrderBy(d => d.Id).ToListAsync(ct);
        var scope = user.ScopePath;
        rows = rows.Where(d => scope is null || scope.StartsWith(d.AreaPath, StringComparison.Ordinal) || d.AreaPath.StartsWith(scope, StringComparison.Ordinal)).ToList();
        return await ViewsAsync(rows, ct);
    }

    public async Task<DepartmentView> CreateAsync(DepartmentInput input, CancellationToken ct)
    {
        var department = new Department();
        await ApplyAsync(department, input, ct);
        db.Departments.Add(department);
        await db.SaveChangesAsync(ct);
        actors.ForgetAll(); // a liaison now acts for another unit
        return (await ViewsAsync([department], ct))[0];
    }

    public async Task<DepartmentView> UpdateAsync(int id, DepartmentInput input, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的部门，或不在您的管辖范围内。");
        var before = department.LiaisonUserId;
        await ApplyAsync(department, input, ct);
        if (before != department.LiaisonUserId) await TellHandoverAsync(department, before, ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            // A new liaison takes over the department's appeals, open and past: a department's assignment is read and
            // worked through its liaison account of record. The account that left loses sight of them (it no longer
            // needs the residents' details); the timeline keeps who did what.
            if (before != department.LiaisonUserId)
                await db.AppealAssignments.Where(a => a.DepartmentId == department.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.AssigneeUserId, department.LiaisonUserId), ct);
            await transaction.CommitAsync(ct);
        }
        actors.ForgetAll(); // a liaison now acts for another unit
        return (await ViewsAsync([department], ct))[0];
    }

    /// <summary>
    /// The new liaison learns what waits for them, the one who left that the department's appeals are no longer
    /// theirs (their links to them now answer 403). Added to the same save as the change.
    /// </summary>
    private async Task TellHandoverAsync(Department department, string? leaving, CancellationToken ct)
    {
        var open = await db.Appeals.IgnoreQueryFilters().InHandOfDepartment(department.Id).CountAsync(ct);
        var successor = department.LiaisonUserId is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct)
            : null;
        var key = $"liaison:{department.Id}:{clock.GetUtcNow().ToUnixTimeMilliseconds()}";
        if (department.LiaisonUserId is { } arriving)
            await notifier.NotifyAsync([arriving],
                $"您已成为{department.Name}的联络员，本部门承办的诉求已交给您{(open > 0 ? $"，其中{open}件正在承办，请及时签收、报到和反馈" : "")}。",
                "/Appeals?queue=mine", key + ":in", ct);
        if (leaving is not null)
            await notifier.NotifyAsync([leaving],
                $"您已不再是{department.Name}的联络员，本部门承办的诉求已交给{successor ?? "下一位联络员"}，您无需继续办理。",
                "/Appeals", key + ":out", ct);
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的部门，或不在您的管辖范围内。");
        if (await db.AppealAssignments.AnyAsync(a => a.DepartmentId == id, ct))
            throw new DomainException($"“{department.Name}”已承办过诉求，不能删除；如已撤并，请将其停用。");
        db.Departments.Remove(department);
        await db.SaveChangesAsync(ct);
        actors.ForgetAll(); // a liaison now acts for another unit
    }

    private async Task ApplyAsync(Department department, DepartmentInput input, CancellationToken ct)
    {
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length is > 0 and <= 60, "name", "请填写部门名称（最多60字）");
        v.Require((input.Contact?.Length ?? 0) <= 100, "contact", "联系方式最多100字");
        var area = input.AreaId is { } areaId ? await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Id == areaId, ct) : null;
        if (area is null) v.Add("areaId", "请选择部门服务的区域（您管辖范围内的区或街道）");
        else if (area.Level > Places.AreaLevel.Street) v.Add("areaId", "职能部门应服务区或街道一级");
        string? liaisonId = null;
        if (!string.IsNullOrWhiteSpace(input.LiaisonUserName))
        {
            var normalized = input.LiaisonUserName.Trim().ToUpperInvariant();
            liaisonId = await LiaisonAccounts().Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (liaisonId is null) v.Add("liaisonUserName", "找不到该联络员账户（需为“职能部门联络员”角色，且没有停用）");
            else if (await db.Departments.IgnoreQueryFilters().AnyAsync(d => d.LiaisonUserId == liaisonId && d.Id != department.Id, ct))
                v.Add("liaisonUserName", "该账户已是其他部门的联络员");
        }
        v.ThrowIfInvalid();
        department.Name = name;
        department.AreaPath = area!.AreaPath;
        department.Contact = string.IsNullOrWhiteSpace(input.Contact) ? null : input.Contact.Trim();
        department.LiaisonUserId = liaisonId;
        department.IsActive = input.IsActive;
    }

    /// <summary>Accounts in the liaison role (职能部门联络员) that are not disabled, the only ones a department may name.</summary>
    private IQueryable<Accounts.StaffUser> LiaisonAccounts() =>
        from u in db.Users.NotDisabled()
        join ur in db.UserRoles on u.Id equals ur.UserId
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == Roles.DepartmentLiaison
        select u;

    /// <summary>The liaison accounts of the caller's area (its district and what lies within), for choosing one.</summary>
    public async Task<IReadOnlyList<(string UserName, string DisplayName)>> LiaisonChoicesAsync(CancellationToken ct) =>
        (await LiaisonAccounts().OrderBy(u => u.UserName).Select(u => new { u.UserName, u.DisplayName, u.AreaPath }).ToListAsync(ct))
            .Where(u => user.ScopePath is not { } scope || (u.AreaPath ?? "").StartsWith(scope, StringComparison.Ordinal) || scope.StartsWith(u.AreaPath ?? "~", StringComparison.Ordinal))
            .Select(u => (u.UserName ?? "", u.DisplayName ?? "")).ToList();

    private async Task<List<DepartmentView>> ViewsAsync(IReadOnlyList<Department> rows, CancellationToken ct)
    {
        var paths = rows.Select(r => r.AreaPath).Distinct().ToList();
        var areas = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => paths.Contains(a.AreaPath)).ToDictionaryAsync(a => a.AreaPath, a => a.Name, ct);
        var liaisons = rows.Where(r => r.LiaisonUserId != null).Select(r => r.LiaisonUserId!).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => liaisons.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.LockoutEnd }).ToListAsync(ct);
        var names = accounts.ToDictionary(u => u.Id, u => u.UserName ?? "");
        var disabled = accounts.Where(u => Accounts.Users.DisableUser.IsDisabled(u.LockoutEnd)).Select(u => u.Id).ToHashSet();
        return rows.Select(d => new DepartmentView(d.Id, d.Name, d.AreaPath, areas.GetValueOrDefault(d.AreaPath), d.Contact, d.LiaisonUserId,
            d.LiaisonUserId is { } l ? names.GetValueOrDefault(l) : null, d.IsActive, d.LiaisonUserId is { } x && disabled.Contains(x))).ToList();
    }
}
