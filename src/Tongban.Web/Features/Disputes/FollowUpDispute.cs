using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record ScheduleVisitRequest(DateOnly? PlannedOn);
public sealed record RecordVisitRequest(DateOnly? VisitedOn, PerformanceStatus? Performance, string? Note, string? VisitedWith);
public sealed record JudicialApplicationRequest(DateOnly? AppliedOn, string? Court);
public sealed record JudicialResultRequest(bool? Confirmed, DateOnly? ResultOn, string? Note);
public sealed record CloseDisputeRequest(string? Note);

/// <summary>回访 and after: visits that check performance (Art. 31), judicial confirmation (Art. 33), closing.</summary>
public sealed class FollowUpDispute(DisputeWorkflow workflow)
{
    public Task ScheduleVisitAsync(long id, ScheduleVisitRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if (r.PlannedOn is null) throw new ValidationFailedException("plannedOn", "请填写回访日期");
        c.ScheduleVisit(r.PlannedOn.Value, workflow.Today, actor, workflow.Now);
    }, ct);

    public Task RecordVisitAsync(long id, RecordVisitRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        var v = new Validation();
        v.Require(r.VisitedOn is not null, "visitedOn", "请填写回访日期");
        v.Require(r.Performance is null || Enum.IsDefined(r.Performance.Value), "performance", "请选择协议履行情况");
        v.Require((r.Note?.Length ?? 0) <= 2000, "note", "回访情况不能超过2000字");
        v.Require((r.VisitedWith?.Length ?? 0) <= 200, "visitedWith", "回访对象不能超过200字");
        v.ThrowIfInvalid();
        c.RecordVisit(r.VisitedOn!.Value, r.Performance, r.Note, r.VisitedWith, workflow.Today, actor, workflow.Now);
    }, ct);

    public Task ApplyJudicialAsync(long id, JudicialApplicationRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if (r.AppliedOn is null) throw new ValidationFailedException("appliedOn", "请填写申请日期");
        if ((r.Court?.Length ?? 0) > 100) throw new ValidationFailedException("court", "法院名称不能超过100字");
        c.ApplyForJudicialConfirmation(r.AppliedOn.Value, r.Court, workflow.Today, actor, workflow.Now);
    }, ct);

    public Task RecordJudicialResultAsync(long id, JudicialResultRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        var v = new Validation();
        v.Require(r.Confirmed is not null, "confirmed", "请选择法院裁定结果");
        v.Require(r.ResultOn is not null, "resultOn", "请填写裁定日期");
        v.Require((r.Note?.Length ?? 0) <= 1000, "note", "说明不能超过1000字");
        v.ThrowIfInvalid();
        c.RecordJudicialResult(r.Confirmed!.Value, r.ResultOn!.Value, r.Note, workflow.Today, actor, workflow.Now);
    }, ct);

    public Task CloseAsync(long id, CloseDisputeRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if ((r.Note?.Length ?? 0) > 1000) throw new ValidationFailedException("note", "结案说明不能超过1000字");
        c.Close(r.Note, actor, workflow.Now);
    }, ct);

    private async Task ActAsync(long id, Action<DisputeCase, DisputeActor> act, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureCanMediate(c);
        act(c, await workflow.ActorAsync(ct));
        await workflow.SaveAsync(ct);
    }
}

public sealed record EscalateDisputeRequest(string? Reason);
public sealed record SummonDepartmentsRequest(IReadOnlyList<int>? DepartmentIds, DateTimeOffset? SessionAt, string? Place, string? Note);

