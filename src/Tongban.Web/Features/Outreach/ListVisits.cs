using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record VisitFindingView(long Id, FindingKind Kind, string KindName, string Description, int CategoryId, long? AppealId, string? AppealNumber);

public sealed record VisitView(long Id, VisitKind Kind, string KindName, string? Method, int? HouseholdId, int? DwellingId, int BuildingId, string Place,
    string VisitorName, DateTimeOffset VisitedAt, DateTimeOffset RecordedAt, bool Looked, bool Listened, bool Asked, bool Checked, string Notes,
    IReadOnlyList<string> TagCodes, IReadOnlyList<VisitFindingView> Findings, IReadOnlyList<string> Photos);

public sealed record VisitQuery(int? GridId = null, int? HouseholdId = null, int? BuildingId = null, VisitKind? Kind = null, DateOnly? From = null,
    DateOnly? To = null, bool Mine = false, int? Page = null, int? PageSize = null);

public sealed record VisitPage(int Total, int Page, int PageSize, IReadOnlyList<VisitView> Items);

/// <summary>Visits and patrols within the caller's area, newest first, with their findings and the appeals they became.</summary>
public sealed class ListVisits(AppDbContext db, ICurrentUser user)
{
    public async Task<VisitPage> HandleAsync(VisitQuery q, CancellationToken ct)
    {
        var visits = db.Visits.AsNoTracking();
        if (q.GridId is { } g) visits = visits.Where(x => x.GridId == g);
        if (q.HouseholdId is { } h) visits = visits.Where(x => x.HouseholdId == h);
        if (q.BuildingId is { } b) visits = visits.Where(x => x.BuildingId == b);
        if (q.Kind is { } k) visits = visits.Where(x => x.Kind == k);
        if (q.From is { } from) { var f = GetDayList.ShanghaiDayStart(from); visits = visits.Where(x => x.VisitedAt >= f); }
        if (q.To is { } to) { var t = GetDayList.ShanghaiDayStart(to.AddDays(1)); visits = visits.Where(x => x.VisitedAt < t); }
        if (q.Mine) visits = visits.Where(x => x.VisitorUserId == user.UserId);
        var size = Math.Clamp(q.PageSize ?? 20, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var total = await visits.CountAsync(ct);
        var ids = await visits.OrderByDescending(x => x.VisitedAt).ThenByDescending(x => x.Id).Skip((page - 1) * size).Take(size).Select(x => x.Id).ToListAsync(ct);
        return new VisitPage(total, page, size, await ViewsAsync(ids, ct));
    }

    public async Task<VisitView> GetAsync(long id, CancellationToken ct) =>
        (await ViewsAsync([id], ct)).FirstOrDefault() ?? throw new NotFoundException($"找不到编号为{id}的走访记录，或不在您的管辖范围内。");

    private async Task<IReadOnlyList<VisitView>> ViewsAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var rows = await db.Visits.AsNoTracking().Where(x => ids.Contains(x.Id)).Include(x => x.Findings).Include(x => x.Photos).ToListAsync(ct);
        var buildingIds = rows.Select(r => r.BuildingId).Distinct().ToList();
        var buildings = await OutreachPlaces.NamesAsync(db, buildingIds, ct);
        var dwellingIds = rows.Where(r => r.DwellingId is not null).Select(r => r.DwellingId!.Value).ToList();
        var dwellings = await db.Dwellings.AsNoTracking().Where(x => dwellingIds.Contains(x.Id)).Select(x => new { x.Id, Name = x.BuildingUnit!.Name + x.Number + "室" }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var appealIds = rows.SelectMany(r => r.Findings).Where(f => f.AppealId is not null).Select(f => f.AppealId!.Value).ToList();
        var numbers = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => appealIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        return rows.OrderBy(r => ids.ToList().IndexOf(r.Id)).Select(r => new VisitView(
            r.Id, r.Kind, OutreachNames.Of(r.Kind), r.Method is { } m ? OutreachNames.Of(m) : null, r.HouseholdId, r.DwellingId, r.BuildingId,
            buildings.GetValueOrDefault(r.BuildingId, "") + (r.DwellingId is { } d ? dwellings.GetValueOrDefault(d, "") : ""),
            r.VisitorName, r.VisitedAt, r.RecordedAt, r.Looked, r.Listened, r.Asked, r.Checked, r.Notes,
            r.TagCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            r.Findings.OrderBy(f => f.Id).Select(f => new VisitFindingView(f.Id, f.Kind, OutreachNames.Of(f.Kind), f.Description, f.CategoryId, f.AppealId,
                f.AppealId is { } a ? numbers.GetValueOrDefault(a) : null)).ToList(),
            r.Photos.OrderBy(p => p.Id).Select(p => p.Sha256).ToList())).ToList();
    }
}
