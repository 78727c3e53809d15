using Tongban.Web.Features.Accounts.Users;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Who to send the appeal to. GridWorker needs UserId; Department needs DepartmentId; PropertyCompany defaults to the
/// compound's company and CommunityTeam to the community's team when Name is empty.
/// </summary>
public sealed record AssigneeInput(AssigneeKind? Kind, string? UserId = null, int? DepartmentId = null, string? Name = null);

/// <summary>派单/改派/吹哨: a lead unit, optionally departments summoned alongside it, and a reason when it is a transfer.</summary>
public sealed record DispatchAppealRequest(AssigneeInput? Lead, IReadOnlyList<AssigneeInput>? Supporting = null, string? Reason = null);

/// <summary>
/// Dispatch (first time), transfer (with a reason) and the centre's summons (吹哨): one lead unit (牵头单位) and any
/// number of summoned departments, each of which must acknowledge (报到) within the rule's limit.
/// </summary>
public sealed class DispatchAppeal(AppealWorkflow workflow, TimeLimitPolicy limits)
{
    public const int MaxSupporting = 10;

    /// <summary>How much of the dispatcher's note the new handler's notice quotes; the whole note is on the timeline.</summary>
    public const int NoteInNotice = 80;

    /// <summary>Dispatches, transfers or, when the lead stays, adjusts the summoned departments (see <see cref="DispatchOutcome.LeadKept"/>).</summary>
    public async Task<DispatchOutcome> HandleAsync(long id, DispatchAppealRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("派单");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "派单");
        var outcome = await DispatchLoadedAsync(appeal, request, ct);
        await workflow.SaveAsync(ct);
        return outcome;
    }

    /// <summary>Dispatches an appeal already loaded in this unit of work (bulk dispatch uses it for each appeal).</summary>
    internal async Task<DispatchOutcome> DispatchLoadedAsync(Appeal appeal, DispatchAppealRequest request, CancellationToken ct)
    {
        var v = new Validation();
        if (request.Lead is null) v.Add("lead", "请选择承办单位（牵头单位）");
        var supportingInput = request.Supporting ?? [];
        if (supportingInput.Count > MaxSupporting) v.Add("supporting", $"一次最多召集{MaxSupporting}个部门");
        if ((request.Reason?.Length ?? 0) > 500) v.Add("reason", "理由不能超过500字");
        v.ThrowIfInvalid();

        var now = workflow.Now;
        var rule = await limits.RuleAsync(appeal.CategoryId, appeal.Urgency, ct);
        var acknowledgeDue = now.AddHours(rule.AcknowledgeHours);
        var lead = await BuildAsync(appeal, request.Lead!, "lead", acknowledgeDue, v, ct);
        var supporting = new List<AppealAssignment>();
        for (var i = 0; i < supportingInput.Count; i++)
        {
            var input = supportingInput[i];
            if (input.Kind != AssigneeKind.Department)
            {
                v.Add($"supporting[{i}]", "吹哨只能召集职能部门，其他单位请作为牵头单位派单");
                continue;
            }
            if (await BuildAsync(appeal, input, $"supporting[{i}]", acknowledgeDue, v, ct) is { } s) supporting.Add(s);
        }
        v.ThrowIfInvalid();
        var departments = supporting.Select(s => s.DepartmentId).Append(lead!.DepartmentId).Where(d => d is not null).ToList();
        if (lead.DepartmentId is { } leadDepartment && supporting.Any(s => s.DepartmentId == leadDepartment))
            throw new ValidationFailedException("supporting", $"{lead.AssigneeName}已是牵头单位，请在“同时召集的部门”中取消勾选它");
        if (departments.Count != departments.Distinct().Count()) throw new ValidationFailedException("supporting", "同一个部门不能重复召集");
        if ((lead.AssigneeKind == AssigneeKind.Department || supporting.Count > 0) && appeal.Tier == AppealTier.Community)
            throw new DomainException("社区不能直接向职能部门派单或吹哨召集部门，请先把诉求升级至街道综治中心，由中心吹哨、部门报到。");

        var actor = await workflow.ActorAsync(ct);
        var transfer = appeal.State is not AppealState.Accepted;
        var outcome = appeal.Dispatch(lead, supporting, actor, now, request.Reason);
        // What the dispatcher typed (请带梯子上门, why it was moved) is for the new handler to read before going out, so
        // it is in the notice too, not only on the timeline. The notice is staff-only; the resident's text messages and
        // tracking page never carry the dispatch note.
        var said = AppealNotifier.Brief(request.Reason, NoteInNotice);
        if (outcome.LeadKept)
        {
            await NotifySupportChangedAsync(appeal, outcome, now, said, ct);
            return outcome;
        }
        var kept = outcome.Kept;
        var keptDepartments = kept.Select(k => k.DepartmentId).ToHashSet();

        var all = supporting.Prepend(lead).ToList();
        var asked = all.Where(a => a.IsLead || !keptDepartments.Contains(a.DepartmentId)).ToList();
        var note = said.Length == 0 ? "" : $"。{(transfer ? "改派理由" : "说明")}：{said}";
        var text = $"新派单：{appeal.Number}「{appeal.Title}」{(supporting.Count > 0 ? "（吹哨召集）" : "")}，请于 {acknowledgeDue.ShowDeadline()} 前签收/报到{note}";
        var key = $"dispatch:{appeal.Id}:{appeal.Version}";
        await workflow.Notifier.NotifyAsync(await workflow.Notifier.AssigneeUsersAsync(asked, ct), text, AppealNotifier.LinkTo(appeal), key, ct);
        // A department kept on the case is told who leads now, and that a 报到 it made stands.
        foreach (var k in kept)
            await workflow.Notifier.NotifyAsync(await workflow.Notifier.AssigneeUsersAsync([k], ct),
                $"诉求 {appeal.Number}「{appeal.Title}」已改派，牵头单位为{lead.AssigneeName}；{k.AssigneeName}继续协办"
                + (k.AcknowledgedAt is not null ? "，已报到，无需重新报到" : $"，请于 {k.AcknowledgeDueAt.ShowDeadline()} 前报到") + note,
                AppealNotifier.LinkTo(appeal), key, ct);
        var assignees = await workflow.Notifier.AssigneeUsersAsync(all, ct);
        await workflow.Notifier.NotifyRelievedAsync(appeal, now, $"已改派给{lead.AssigneeName}（理由：{request.Reason?.Trim()}）", assignees, ct);
        if (all.Any(a => a.AssigneeUserId is null && a.DepartmentId is null))
            await workflow.Notifier.NotifyOwnersAsync(appeal, $"诉求 {appeal.Number} 已派给{lead.AssigneeName}（无系统账号），请联系对方并代为登记签收和办理结果。", key, ct);
        return outcome;
    }

    /// <summary>
    /// 调整协办单位 tells only those who must act: the departments newly summoned (报到), the ones taken off (stop work)
    /// and the lead, which runs the joint work with them but signs nothing again. Departments that stay are not told.
    /// </summary>
    private async Task NotifySupportChangedAsync(Appeal appeal, DispatchOutcome outcome, DateTimeOffset now, string said, CancellationToken ct)
    {
        var notifier = workflow.Notifier;
        var leading = appeal.Assignments.Single(a => a.IsLead && a.EndedAt is null);
        var key = $"support:{appeal.Id}:{appeal.Version}";
        var link = AppealNotifier.LinkTo(appeal);
        var why = $"。理由：{said}";
        foreach (var added in outcome.Added)
            await notifier.NotifyAsync(await notifier.AssigneeUsersAsync([added], ct),
                $"吹哨召集：{appeal.Number}「{appeal.Title}」由{leading.AssigneeName}牵头，请{added.AssigneeName}于 {added.AcknowledgeDueAt.ShowDeadline()} 前报到并协同办理{why}", link, key, ct);
        var removed = appeal.AssignmentsEndedAt(now).Select(r => r.AssigneeName).ToList();
        var change = string.Join("；", outcome.Added.Select(a => $"新召集{a.AssigneeName}").Concat(removed.Select(r => $"{r}不再协办")));
        await notifier.NotifyAsync(await notifier.AssigneeUsersAsync([leading], ct),
            $"诉求 {appeal.Number}「{appeal.Title}」协办单位已调整：{change}。贵单位继续牵头，无需重新签收，办理状态不变{why}", link, key, ct);
        var stillOn = await notifier.AssigneeUsersAsync(appeal.Assignments.Where(a => a.EndedAt is null), ct);
        await notifier.NotifyRelievedAsync(appeal, now, $"已调整协办单位，{leading.AssigneeName}继续牵头（理由：{said}）", stillOn, ct);
        if (outcome.Added.Any(a => a.AssigneeUserId is null))
            await notifier.NotifyOwnersAsync(appeal, $"诉求 {appeal.Number} 新召集的{string.Join("、", outcome.Added.Where(a => a.AssigneeUserId is null).Select(a => a.AssigneeName))}没有系统账号，请联系对方并代为登记报到。", key, ct);
    }

    private async Task<AppealAssignment?> BuildAsync(Appeal appeal, AssigneeInput input, string field, DateTimeOffset acknowledgeDue, Validation v, CancellationToken ct)
    {
        var db = workflow.Db;
        var assignment = new AppealAssignment
        {
            AssigneeKind = input.Kind ?? 0, Tier = appeal.Tier, AcknowledgeDueAt = acknowledgeDue, AreaPath = appeal.AreaPath,
        };
        var name = input.Name?.Trim();
        if (name is { Length: > 100 }) { v.Add($"{field}.name", "单位名称不能超过100字"); return null; }
        switch (input.Kind)
        {
            case AssigneeKind.GridWorker:
                var scope = workflow.User.ScopePath;
                var worker = string.IsNullOrWhiteSpace(input.UserId) ? null : await (
                    from u in db.Users
                    join ur in db.UserRoles on u.Id equals ur.UserId
                    join r in db.Roles on ur.RoleId equals r.Id
                    where u.Id == input.UserId && r.Name == Roles.GridWorker
                    select new { u.Id, u.DisplayName, u.UserName, u.AreaPath, u.LockoutEnd }).FirstOrDefaultAsync(ct);
                if (worker is null || !AreaPaths.Contains(scope, worker.AreaPath))
                {
                    v.Add($"{field}.userId", "请选择您管辖范围内的网格员");
                    return null;
                }
                if (Accounts.Users.DisableUser.IsDisabled(worker.LockoutEnd))
                {
                    v.Add($"{field}.userId", $"{worker.DisplayName}的账户已停用，请派给接替的网格员");
                    return null;
                }
                assignment.AssigneeUserId = worker.Id;
                assignment.AssigneeName = string.IsNullOrWhiteSpace(worker.DisplayName) ? worker.UserName ?? "网格员" : worker.DisplayName;
                return assignment;
            case AssigneeKind.PropertyCompany:
                if (string.IsNullOrEmpty(name) && appeal.BuildingId is { } buildingId)
                    name = await db.Buildings.IgnoreQueryFilters().Where(b => b.Id == buildingId).Select(b => b.Compound!.PropertyCompany).FirstOrDefaultAsync(ct);
                if (string.IsNullOrWhiteSpace(name))
                {
                    v.Add($"{field}.name", "该诉求没有关联有物业的小区，请填写物业公司名称");
                    return null;
                }
                assignment.AssigneeName = name;
                return assignment;
            case AssigneeKind.CommunityTeam:
                if (string.IsNullOrEmpty(name) && appeal.CommunityId is { } communityId)
                    name = await db.Areas.IgnoreQueryFilters().Where(a => a.Id == communityId).Select(a => a.Name + "工作组").FirstOrDefaultAsync(ct);
                if (string.IsNullOrWhiteSpace(name))
                {
                    v.Add($"{field}.name", "请填写社区工作组名称");
                    return null;
                }
                assignment.AssigneeName = name;
                return assignment;
            case AssigneeKind.Department:
                var department = input.DepartmentId is { } departmentId
                    ? await db.Departments.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId && d.IsActive, ct)
                    : null;
                if (department is null || !appeal.AreaPath.StartsWith(department.AreaPath, StringComparison.Ordinal))
                {
                    v.Add($"{field}.departmentId", "请选择服务本辖区的职能部门");
                    return null;
                }
                if (department.LiaisonUserId is { } liaison
                    && await db.Users.Disabled().AnyAsync(u => u.Id == liaison, ct))
                {
                    v.Add($"{field}.departmentId", $"{department.Name}的联络员账户已停用，没有人能报到；请先在“诉求设置 · 职能部门”中更换联络员");
                    return null;
                }
                assignment.DepartmentId = department.Id;
                assignment.AssigneeUserId = department.LiaisonUserId;
                assignment.AssigneeName = department.Name;
                return assignment;
            case AssigneeKind.StreetCentre or AssigneeKind.DistrictCentre:
                v.Add($"{field}.kind", "交给街道或区综治中心请使用“升级”");
                return null;
            default:
                v.Add($"{field}.kind", "请选择承办单位类型：网格员、物业公司、社区工作组或职能部门");
                return null;
        }
    }
}
