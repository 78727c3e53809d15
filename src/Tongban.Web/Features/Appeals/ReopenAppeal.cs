namespace Tongban.Web.Features.Appeals;

public sealed record ReopenAppealRequest(string? Reason);

/// <summary>重新办理 after an unsatisfied or unresolved follow-up, within the configured window, with fresh time limits.</summary>
public sealed class ReopenAppeal(AppealWorkflow workflow, TimeLimitPolicy limits)
{
    public async Task HandleAsync(long id, ReopenAppealRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("重新办理");
        if ((request.Reason?.Length ?? 0) > 500) throw new Infrastructure.ValidationFailedException("reason", "原因不能超过500字");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "重新办理");
        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        var limit = await AppealWorkflow.LimitFromNowAsync(limits, appeal, now, ct);
        appeal.Reopen(request.Reason ?? "", TimeSpan.FromDays(workflow.Options.ReopenWindowDays), actor, now, limit);
        await workflow.Notifier.NotifyOwnersAsync(appeal, $"诉求 {appeal.Number} 已重新办理，请重新派单。", $"reopen:{appeal.Id}:{appeal.ReopenCount}", ct);
        await workflow.FollowedByMergedAsync(appeal, actor, ct);
        await workflow.SaveAsync(ct);
    }
}
