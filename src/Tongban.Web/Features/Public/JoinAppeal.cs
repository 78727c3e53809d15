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
    /// <param name="idempotencyKey">The caller's key for this join (an app retrying after a lost answer holds no code yet): a
    /// join already made under it is answered with its code; the same key for another appeal is refused (422).</param>
    public async Task<JoinAppealResult> HandleAsync(long appealId, string? note, IReadOnlyCollection<string> knownCodes, string? idempotencyKey = null,
        CancellationToken ct = default)
    {
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        var v = new Validation();
        v.Require((note?.Trim().Length ?? 0) <= 500, "note", "补充说明不能超过500字");
        v.Require((key?.Length ?? 0) <= 100, "idempotencyKey", "防重复提交键不能超过100个字符");
        v.ThrowIfInvalid();
        // Residents have no area; the appeal is found past the area filter on purpose.
        var appeal = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == appealId)
            .Select(a => new { a.Id, a.Number, a.State, a.AreaPath, a.MergedIntoId }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("找不到这条诉求，可能已被撤销，请返回重新查看。");
        // A retry is answered as the first call was, even if the appeal has closed since.
        if (key is not null && await ReplayAsync(key, appeal.Id, ct) is { } replay) return replay;
        if (appeal.State is not (AppealState.Submitted or AppealState.Accepted or AppealState.Dispatched or AppealState.Acknowledged or AppealState.InProgress))
            throw new DomainException($"这条诉求当前为“{AppealNames.Of(appeal.State)}”，不能再附议；如问题仍存在，请重新反映。");

        if (knownCodes.Count > 0)
        {
            var mine = await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == appeal.Id && knownCodes.Contains(a.TrackingCode)).Select(a => a.TrackingCode)
                .Concat(db.AppealSupporters.IgnoreQueryFilters().Where(x => x.AppealId == appeal.Id && knownCodes.Contains(x.TrackingCode)).Select(x => x.TrackingCode))
                .FirstOrDefaultAsync(ct);
            if (mine is not null) return new JoinAppealResult(appeal.Id, appeal.Number, mine, await CountAsync(appeal.Id, ct), AlreadyJoined: true);
        }
        var supporter = new AppealSupporter
        {
            AppealId = appeal.Id, TrackingCode = await TrackingCodes.NewUnusedAsync(db, ct), At = clock.GetUtcNow(), AreaPath = appeal.AreaPath,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), IdempotencyKey = key,
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The counter is raised in SQL so two residents joining at once both count, and only while the appeal is still open.
            var raised = await FindSimilarAppeals.Open(db.Appeals.IgnoreQueryFilters()).Where(a => a.Id == appeal.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.SupporterCount, a => a.SupporterCount + 1), ct);
            if (raised == 0) throw new DomainException("这条诉求刚刚办结或关闭，不能再附议；如问题仍存在，请重新反映。");
            db.AppealSupporters.Add(supporter);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // Two retries raced: the unique key let one in, and this one's transaction (counter included) is rolled back.
            db.Entry(supporter).State = EntityState.Detached;
            if (await ReplayAsync(key, appeal.Id, ct) is { } winner) return winner;
            throw;
        }
        return new JoinAppealResult(appeal.Id, appeal.Number, supporter.TrackingCode, await CountAsync(appeal.Id, ct));
    }

    private Task<int> CountAsync(long appealId, CancellationToken ct) =>
        db.Appeals.IgnoreQueryFilters().Where(a => a.Id == appealId).Select(a => a.SupporterCount).FirstAsync(ct);

    /// <summary>The join made under <paramref name="key"/>: its code when it was for this appeal; a 422 when for another.</summary>
    private async Task<JoinAppealResult?> ReplayAsync(string key, long appealId, CancellationToken ct)
    {
        var earlier = await db.AppealSupporters.IgnoreQueryFilters().AsNoTracking().Where(s => s.IdempotencyKey == key)
            .Join(db.Appeals.IgnoreQueryFilters(), s => s.AppealId, a => a.Id, (s, a) => new { s.AppealId, s.TrackingCode, a.Number })
            .FirstOrDefaultAsync(ct);
        if (earlier is null) return null;
        if (earlier.AppealId != appealId)
            throw new ValidationFailedException("idempotencyKey",
                $"这个防重复提交键已用于附议另一条诉求（{earlier.Number}），本次附议没有登记。如要附议这一条，请换一个新的键再提交。");
        return new JoinAppealResult(appealId, earlier.Number, earlier.TrackingCode, await CountAsync(appealId, ct), AlreadyJoined: true);
    }
}