/// <summary>升级 and 吹哨: up a tier with a note; the centre summons departments to a joint session, each acknowledges.</summary>
public sealed class EscalateDispute(DisputeWorkflow workflow)
{
    public async Task EscalateAsync(long id, EscalateDisputeRequest r, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        // The case's own mediators, or managers at the rung that owns it: the rung below cannot send a street case further up.
        workflow.EnsureCanMediate(c);
        if ((r.Reason?.Length ?? 0) > 1000) throw new ValidationFailedException("reason", "原因不能超过1000字");
        var actor = await workflow.ActorAsync(ct);
        c.Escalate(r.Reason, actor, workflow.Now);
        var centre = await workflow.UsersAboveAsync(c.AreaPath, [Roles.Centre], ct);
        var depth = c.Tier == MediationTier.Street ? 2 : 1;
        var segments = c.AreaPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var level = string.Concat(segments.Take(depth).Select(s => s + "/"));
        var owners = await workflow.UsersAboveAsync(c.AreaPath, [Roles.Centre, Roles.Admin], ct);
        var atTier = await workflow.Db.Users.Where(u => owners.Contains(u.Id) && u.AreaPath == level).Select(u => u.Id).ToListAsync(ct);
        await workflow.NotifyAsync(atTier.Count > 0 ? atTier : centre, $"调解案件 {c.Number}（{c.Title}）升级至{c.TierName}，请指派调解员", c.Id, $"dispute:{c.Id}:escalate:{c.Tier}", ct);
        await workflow.SaveAsync(ct);
    }

    public async Task SummonAsync(long id, SummonDepartmentsRequest r, CancellationToken ct)
    {
        workflow.EnsureCan(DisputePermissions.Summon, "吹哨召集职能部门（由街道或区综治中心发起）");
        var c = await workflow.LoadAsync(id, ct);
        var ids = (r.DepartmentIds ?? []).Distinct().ToList();
        var v = new Validation();
        v.Require(r.SessionAt is not null, "sessionAt", "请填写联合调解时间");
        v.Require((r.Place?.Length ?? 0) <= 200, "place", "地点不能超过200字");
        v.Require((r.Note?.Length ?? 0) <= 500, "note", "说明不能超过500字");
        var departments = await workflow.Db.Departments.IgnoreQueryFilters().Where(d => ids.Contains(d.Id) && d.IsActive)
            .Select(d => new { d.Id, d.Name, d.LiaisonUserId }).ToListAsync(ct);
        if (departments.Count != ids.Count) v.Add("departmentIds", "所选部门中有不存在或已停用的部门");
        v.ThrowIfInvalid();
        var actor = await workflow.ActorAsync(ct);
        c.Summon(departments.Select(d => new DisputeSummons
        {
            DepartmentId = d.Id, DepartmentName = d.Name, SessionAt = r.SessionAt!.Value.ToUniversalTime(), Place = r.Place?.Trim() ?? "", Note = r.Note?.Trim(),
        }).ToList(), actor, workflow.Now);
        await workflow.NotifyAsync(departments.Select(d => d.LiaisonUserId),
            $"【吹哨报到】{c.TierName}召集贵单位于{r.SessionAt!.Value.Show()}在{r.Place}参加调解案件 {c.Number}（{c.Title}）的联合调解，请报到", c.Id,
            $"dispute:{c.Id}:summon:{r.SessionAt.Value.ToUnixTimeSeconds()}", ct);
        await workflow.SaveAsync(ct);
    }

    /// <summary>
    /// 报到: the department's liaison acknowledges a summons; the centre records it only for a department without a
    /// liaison account (as on appeals: nobody reports in the name of a department that can do it itself).
    /// </summary>
    public async Task AcknowledgeAsync(long id, long summonsId, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        var summons = c.Summonses.FirstOrDefault(s => s.Id == summonsId) ?? throw new NotFoundException("找不到这次召集。");
        var mine = (await workflow.MyDepartmentsAsync(ct)).Contains(summons.DepartmentId);
        if (!mine && !(DisputePermissions.Has(workflow.User, DisputePermissions.Summon) && await workflow.HasNoLiaisonAsync(summons.DepartmentId, ct)))
            throw new OutsideScopeException($"只有{summons.DepartmentName}的联络员才能报到。");
        c.AcknowledgeSummons(summons, await workflow.ActorAsync(ct), workflow.Now);
        await workflow.SaveAsync(ct);
    }
}
