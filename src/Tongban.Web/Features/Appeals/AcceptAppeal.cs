namespace Tongban.Web.Features.Appeals;

/// <summary>受理: the community takes the appeal on; the reporter gets a text with the tracking code.</summary>
public sealed class AcceptAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, CancellationToken ct)
    {
        workflow.EnsureCanHandle("受理诉求");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "受理诉求");
        appeal.Accept(await workflow.ActorAsync(ct), workflow.Now);
        await workflow.Notifier.QueueSmsAsync(appeal, "appeal-accepted", AppealSmsKeys.Accepted(appeal.Id),
            new Dictionary<string, string?> { ["number"] = appeal.Number, ["title"] = appeal.Title }, ct);
        await workflow.SaveAsync(ct);
    }
}
