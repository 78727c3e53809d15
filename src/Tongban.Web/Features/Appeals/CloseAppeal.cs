namespace Tongban.Web.Features.Appeals;

/// <summary>关闭 after the follow-up; records the tier that closed it (for the share closed per tier).</summary>
public sealed class CloseAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, CancellationToken ct)
    {
        workflow.EnsureCanHandle("关闭诉求");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "关闭诉求");
        var actor = await workflow.ActorAsync(ct);
        appeal.Close(actor, workflow.Now);
        await workflow.FollowedByMergedAsync(appeal, actor, ct);
        await workflow.SaveAsync(ct);
    }
}
