using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Outreach;

public sealed record DiaryEntryView(long Id, long? SessionId, int? BuildingId, string Place, string Concern, string? ResidentName, int? CategoryId,
    DiaryState State, string StateName, long? AppealId, string? AppealNumber, string? ClosingNote, string WrittenBy, DateTimeOffset WrittenAt, bool IsSample);

public sealed record DiaryQuery(DiaryState? State = null, long? SessionId = null, int? Page = null, int? PageSize = null);

public sealed record DiaryPage(int Total, int Page, int PageSize, IReadOnlyList<DiaryEntryView> Items);

/// <summary>The concerns diary (民情日记本) within the caller's area, open entries first.</summary>
public sealed class ListDiary(AppDbContext db)
{
    public async Task<DiaryPage> HandleAsync(DiaryQuery q, CancellationToken ct)
    {
        var entries = db.DiaryEntries.AsNoTracking();
        if (q.State is { } state) entries = entries.Where(e => e.State == state);
        if (q.SessionId is { } sid) entries = entries.Where(e => e.SessionId == sid);
        var size = Math.Clamp(q.PageSize ?? 30, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderBy(e => e.State).ThenByDescending(e => e.WrittenAt).ThenByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var buildingIds = rows.Where(r => r.BuildingId is not null).Select(r => r.BuildingId!.Value).Distinct().ToList();
        var names = await OutreachPlaces.NamesAsync(db, buildingIds, ct);
        var appealIds = rows.Where(r => r.AppealId is not null).Select(r => r.AppealId!.Value).ToList();
        var numbers = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => appealIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        return new DiaryPage(total, page, size, rows.Select(e => new DiaryEntryView(e.Id, e.SessionId, e.BuildingId,
            e.BuildingId is { } b ? names.GetValueOrDefault(b, "") : "", e.Concern, e.ResidentName, e.CategoryId, e.State, OutreachNames.Of(e.State),
            e.AppealId, e.AppealId is { } a ? numbers.GetValueOrDefault(a) : null, e.ClosingNote, e.WrittenBy, e.WrittenAt, e.IsSample)).ToList());
    }
}
