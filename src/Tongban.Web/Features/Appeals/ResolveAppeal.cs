namespace Tongban.Web.Features.Appeals;

public sealed record ResolveAppealRequest(string? Result);

/// <summary>
/// 办结: the result goes to the reporter (text message with the rating link), a follow-up task goes to the owners,
/// and merged appeals take the same result. Evidence photos come with it (page form) or through POST …/evidence.
/// </summary>
public sealed class ResolveAppeal(AppealWorkflow workflow, AttachAppealEvidence evidence)
{
    public async Task HandleAsync(long id, ResolveAppealRequest request, CancellationToken ct) => await HandleAsync(id, request, [], ct);

    public async Task HandleAsync(long id, ResolveAppealRequest request, IReadOnlyList<EvidenceUpload> evidenceFiles, CancellationToken ct)
    {
        if ((request.Result?.Length ?? 0) > 2000) throw new Infrastructure.ValidationFailedException("result", "办理结果不能超过2000字");
        var appeal = await workflow.LoadAsync(id, ct);
        await workflow.EnsureCanWorkAsync(appeal, ct);
        var actor = await workflow.ActorAsync(ct);
        if (string.IsNullOrWhiteSpace(request.Result)) throw new Infrastructure.ValidationFailedException("result", "办结必须填写办理结果，结果会反馈给反映人");
        // Evidence sent with the result is stored in the same unit of work: both are recorded, or neither.
        if (evidenceFiles.Count > 0) await evidence.AddAsync(appeal, evidenceFiles, ct);
        appeal.Resolve(request.Result, actor, workflow.Now);
        await workflow.Notifier.QueueSmsAsync(appeal, "appeal-resolved", AppealSmsKeys.Resolved(appeal.Id, appeal.ReopenCount),
            new Dictionary<string, string?> { ["number"] = appeal.Number, ["result"] = appeal.Result }, ct);
        await workflow.Notifier.NotifyOwnersAsync(appeal, $"回访任务：诉求 {appeal.Number}「{appeal.Title}」已办结，请回访反映人是否解决、是否满意。",
            $"follow-up:{appeal.Id}:{appeal.ReopenCount}", ct);
        await workflow.FollowedByMergedAsync(appeal, actor, ct);
        await workflow.SaveAsync(ct);
    }
}
