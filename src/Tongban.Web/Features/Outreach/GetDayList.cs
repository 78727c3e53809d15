using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record DueVisit(int HouseholdId, int DwellingId, int BuildingId, string Address, string? HeadName, IReadOnlyList<string> Tags,
    int IntervalDays, DateTimeOffset? LastVisitedAt, DateOnly DueOn, int OverdueDays);

public sealed record DuePatrol(int BuildingId, string Building, DateTimeOffset? LastPatrolAt, DateOnly DueOn, int OverdueDays);

public sealed record VisitDone(long Id, VisitKind Kind, string Place, string VisitorName, DateTimeOffset VisitedAt, int Findings, int Appeals);

/// <summary>A grid worker's day: home visits due (most urgent first), buildings due for patrol, and what was done today.</summary>
public sealed record DayList(int GridId, string GridName, DateOnly Date, int Households, int DueCount, int OverdueCount,
    IReadOnlyList<DueVisit> Visits, IReadOnlyList<DuePatrol> Patrols, IReadOnlyList<VisitDone> Done);

/// <summary>
/// Builds the day list of one grid. Households due come from <see cref="HouseholdVisitDue"/> (kept by
/// <see cref="VisitDues"/>): a count and the first page in due order off one index range of the grid; the rest are
/// narrow reads on the grid's area path (patrols, today's records) and lookups for the page's addresses and heads.
/// </summary>
public sealed class GetDayList(AppDbContext db, ICurrentUser user, TimeProvider clock, IOptions<OutreachOptions> options)
{
    public const int DefaultLimit = 100;

    public async Task<DayList> HandleAsync(int? gridId, int limit = DefaultLimit, CancellationToken ct = default)
    {
        var grid = await ResolveGridAsync(db, gridId, ct);
        var path = grid.AreaPath;
        var today = clock.Today();
        await VisitDues.EnsureFreshAsync(db, path, ct);
        var dues = db.HouseholdVisitDues.AsNoTracking().Where(d => d.AreaPath == path);
        var counts = await dues.GroupBy(d => d.AreaPath).Select(g => new
        {
            Households = g.Count(),
            Due = g.Count(d => d.IntervalDays != null && (d.NextDueOn == null || d.NextDueOn <= today)),
            Overdue = g.Count(d => d.IntervalDays != null && d.NextDueOn < today),
        }).FirstOrDefaultAsync(ct);
        // Shortest interval first (独居老人 before the quarterly round), then the longest overdue, then by dwelling (address order).
        var page = await (from d in dues
                          join h in db.Households on d.HouseholdId equals h.Id
                          where d.IntervalDays != null && (d.NextDueOn == null || d.NextDueOn <= today)
                          orderby d.IntervalDays, d.NextDueOn ?? today, d.DwellingId
                          select new { d.HouseholdId, d.DwellingId, h.HeadResidentId, d.TagCodes, IntervalDays = d.IntervalDays!.Value, d.LastVisitedAt, d.NextDueOn })
            .Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);

        var ruleTags = await db.VisitRules.AsNoTracking().Where(r => r.IsActive && r.TagCode != null).Select(r => r.TagCode!).ToListAsync(ct);
        var tagIds = await db.Tags.AsNoTracking().Where(t => ruleTags.Contains(t.Code)).Select(t => new { t.Code, t.Name, t.IsSensitive }).ToListAsync(ct);
        var buildings = await OutreachPlaces.NamedAsync(db, db.Buildings.Where(b => b.GridId == grid.Id), ct);
        var lastPatrols = await db.Visits.AsNoTracking().Where(v => v.AreaPath == path && v.Kind == VisitKind.Patrol)
            .GroupBy(v => v.BuildingId).Select(g => new { BuildingId = g.Key, Last = g.Max(v => v.VisitedAt) }).ToListAsync(ct);

        var pageDwellings = page.Select(d => d.DwellingId).ToList();
        var dwellings = await db.Dwellings.AsNoTracking().Where(d => pageDwellings.Contains(d.Id))
            .Select(d => new { d.Id, d.BuildingId, Unit = d.BuildingUnit!.Name, d.Number }).ToDictionaryAsync(d => d.Id, ct);

