using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record EscalateAppealRequest(string? Reason);

/// <summary>升级 by hand: the community hands a matter it cannot solve to the street centre, the street to the district (兜底).</summary>
public sealed class EscalateAppeal(AppealWorkflow workflow, TimeLimitPolicy limits)
{
    public async Task HandleAsync(long id, EscalateAppealRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("升级诉求");
        var v = new Validation()
            .Require(!string.IsNullOrWhiteSpace(request.Reason), "reason", "请写明升级原因（例如超出社区职责、需要部门协同）")
            .Require((request.Reason?.Length ?? 0) <= 500, "reason", "原因不能超过500字");
        v.ThrowIfInvalid();
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "升级诉求");
        var now = workflow.Now;
        var limit = await AppealWorkflow.LimitFromNowAsync(limits, appeal, now, ct);
        appeal.Escalate(request.Reason!.Trim(), await workflow.ActorAsync(ct), now, limit);
        await workflow.Notifier.NotifyRelievedAsync(appeal, now, $"已升级至{AppealNames.Of(appeal.Tier)}（{request.Reason.Trim()}）", [], ct);
        await workflow.Notifier.NotifyOwnersAsync(appeal,
            $"诉求 {appeal.Number}「{appeal.Title}」已升级至{AppealNames.Of(appeal.Tier)}，请于 {appeal.DispatchDueAt.ShowDeadline()} 前派单或吹哨召集部门。",
            $"escalate:{appeal.Id}:{appeal.Version}", ct);
        await workflow.SaveAsync(ct);
    }
}
