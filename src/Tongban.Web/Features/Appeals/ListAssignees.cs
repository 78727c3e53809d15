using Tongban.Web.Features.Accounts.Users;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record AssigneeOption(AssigneeKind Kind, string KindName, string Name, string? UserId, int? DepartmentId, string? Note);

/// <param name="Current">On a transfer, the unit that leads the appeal now (also marked 当前承办 in its note).</param>
public sealed record AssigneeOptions(AppealTier Tier, bool DepartmentsAllowed, IReadOnlyList<AssigneeOption> Options, AssigneeOption? Current = null)
{
    /// <summary>
    /// The choice made for the dispatcher: on a transfer the unit that leads now, so adding or dropping summoned
    /// departments (调整协办单位) needs no lead picked again; on a first dispatch only when there is nothing to choose
    /// between. With several candidates none is ticked, since a first one ticked in advance sent the appeal to whoever
    /// happened to be listed first. Sending the current lead back unchanged is refused (无需改派), so a transfer meant
    /// but not chosen goes nowhere.
    /// </summary>
    public AssigneeOption? Preselected => Current ?? (Options.Count == 1 ? Options[0] : null);
}

/// <summary>
/// Who an appeal can be sent to now: grid workers within the caller's scope (those of the appeal's own grid first),
/// the compound's property company, the community team, and — from the street tier up — departments serving the area.
/// </summary>
public sealed class ListAssignees(AppealWorkflow workflow, ManageDepartments departments)
{
    public async Task<AssigneeOptions> HandleAsync(long appealId, CancellationToken ct)
    {
        var db = workflow.Db;
        var appeal = await workflow.LoadAsync(appealId, ct);
        var options = new List<AssigneeOption>();
        var scope = workflow.User.ScopePath;
        var workers = await (from u in db.Users.NotDisabled()
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where r.Name == Roles.GridWorker
                             select new { u.Id, u.DisplayName, u.UserName, u.AreaPath }).ToListAsync(ct);
        var communityPath = string.Concat(appeal.AreaPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(s => s + "/"));
        options.AddRange(workers
            .Where(w => AreaPaths.Contains(scope, w.AreaPath) && w.AreaPath.StartsWith(communityPath, StringComparison.Ordinal))
            .OrderBy(w => appeal.AreaPath.StartsWith(w.AreaPath, StringComparison.Ordinal) ? 0 : 1).ThenBy(w => w.AreaPath, StringComparer.Ordinal)
            .Select(w => new AssigneeOption(AssigneeKind.GridWorker, AppealNames.Of(AssigneeKind.GridWorker),
                string.IsNullOrWhiteSpace(w.DisplayName) ? w.UserName ?? "" : w.DisplayName, w.Id, null,
                appeal.AreaPath.StartsWith(w.AreaPath, StringComparison.Ordinal) ? "本网格" : null)));
        if (appeal.BuildingId is { } buildingId
            && await db.Buildings.IgnoreQueryFilters().Where(b => b.Id == buildingId).Select(b => b.Compound!.PropertyCompany).FirstOrDefaultAsync(ct) is { Length: > 0 } company)
            options.Add(new AssigneeOption(AssigneeKind.PropertyCompany, AppealNames.Of(AssigneeKind.PropertyCompany), company, null, null, "小区物业"));
        if (appeal.CommunityId is { } communityId
            && await db.Areas.IgnoreQueryFilters().Where(a => a.Id == communityId).Select(a => a.Name).FirstOrDefaultAsync(ct) is { } community)
            options.Add(new AssigneeOption(AssigneeKind.CommunityTeam, AppealNames.Of(AssigneeKind.CommunityTeam), community + "工作组", null, null, null));
        var departmentsAllowed = appeal.Tier != AppealTier.Community;
        if (departmentsAllowed)
            options.AddRange((await departments.ListAsync(activeOnly: true, ct))
                .Where(d => appeal.AreaPath.StartsWith(d.AreaPath, StringComparison.Ordinal))
                .Select(d => new AssigneeOption(AssigneeKind.Department, AppealNames.Of(AssigneeKind.Department), d.Name, d.LiaisonUserId, d.Id, d.AreaName)));
        // On a transfer the unit that has the appeal is named and chosen in advance: the dispatcher picks another to hand
        // it over, or keeps it and only changes the summoned departments.
        var current = appeal.Assignments.FirstOrDefault(a => a.IsLead && a.EndedAt is null);
        if (current is null) return new AssigneeOptions(appeal.Tier, departmentsAllowed, options);
        options = options.Select(o => IsCurrent(o, current) ? o with { Note = o.Note is null ? "当前承办" : $"{o.Note} · 当前承办" } : o).ToList();
        return new AssigneeOptions(appeal.Tier, departmentsAllowed, options, options.FirstOrDefault(o => IsCurrent(o, current)));
    }

    private static bool IsCurrent(AssigneeOption o, AppealAssignment current) => o.Kind == current.AssigneeKind && o.Kind switch
    {
        AssigneeKind.GridWorker => o.UserId == current.AssigneeUserId,
        AssigneeKind.Department => o.DepartmentId == current.DepartmentId,
        _ => o.Name == current.AssigneeName,
    };
}
