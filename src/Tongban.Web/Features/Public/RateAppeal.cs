using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

public sealed record PublicRatingRequest(bool? Resolved, bool? Satisfied, string? Note);

/// <summary>
/// 居民评价: after the appeal is resolved the reporter says, with the tracking code, whether the problem is solved and
/// whether they are satisfied. This is the appeal's follow-up (回访), recorded as done by "居民".
/// </summary>
public sealed class RateAppeal(AppDbContext db, TimeProvider clock, AppealWorkflow workflow, TrackAppeal track)
{
    /// <summary>The resident acting through the tracking code (one definition: staff tell a resident's rating apart by it).</summary>
    public static readonly Actor Resident = ResidentRating.Resident;

    /// <summary>
    /// Records the rating. The code is found as /track finds it (an old code typed with 5, 8, 2 included, its readings
    /// charged to <paramref name="lookup"/>'s look-ups); returns the code the appeal holds.
    /// </summary>
    public async Task<TrackAppeal.ResidentCode> HandleAsync(string? trackingCode, PublicRatingRequest request, HttpContext? lookup, CancellationToken ct = default)
    {
        var v = new Validation();
        v.Require(request.Resolved is not null, "resolved", "请选择问题是否已经解决");
        v.Require(request.Satisfied is not null, "satisfied", "请选择您对办理结果是否满意");
        v.Require((request.Note?.Trim().Length ?? 0) <= 500, "note", "评价意见不能超过500字");
        v.ThrowIfInvalid();

        var (appeal, code) = await track.ReportersAppealAsync(trackingCode, lookup, "附议的居民可以查看进度，评价由最初反映问题的居民凭其查询码进行。", ct);
        if (appeal.State is AppealState.FollowedUp or AppealState.Closed)
            throw new DomainException("这条诉求已经评价过了，感谢您的反馈。如问题仍未解决，请联系社区或重新反映。");
        if (appeal.State != AppealState.Resolved)
            throw new DomainException($"诉求当前为“{AppealNames.Of(appeal.State)}”，办结后才能评价，请耐心等待办理结果。");

        appeal.RecordFollowUp(request.Resolved!.Value, request.Satisfied, string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), Resident, clock.GetUtcNow());
        // Appeals merged into this one follow its rating, as they do when staff record the follow-up.
        await workflow.FollowedByMergedAsync(appeal, Resident, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("诉求状态刚刚发生了变化，请刷新页面后再评价。");
        }
        return code;
    }
}
