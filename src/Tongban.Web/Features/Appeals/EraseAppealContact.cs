namespace Tongban.Web.Features.Appeals;

public sealed record EraseAppealContactRequest(string? Reason);

/// <summary>删除反映人信息: the reporter asked for their name and phone to be deleted; handlers do it, with the reason.</summary>
public sealed class EraseAppealContact(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, EraseAppealContactRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("删除反映人信息");
        if ((request.Reason?.Length ?? 0) > 500) throw new Infrastructure.ValidationFailedException("reason", "依据不能超过500字");
        var appeal = await workflow.LoadAsync(id, ct);
        appeal.EraseContact(request.Reason ?? "", await workflow.ActorAsync(ct), workflow.Now);
        await workflow.SaveAsync(ct);
    }
}
