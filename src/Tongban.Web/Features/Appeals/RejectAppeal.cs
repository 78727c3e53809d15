namespace Tongban.Web.Features.Appeals;

public sealed record RejectAppealRequest(string? Reason);

/// <summary>不予受理 with a reason the reporter is told.</summary>
public sealed class RejectAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, RejectAppealRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("不予受理");
        if ((request.Reason?.Length ?? 0) > 500) throw new Infrastructure.ValidationFailedException("reason", "理由不能超过500字");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "不予受理");
        appeal.Reject(request.Reason ?? "", await workflow.ActorAsync(ct), workflow.Now);
        await workflow.Notifier.QueueSmsAsync(appeal, "appeal-rejected", AppealSmsKeys.Rejected(appeal.Id),
            new Dictionary<string, string?> { ["number"] = appeal.Number, ["reason"] = appeal.RejectReason }, ct);
        await workflow.SaveAsync(ct);
    }
}
