namespace Tongban.Web.Features.Appeals;

public sealed record ResolveAppealRequest(string? Result);

/// <summary>
/// 办结: the result goes to the reporter (text message with the rating link), a follow-up task goes to the owners,
/// and merged appeals take the same result. Evidence photos are attached with POST …/evidence.
/// </summary>
public sealed class ResolveAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, ResolveAppealRequest request, CancellationToken ct)
    {
        if ((request.Result?.Length ?? 0) > 2000) throw new Infrastructure.ValidationFailedException("result", "办理结果不能超过2000字");
        var appeal = await workflow.LoadAsync(id, ct);
        await workflow.EnsureCanWorkAsync(appeal, ct);
        var actor = await workflow.ActorAsync(ct);
        appeal.Resolve(request.Result ?? "", actor, workflow.Now);
        await workflow.Notifier.QueueSmsAsync(appeal, "appeal-resolved", $"appeal:{appeal.Id}:resolved:{appeal.ReopenCount}",
            new Dictionary<string, string?> { ["number"] = appeal.Number, ["result"] = appeal.Result }, ct);
        await workflow.Notifier.NotifyOwnersAsync(appeal, $"回访任务：诉求 {appeal.Number}「{appeal.Title}」已办结，请回访反映人是否解决、是否满意。",
            $"follow-up:{appeal.Id}:{appeal.ReopenCount}", ct);
        await workflow.FollowedByMergedAsync(appeal, actor, ct);
        await workflow.SaveAsync(ct);
    }
}
