using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

public sealed record PublicReopenRequest(string? Reason);

/// <summary>
/// 申请重新办理: a reporter who said the problem is not solved, or is not satisfied, asks with the tracking code for
/// the appeal to be handled again, within the reopen window after the rating. Fresh time limits; the community is told.
/// </summary>
public sealed class ReopenByResident(AppealWorkflow workflow, TimeLimitPolicy limits, TimeProvider clock, TrackAppeal track)
{
    /// <summary>
    /// Reopens the appeal. The code is found as /track finds it (an old code typed with 5, 8, 2 included, its readings
    /// charged to <paramref name="lookup"/>'s look-ups); returns the code the appeal holds.
    /// </summary>
    public async Task<TrackAppeal.ResidentCode> HandleAsync(string? trackingCode, PublicReopenRequest request, HttpContext? lookup, CancellationToken ct = default)
    {
        var reason = request.Reason?.Trim() ?? "";
        new Validation()
            .Require(reason.Length >= 5, "reason", "请说明哪里还没有解决，至少5个字，便于重新办理")
            .Require(reason.Length <= 500, "reason", "说明不能超过500字")
            .ThrowIfInvalid();
        var (appeal, code) = await track.ReportersAppealAsync(trackingCode, lookup, "附议的居民可以查看进度；申请重新办理由最初反映问题的居民凭其查询码进行。", ct);
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
        return code;
    }

    /// <summary>Whether the tracking page offers the request: rated "not solved" or "not satisfied", within the window.</summary>
    public static bool Offered(Appeal appeal, int windowDays, DateTimeOffset now) =>
        appeal.State is AppealState.FollowedUp or AppealState.Closed
        && (appeal.IsResolved == false || appeal.IsSatisfied == false)
        && appeal.FollowedUpAt is { } at && now - at <= TimeSpan.FromDays(windowDays);
}
