using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record RequestAppealReturnRequest(string? Reason);

/// <summary>
/// 申请退回 by the lead unit (a department's liaison, a grid worker): a misdirected appeal is not left lying with a unit
/// that cannot transfer it. The request lands on the staff timeline and with whoever dispatches at the appeal's tier.
/// </summary>
public sealed class RequestAppealReturn(AppealWorkflow workflow)
{
    public async Task HandleAsync(long id, RequestAppealReturnRequest request, CancellationToken ct)
    {
        if ((request.Reason?.Length ?? 0) > 500) throw new ValidationFailedException("reason", "理由不能超过500字");
        var appeal = await workflow.LoadAsync(id, ct);
        if (!await workflow.IsAssigneeAsync(appeal, leadOnly: true, ct))
            throw new OutsideScopeException($"只有诉求 {appeal.Number} 的承办单位可以申请退回；派单人员请直接改派。");
        var unit = appeal.CurrentAssignee ?? "承办单位";
        var now = workflow.Now;
        appeal.RequestReturn(unit, request.Reason ?? "", await workflow.ActorAsync(ct), now);
        await workflow.Notifier.NotifyOwnersAsync(appeal,
            $"{unit}申请退回诉求 {appeal.Number}「{appeal.Title}」：{request.Reason!.Trim()}。请改派并写明理由，或告知承办单位继续办理。",
            $"return-request:{appeal.Id}:{now.UtcTicks}", ct);
        await workflow.SaveAsync(ct);
    }
}
