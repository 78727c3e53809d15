using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

public sealed record PublicReopenRequest(string? Reason);

/// <summary>
/// 申请重新办理: a reporter who said the problem is not solved, or is not satisfied, asks with the tracking code for
/// the appeal to be handled again, within the reopen window after the rating. Fresh time limits; the community is told.
/// </summary>
public sealed class ReopenByResident(AppDbContext db, AppealWorkflow workflow, TimeLimitPolicy limits, TimeProvider clock)
{
    public async Task HandleAsync(string? trackingCode, PublicReopenRequest request, CancellationToken ct = default)
    {
        var reason = request.Reason?.Trim() ?? "";
        new Validation()
            .Require(reason.Length >= 5, "reason", "请说明哪里还没有解决，至少5个字，便于重新办理")
            .Require(reason.Length <= 500, "reason", "说明不能超过500字")
            .ThrowIfInvalid();
        var code = TrackAppeal.Normalize(trackingCode);
        // The tracking code is the reporter's key; residents have no area, so the filter is passed on purpose.
        var appeal = code.Length == 8 ? await db.Appeals.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.TrackingCode == code, ct) : null;
        if (appeal is null)
        {
            if (code.Length == 8 && await db.AppealSupporters.IgnoreQueryFilters().AnyAsync(s => s.TrackingCode == code, ct))
                throw new DomainException("附议的居民可以查看进度；申请重新办理由最初反映问题的居民凭其查询码进行。");
            throw new NotFoundException($"没有找到查询码为 {code} 的诉求，请核对后重新输入。");
        }
        if (appeal.State is not (AppealState.FollowedUp or AppealState.Closed))
            throw new DomainException($"诉求当前为“{AppealNames.Of(appeal.State)}”，办结并评价后，如仍未解决或不满意，才能申请重新办理。");
        var now = clock.GetUtcNow();
        var limit = await AppealWorkflow.LimitFromNowAsync(limits, appeal, now, ct);
        // Entity rules: only after "not solved" or "not satisfied", and only within the window.
        appeal.Reopen(reason, TimeSpan.FromDays(workflow.Options.ReopenWindowDays), RateAppeal.Resident, now, limit);
        await workflow.Notifier.NotifyOwnersAsync(appeal, $"居民对诉求 {appeal.Number} 的办理结果不满意，已申请重新办理，请重新派单。",
            $"reopen:{appeal.Id}:{appeal.ReopenCount}", ct);
        await workflow.FollowedByMergedAsync(appeal, RateAppeal.Resident, ct);
        await workflow.SaveAsync(ct);
    }

    /// <summary>Whether the tracking page offers the request: rated "not solved" or "not satisfied", within the window.</summary>
    public static bool Offered(Appeal appeal, int windowDays, DateTimeOffset now) =>
        appeal.State is AppealState.FollowedUp or AppealState.Closed
        && (appeal.IsResolved == false || appeal.IsSatisfied == false)
        && appeal.FollowedUpAt is { } at && now - at <= TimeSpan.FromDays(windowDays);
}
