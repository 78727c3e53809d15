using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

public sealed record JoinAppealResult(long AppealId, string Number, string TrackingCode, int SupporterCount, bool AlreadyJoined = false);

/// <summary>
/// "我也遇到了": a resident joins an open appeal instead of filing the same thing again. They get a tracking code of
/// their own that shows the appeal's progress (but cannot rate it: only the reporter can).
/// </summary>
public sealed class JoinAppeal(AppDbContext db, TimeProvider clock)
{
    /// <param name="knownCodes">The tracking codes this device already holds (the phone pages remember them): if one is for this
    /// appeal, the resident has reported or joined it before, and gets that code back instead of being counted twice.</param>
    public async Task<JoinAppealResult> HandleAsync(long appealId, string? note, IReadOnlyCollection<string> knownCodes, CancellationToken ct = default)
    {
        if ((note?.Trim().Length ?? 0) > 500) throw new ValidationFailedException("note", "补充说明不能超过500字");
        // Residents have no area; the appeal is found past the area filter on purpose.
        var appeal = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == appealId)
            .Select(a => new { a.Id, a.Number, a.State, a.AreaPath, a.MergedIntoId }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("找不到这条诉求，可能已被撤销，请返回重新查看。");
        if (appeal.State is not (AppealState.Submitted or AppealState.Accepted or AppealState.Dispatched or AppealState.Acknowledged or AppealState.InProgress))
            throw new DomainException($"这条诉求已“{AppealNames.Of(appeal.State)}”，不能再附议；如问题仍存在，请重新反映。");

        if (knownCodes.Count > 0)
        {
            var mine = await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == appeal.Id && knownCodes.Contains(a.TrackingCode)).Select(a => a.TrackingCode)
                .Concat(db.AppealSupporters.IgnoreQueryFilters().Where(x => x.AppealId == appeal.Id && knownCodes.Contains(x.TrackingCode)).Select(x => x.TrackingCode))
                .FirstOrDefaultAsync(ct);
            if (mine is not null)
            {
                var supporters = await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == appeal.Id).Select(a => a.SupporterCount).FirstAsync(ct);
                return new JoinAppealResult(appeal.Id, appeal.Number, mine, supporters, AlreadyJoined: true);
            }
        }
        var supporter = new AppealSupporter
        {
            AppealId = appeal.Id, TrackingCode = await TrackingCodes.NewUnusedAsync(db, ct), At = clock.GetUtcNow(), AreaPath = appeal.AreaPath,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The counter is raised in SQL so two residents joining at once both count, and only while the appeal is still open.
        var raised = await FindSimilarAppeals.Open(db.Appeals.IgnoreQueryFilters()).Where(a => a.Id == appeal.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SupporterCount, a => a.SupporterCount + 1), ct);
        if (raised == 0) throw new DomainException("这条诉求刚刚办结或关闭，不能再附议；如问题仍存在，请重新反映。");
        db.AppealSupporters.Add(supporter);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var count = await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == appeal.Id).Select(a => a.SupporterCount).FirstAsync(ct);
        return new JoinAppealResult(appeal.Id, appeal.Number, supporter.TrackingCode, count);
    }
}
