namespace Tongban.Web.Features.Appeals;

/// <summary>A progress note; public ones show on the resident's tracking page (unit only).</summary>
public sealed record AddAppealProgressRequest(string? Note, bool IsPublic = true);

/// <summary>记录进展: keeps the timeline moving and resets the "no progress in 3 days" warning.</summary>
public sealed class AddAppealProgress(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, AddAppealProgressRequest request, CancellationToken ct)
    {
        if ((request.Note?.Length ?? 0) > 2000) throw new Infrastructure.ValidationFailedException("note", "进展说明不能超过2000字");
        var appeal = await workflow.LoadAsync(id, ct);
        await workflow.EnsureCanWorkAsync(appeal, ct);
        appeal.AddProgress(await workflow.ActorAsync(ct), workflow.Now, request.Note ?? "", request.IsPublic);
        await workflow.SaveAsync(ct);
    }
}
