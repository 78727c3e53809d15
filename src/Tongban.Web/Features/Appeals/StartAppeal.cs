namespace Tongban.Web.Features.Appeals;

public sealed record StartAppealRequest(string? Note = null);

/// <summary>开始办理: the lead assignee starts work (inspection, repair, mediation…).</summary>
public sealed class StartAppeal(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, StartAppealRequest request, CancellationToken ct)
    {
        if ((request.Note?.Length ?? 0) > 2000) throw new Infrastructure.ValidationFailedException("note", "说明不能超过2000字");
        var appeal = await workflow.LoadAsync(id, ct);
        await workflow.EnsureCanWorkAsync(appeal, ct);
        appeal.StartWork(await workflow.ActorAsync(ct), workflow.Now, request.Note);
        await workflow.SaveAsync(ct);
    }
}
