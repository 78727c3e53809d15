using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record MergeAppealsRequest(long? MainId);

/// <summary>合并: a duplicate joins its main appeal and from then on follows the main appeal's outcome.</summary>
public sealed class MergeAppeals(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, MergeAppealsRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("合并诉求");
        if (request.MainId is not { } mainId) throw new ValidationFailedException("mainId", "请选择要并入的主诉求");
        var appeal = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtTier(appeal, "合并诉求");
        var main = await workflow.LoadAsync(mainId, ct);
        if (main.MergedIntoId is not null) throw new DomainException($"诉求 {main.Number} 本身已并入其他诉求，请并入它的主件。");
        var now = workflow.Now;
        appeal.MergeInto(main, await workflow.ActorAsync(ct), now);
        await workflow.Notifier.NotifyRelievedAsync(appeal, now, $"已并入诉求 {main.Number} 合并办理",
            await workflow.Notifier.AssigneeUsersAsync(main.Assignments.Where(a => a.EndedAt is null), ct), ct);
        // Appeals merged into this one earlier now follow the new main appeal directly.
        foreach (var child in await workflow.Db.Appeals.IgnoreQueryFilters().Where(a => a.MergedIntoId == appeal.Id).ToListAsync(ct))
            child.MergedIntoId = main.Id;
        await workflow.Notifier.QueueSmsAsync(appeal, "appeal-merged", AppealSmsKeys.Merged(appeal.Id),
            new Dictionary<string, string?> { ["number"] = appeal.Number, ["mainNumber"] = main.Number }, ct);
        await workflow.SaveAsync(ct);
    }
}
