using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>回访 result: was it solved, is the reporter satisfied (null: declined to say), and a note.</summary>
public sealed record RecordAppealFollowUpRequest(bool? Resolved, bool? Satisfied, string? Note = null);

/// <summary>
/// Staff record the follow-up visit or call. It fixes the resolved and satisfied rates; a second "unsatisfied" in
/// a row raises the DOMAIN.md warning at once.
/// </summary>
public sealed class RecordAppealFollowUp(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, RecordAppealFollowUpRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("回访");
        var v = new Validation()
            .Require(request.Resolved is not null, "resolved", "请选择问题是否已解决")
            .Require((request.Note?.Length ?? 0) <= 1000, "note", "回访记录不能超过1000字");
        v.ThrowIfInvalid();
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "回访");
        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        appeal.RecordFollowUp(request.Resolved!.Value, request.Satisfied, request.Note, actor, now);
        if (request.Satisfied == false || request.Resolved == false)
            await workflow.Notifier.NotifyOwnersAsync(appeal,
                $"诉求 {appeal.Number} 回访结果为{(request.Resolved == false ? "未解决" : "不满意")}，可在{workflow.Options.ReopenWindowDays}天内重新办理。",
                $"unsatisfied:{appeal.Id}:{appeal.ReopenCount}", ct);
        if (appeal.UnsatisfiedStreak >= workflow.Options.UnsatisfiedStreak)
            await AppealWarnings.RaiseAsync(workflow.Db, workflow.Notifier, appeal, AppealWarningCode.UnsatisfiedTwice, "yellow",
                $"诉求 {appeal.Number} 连续{appeal.UnsatisfiedStreak}次回访不满意，请社区负责人督办。",
                $"warn:unsatisfied:{appeal.Id}:{appeal.ReopenCount}", await workflow.Notifier.OwnersAsync(appeal, ct), now, ct);
        await workflow.FollowedByMergedAsync(appeal, actor, ct);
        await workflow.SaveAsync(ct);
    }
}
