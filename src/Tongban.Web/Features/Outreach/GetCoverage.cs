using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record GridCoverage(int GridId, string Grid, string Workers, int Households, int Due, int Overdue, int VisitsLast30Days);

public sealed record UnvisitedHousehold(int HouseholdId, string Address);

public sealed record BuildingDeskCoverage(int BuildingId, string Building, double? Latitude, double? Longitude, DateOnly? LastDesk, int? DaysSince, DateOnly? NextDesk, bool Stale);

public sealed record CoverageView(DateOnly Date, IReadOnlyList<GridCoverage> Grids, int NeverVisitedCount, IReadOnlyList<UnvisitedHousehold> NeverVisited,
    int DeskDays, IReadOnlyList<BuildingDeskCoverage> Buildings, int BuildingsWithoutDesk);

/// <summary>
/// For secretaries: overdue visits per grid and its workers, households never visited, and buildings that have not
/// had a mobile desk for N days (the coverage map's data). Everything within the caller's area.
/// </summary>
public sealed class GetCoverage(AppDbContext db, ICurrentUser user, TimeProvider clock, IOptions<OutreachOptions> options)
{
    public async Task<CoverageView> HandleAsync(int? days, CancellationToken ct)
    {
        var deskDays = Math.Clamp(days ?? options.Value.DeskCoverageDays, 1, 3650);
        var today = clock.Today();
        var grids = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid).OrderBy(a => a.Code).Take(300).Select(a => new { a.Id, a.Name, a.AreaPath }).ToListAsync(ct);
        var gridIds = grids.Select(g => g.Id).ToList();
        var workers = (await (from u in db.Users.AsNoTracking()
                              join ur in db.UserRoles on u.Id equals ur.UserId
                              join r in db.Roles on ur.RoleId equals r.Id
                              where r.Name == Roles.GridWorker && gridIds.Contains(u.AreaId)
                              select new { u.AreaId, Name = u.DisplayName == "" ? u.UserName! : u.DisplayName }).ToListAsync(ct))
            .GroupBy(w => w.AreaId).ToDictionary(g => g.Key, g => string.Join("、", g.Select(w => w.Name)));
        var since = GetDayList.ShanghaiDayStart(today.AddDays(-30));
        var recent = await db.Visits.AsNoTracking().Where(v => v.VisitedAt >= since).GroupBy(v => v.GridId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // Households, due and overdue per grid path, from the kept due dates (refreshed first where tags or visits changed).
        await VisitDues.EnsureFreshAsync(db, user.ScopePath, ct);
        var dues = await db.HouseholdVisitDues.AsNoTracking().GroupBy(d => d.AreaPath).Select(g => new
        {
            Path = g.Key,
            Households = g.Count(),
            Due = g.Count(d => d.IntervalDays != null && (d.NextDueOn == null || d.NextDueOn <= today)),
            Overdue = g.Count(d => d.IntervalDays != null && d.NextDueOn < today),
        }).ToDictionaryAsync(g => g.Path, ct);
        var perGrid = grids.Select(g =>
        {
            var d = dues.GetValueOrDefault(g.AreaPath);
            return new GridCoverage(g.Id, g.Name, workers.GetValueOrDefault(g.Id, "（未配网格员）"), d?.Households ?? 0, d?.Due ?? 0, d?.Overdue ?? 0, recent.GetValueOrDefault(g.Id));
        }).ToList();

        var never = from d in db.HouseholdVisitDues.AsNoTracking() where d.LastVisitedAt == null select d;
        var neverCount = await never.CountAsync(ct);
        var neverList = await (from d in never
                               join dw in db.Dwellings on d.DwellingId equals dw.Id
                               orderby d.AreaPath, d.DwellingId
                               select new { Id = d.HouseholdId, dw.BuildingId, Unit = dw.BuildingUnit!.Name, dw.Number }).Take(50).ToListAsync(ct);

        var buildings = await OutreachPlaces.NamedAsync(db, db.Buildings.OrderBy(b => b.CompoundId).ThenBy(b => b.Id).Take(3000), ct);
        var buildingNames = buildings.ToDictionary(b => b.Id, b => b.Name);
        var neverNamed = neverList.Select(h => new UnvisitedHousehold(h.Id, $"{buildingNames.GetValueOrDefault(h.BuildingId)}{h.Unit}{h.Number}室")).ToList();
        var lastDesk = await db.DeskSessions.AsNoTracking().GroupBy(s => s.BuildingId).Select(g => new { g.Key, Last = g.Max(s => s.HeldOn) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        var nextDesk = await db.DeskSlots.AsNoTracking().Where(s => s.State == DeskSlotState.Scheduled && s.Date >= today)
            .GroupBy(s => s.BuildingId).Select(g => new { g.Key, Next = g.Min(s => s.Date) }).ToDictionaryAsync(g => g.Key, g => g.Next, ct);
        var coverage = buildings.Select(b =>
        {
            DateOnly? last = lastDesk.TryGetValue(b.Id, out var l) ? l : null;
            int? since = last is { } d ? today.DayNumber - d.DayNumber : null;
            return new BuildingDeskCoverage(b.Id, b.Name, b.Latitude, b.Longitude, last, since, nextDesk.TryGetValue(b.Id, out var n) ? n : null, since is null || since > deskDays);
        }).ToList();
        return new CoverageView(today, perGrid, neverCount, neverNamed, deskDays, coverage, coverage.Count(c => c.Stale));
    }
}
