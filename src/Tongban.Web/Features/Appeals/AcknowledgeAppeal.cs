using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>Which dispatch to acknowledge; empty means the caller's own open one (the lead first).</summary>
public sealed record AcknowledgeAppealRequest(long? AssignmentId = null);

/// <summary>
/// 签收/报到: the assignee confirms it has the appeal. The lead's acknowledgement moves the appeal on; a summoned
/// department's is its 报到. Community and centre staff may record it for a unit without an account.
/// </summary>
public sealed class AcknowledgeAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, AcknowledgeAppealRequest request, CancellationToken ct)
    {
        var appeal = await workflow.LoadAsync(id, ct);
        var departments = await workflow.MyDepartmentsAsync(ct);
        var userId = workflow.User.UserId;
        bool Mine(AppealAssignment a) => (userId is not null && a.AssigneeUserId == userId) || (a.DepartmentId is { } d && departments.Contains(d));
        AppealAssignment? target;
        if (request.AssignmentId is { } assignmentId)
        {
            target = appeal.Assignments.FirstOrDefault(a => a.Id == assignmentId)
                ?? throw new NotFoundException($"诉求 {appeal.Number} 没有编号为 {assignmentId} 的派单记录。");
            if (!Mine(target) && !workflow.HandlesAtTier(appeal))
                throw new OutsideScopeException($"这次派单是派给“{target.AssigneeName}”的，您不能代为签收。");
            if (!Mine(target) && await workflow.HasOwnAccountAsync(target, ct))
                throw new OutsideScopeException($"“{target.AssigneeName}”有自己的账户，须由其本人（部门由其联络员）签收或报到，不能代为登记。");
        }
        else
        {
            var open = appeal.Assignments.Where(a => a.EndedAt is null && a.AcknowledgedAt is null).OrderByDescending(a => a.IsLead).ToList();
            target = open.FirstOrDefault(Mine);
            if (target is null && workflow.HandlesAtTier(appeal) && open.FirstOrDefault(a => a.IsLead) is { } lead && !await workflow.HasOwnAccountAsync(lead, ct))
                target = lead;
            if (target is null) throw new DomainException($"诉求 {appeal.Number} 没有等待您签收的派单。");
        }
        appeal.Acknowledge(target, await workflow.ActorAsync(ct), workflow.Now);
        await workflow.SaveAsync(ct);
    }
}