        var headIds = page.Where(d => d.HeadResidentId is not null).Select(d => d.HeadResidentId!.Value).ToList();
        var heads = await db.Residents.AsNoTracking().Where(r => headIds.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var buildingById = buildings.ToDictionary(b => b.Id);
        var showSensitive = user.ScopePath is null || user.HasPermission(Permissions.SensitiveView);
        var tagNames = tagIds.ToDictionary(t => t.Code, t => t.IsSensitive && !showSensitive ? "重点关注" : t.Name);

        var visits = page.Select(d =>
        {
            var dw = dwellings[d.DwellingId];
            var b = buildingById.GetValueOrDefault(dw.BuildingId);
            var address = $"{b?.Name}{dw.Unit}{dw.Number}室";
            // The tags that have a rule, as the rules see them.
            var tags = d.TagCodes.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(tagNames.ContainsKey).Select(c => tagNames[c]).Distinct().ToList();
            var dueOn = d.NextDueOn ?? today;
            return new DueVisit(d.HouseholdId, d.DwellingId, dw.BuildingId, address, d.HeadResidentId is { } id ? heads.GetValueOrDefault(id) : null, tags,
                d.IntervalDays, d.LastVisitedAt, dueOn, today.DayNumber - dueOn.DayNumber);
        }).ToList();

        var patrolEvery = Math.Max(1, options.Value.PatrolIntervalDays);
        var patrolByBuilding = lastPatrols.ToDictionary(p => p.BuildingId, p => p.Last);
        var patrols = buildings.Select(b =>
        {
            DateTimeOffset? last = patrolByBuilding.TryGetValue(b.Id, out var l) ? l : null;
            var lastDay = last is { } lv ? DateOnly.FromDateTime(lv.ToShanghai().DateTime) : (DateOnly?)null;
            var dueOn = VisitSchedule.DueOn(lastDay, patrolEvery, today);
            return new DuePatrol(b.Id, b.Name, last, dueOn, today.DayNumber - dueOn.DayNumber);
        }).Where(p => p.DueOn <= today).OrderBy(p => p.DueOn).ThenBy(p => p.BuildingId).ToList();

        var startOfDay = ShanghaiDayStart(today);
        var done = await db.Visits.AsNoTracking().Where(v => v.AreaPath == path && v.VisitedAt >= startOfDay)
            .OrderByDescending(v => v.VisitedAt).Take(50)
            .Select(v => new { v.Id, v.Kind, v.BuildingId, v.DwellingId, v.VisitorName, v.VisitedAt, Findings = v.Findings.Count, Appeals = v.Findings.Count(f => f.AppealId != null) })
            .ToListAsync(ct);
        var doneDwellings = done.Where(d => d.DwellingId is not null).Select(d => d.DwellingId!.Value).ToList();
        var dwellingNumbers = await db.Dwellings.AsNoTracking().Where(d => doneDwellings.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Number, ct);
        var doneList = done.Select(d =>
        {
            var b = buildingById.GetValueOrDefault(d.BuildingId);
            var place = $"{b?.Name}" + (d.DwellingId is { } dw && dwellingNumbers.TryGetValue(dw, out var n) ? $" {n}室" : "");
            return new VisitDone(d.Id, d.Kind, place, d.VisitorName, d.VisitedAt, d.Findings, d.Appeals);
        }).ToList();

        return new DayList(grid.Id, grid.Name, today, counts?.Households ?? 0, counts?.Due ?? 0, counts?.Overdue ?? 0, visits, patrols, doneList);
    }

    public sealed record GridRef(int Id, string Name, string AreaPath);

    /// <summary>The grid asked for, or the caller's own grid when they have exactly one.</summary>
    public static async Task<GridRef> ResolveGridAsync(AppDbContext db, int? gridId, CancellationToken ct)
    {
        if (gridId is { } id)
        {
            var area = await db.Areas.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Id, a.Name, a.AreaPath, a.Level }).FirstOrDefaultAsync(ct);
            if (area is null) throw new NotFoundException("找不到该网格，或不在您的管辖范围内。");
            if (area.Level != AreaLevel.Grid) throw new ValidationFailedException("gridId", "请选择一个网格（不是社区或街道）");
            var grid = new GridRef(area.Id, area.Name, area.AreaPath);
            return grid;
        }
        var mine = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid).OrderBy(a => a.Code).Take(2)
            .Select(a => new GridRef(a.Id, a.Name, a.AreaPath)).ToListAsync(ct);
        if (mine.Count == 1) return mine[0];
        throw new ValidationFailedException("gridId", mine.Count == 0 ? "您的管辖范围内没有网格" : "您管辖多个网格，请选择一个网格");
    }

    /// <summary>Midnight in Shanghai of the given day, in UTC.</summary>
    public static DateTimeOffset ShanghaiDayStart(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ShanghaiTime.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
}
