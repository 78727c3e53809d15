using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// When a year's holidays are entered, corrected or dropped, the open applications whose promised date (承诺办结日期),
/// 容缺 due date or 补正期限 (<see cref="ServiceApplication.MaterialsDueOn"/>) was counted in working days across the days that changed get it counted again, on the new calendar,
/// from the day it was counted from and with the time limit of the item version they were received under. Finished
/// applications keep what they had. Up to <see cref="ServicesOptions.CalendarRecountInline"/> of them are counted in
/// the calendar's own SaveChanges, like the appeals' limits; a larger change (a city-wide correction) is left whole to
/// <see cref="PromiseRecountJob"/>, which counts them after the calendar is saved in chunks, each its own short
/// transaction, instead of holding the database for the length of the whole recount inside the calendar's save.
/// When the change settles (<see cref="ICalendarDeadlines"/>), the promises made since shortly before the save are
/// counted once more on the new calendar: one made on a node that had not read the change yet followed the old one.
/// </summary>
public sealed class RecalculatePromisedDates(ServiceDesk desk, IOptions<ServicesOptions> options) : ICalendarDeadlines
{
    /// <summary>
    /// Counts the changed dates again, in the caller's save, when they are few; returns how many open applications had a
    /// date move here and how many were left to <see cref="PromiseRecountJob"/> (counted after the save). Does not save.
    /// </summary>
    public async Task<(int Moved, int Queued)> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, string why, CancellationToken ct)
    {
        var changed = before.DaysThatDiffer(after, year);
        if (changed.Count == 0) return (0, 0);
        // A count moves only when a changed day lies after its start and on or before its end.
        var (first, last) = (changed[0], changed[^1]);
        var decidedBefore = AppointmentSlots.Utc(last, TimeOnly.MinValue);
        var inline = Math.Max(0, options.Value.CalendarRecountInline);
        // Read through the partial index of the open applications, never the history; ids only, at most one over the limit.
        var touched = OpenApplications(desk.Db)
            .Where(a => (a.PromisedOn >= first && (a.PromisedFrom == null || a.PromisedFrom < last))
                || (a.ToleranceDueOn >= first && a.DecidedAt < decidedBefore)
                || (a.MaterialsDueOn >= first && a.MaterialsDueFrom < last));
        var candidates = await touched.OrderBy(a => a.Id).Select(a => new { a.Id, Kept = (a.PromisedOn == null || a.PromisedFrom != null)
            && (a.MaterialsDueOn == null || a.MaterialsDueFrom != null) }).Take(inline + 1).ToListAsync(ct);
        // Too many for the save: the job counts them all from where they started once the new calendar is saved. Those
        // counted before their start was kept need the calendar they were counted on, which only this save has: done here.
        var ids = candidates.Count > inline ? [.. candidates.Where(c => !c.Kept).Select(c => c.Id)] : candidates.Select(c => c.Id).ToList();
        var queued = 0;
        if (candidates.Count > inline)
        {
            // Counted through the partial index of the open ones, for the answer to say how many the job will count.
            queued = await touched.CountAsync(a => (a.PromisedOn == null || a.PromisedFrom != null) && (a.MaterialsDueOn == null || a.MaterialsDueFrom != null), ct);
            var lastSeen = candidates[^1].Id;
            var legacy = await OpenApplications(desk.Db).Where(a => a.Id > lastSeen
                    && ((a.PromisedFrom == null && a.PromisedOn >= first) || (a.PromisedFrom == null && a.ToleranceDueOn >= first && a.DecidedAt < decidedBefore)))
                .Select(a => a.Id).ToListAsync(ct);
            ids.AddRange(legacy);
        }
        var actor = (await desk.StaffAsync(ct)).Name;
        var materialsDays = MaterialsDays;
        var count = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            var applications = await desk.Db.ServiceApplications().IgnoreQueryFilters().Include(a => a.Materials).Where(a => chunk.Contains(a.Id)).ToListAsync(ct);
            var limits = await LimitsAsync(desk.Db, applications.Select(a => a.ServiceItemVersionId), ct);
            foreach (var a in applications)
            {
                var (days, toleranceDays) = limits[a.ServiceItemVersionId];
                var from = a.PromisedFrom ?? await StartBeforeKeptAsync(a, days, before, ct);
                var promised = from is { } f ? after.AddWorkingDays(f, days) : a.PromisedOn;
                // 容缺 materials still outstanding are due the same working days after the decision; handed in, the date is history.
                var tolerance = a.ToleranceDueOn is { } due && a.DecidedAt is { } decided && a.OwedTolerated().Count > 0
                    && before.AddWorkingDays(decided.ShanghaiDay(), toleranceDays) == due
                    ? after.AddWorkingDays(decided.ShanghaiDay(), toleranceDays)
                    : a.ToleranceDueOn;
                // 补正期限: the same working days from the notice (or the trip that told again), as long as it was counted so.
                // Its start is kept on every application awaiting materials (MaterialsDueBackfill fills older ones at start-up).
                var materials = a.MaterialsDueOn is { } m && a.MaterialsDueFrom is { } mf && a.State == ApplicationState.AwaitingMaterials
                    && before.AddWorkingDays(mf, materialsDays) == m
                    ? after.AddWorkingDays(mf, materialsDays)
                    : a.MaterialsDueOn;
                if (a.RecalculatePromise(new(promised, from, tolerance, materials, a.MaterialsDueFrom), why, actor, desk.Now))
                    count++;
            }
        }
        return (count, queued);
    }

    private int MaterialsDays => options.Value.MaterialsDays;

    /// <summary>
    /// The promises made, the 容缺 due dates set and the 补正期限 told since the change began to spread, that end on or
    /// after its first changed day: counted again from where they were counted on the new calendar (a day's decisions at
    /// most, through the partial index of the open applications). A date already on the new calendar stays, so settling
    /// twice moves nothing twice.
    /// </summary>
    public async Task<int> SettleAsync(CalendarChangeToSettle change, CancellationToken ct)
    {
        if (change.Changed.Count == 0) return 0;
        var (first, since, sinceDay) = (change.Changed[0], change.CountedSince, change.CountedSince.ShanghaiDay());
        var applications = await OpenApplications(desk.Db).Include(a => a.Materials)
            .Where(a => (a.PromisedFrom >= sinceDay && a.PromisedOn >= first) || (a.DecidedAt >= since && a.ToleranceDueOn >= first)
                || (a.MaterialsDueFrom >= sinceDay && a.MaterialsDueOn >= first))
            .OrderBy(a => a.Id).ToListAsync(ct);
        var limits = await LimitsAsync(desk.Db, applications.Select(a => a.ServiceItemVersionId), ct);
        var count = 0;
        foreach (var a in applications)
        {
            var dates = DatesOn(change.After, a.Dates, limits[a.ServiceItemVersionId], MaterialsDays, a.DecidedAt, a.OwedTolerated().Count > 0);
            if (a.RecalculatePromise(dates, change.Why, change.ActorName, change.Now)) count++;
        }
        return count;
    }

    /// <summary>
    /// An application's dates on a calendar: the promise the item's working days from its kept start (a promise with no
    /// kept start, or none, stays); the 容缺 due date the 容缺 days from the decision while a tolerated material is still
    /// owed (handed in, it is history and stays); the 补正期限 the configured working days from its kept notice day.
    /// </summary>
    public static CalendarDates DatesOn(WorkingCalendar calendar, CalendarDates now, (int Days, int Tolerance) limit, int materialsDays,
        DateTimeOffset? decidedAt, bool owesTolerated) => now with
        {
            PromisedOn = now.PromisedFrom is { } from ? calendar.AddWorkingDays(from, limit.Days) : now.PromisedOn,
            ToleranceDueOn = owesTolerated && now.ToleranceDueOn is not null && decidedAt is { } decided
                ? calendar.AddWorkingDays(decided.ShanghaiDay(), limit.Tolerance) : now.ToleranceDueOn,
            MaterialsDueOn = now.MaterialsDueOn is not null && now.MaterialsDueFrom is { } noticed ? calendar.AddWorkingDays(noticed, materialsDays) : now.MaterialsDueOn,
        };

    /// <summary>Every community's open applications, through the partial index of the open states.</summary>
    public static IQueryable<ServiceApplication> OpenApplications(Data.AppDbContext db) =>
        db.ServiceApplications().IgnoreQueryFilters().Where(a => a.State == ApplicationState.InProgress || a.State == ApplicationState.AwaitingMaterials
            || a.State == ApplicationState.Transferred);

    /// <summary>The time limit and the 容缺 days of the item versions the applications were received under.</summary>
    public static async Task<Dictionary<int, (int Days, int Tolerance)>> LimitsAsync(Data.AppDbContext db, IEnumerable<int> versions, CancellationToken ct)
    {
        var versionIds = versions.Distinct().ToList();
        return await db.ServiceItemVersions().IgnoreQueryFilters().Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => (v.TimeLimitWorkingDays, v.ToleranceDays), ct);
    }

    /// <summary>
    /// The start of a promise made before it was kept: the decision day or the day of a later trip (the one that completed
    /// the materials), whichever gives the promised date on the calendar it was counted on; the latest such day. Null
    /// when none does (the date is then left as it is).
    /// </summary>
    private async Task<DateOnly?> StartBeforeKeptAsync(ServiceApplication a, int days, WorkingCalendar before, CancellationToken ct)
    {
        if (a.PromisedOn is not { } promised || a.DecidedAt is not { } decided) return null;
        var trips = await desk.Db.Set<ApplicationEvent>().Where(e => e.ApplicationId == a.Id && e.Kind == "trip").Select(e => e.At).ToListAsync(ct);
        return trips.Append(decided).Select(t => t.ShanghaiDay()).OrderDescending()
            .Where(d => before.AddWorkingDays(d, days) == promised).Select(d => (DateOnly?)d).FirstOrDefault();
    }
}
