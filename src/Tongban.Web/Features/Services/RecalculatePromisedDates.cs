using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// When a year's holidays are entered, corrected or dropped, the open applications whose promised date (承诺办结日期)
/// or 容缺 due date was counted in working days across the days that changed get it counted again, on the new calendar,
/// from the day it was counted from and with the time limit of the item version they were received under. The caller
/// saves in the same SaveChanges as the calendar, like the appeals' limits. Finished applications keep what they had.
/// </summary>
public sealed class RecalculatePromisedDates(ServiceDesk desk)
{
    /// <summary>Counts the changed dates again; returns how many open applications had a date move. Does not save.</summary>
    public async Task<int> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, string why, CancellationToken ct)
    {
        var changed = before.DaysThatDiffer(after, year);
        if (changed.Count == 0) return 0;
        // A count moves only when a changed day lies after its start and on or before its end.
        var (first, last) = (changed[0], changed[^1]);
        var decidedBefore = AppointmentSlots.Utc(last, TimeOnly.MinValue);
        var applications = await desk.Db.ServiceApplications().IgnoreQueryFilters().Include(a => a.Materials)
            .Where(a => a.State == ApplicationState.InProgress || a.State == ApplicationState.Transferred || a.State == ApplicationState.AwaitingMaterials)
            .Where(a => (a.PromisedOn >= first && (a.PromisedFrom == null || a.PromisedFrom < last))
                || (a.ToleranceDueOn >= first && a.DecidedAt < decidedBefore))
            .OrderBy(a => a.Id).ToListAsync(ct);
        if (applications.Count == 0) return 0;
        var versionIds = applications.Select(a => a.ServiceItemVersionId).Distinct().ToList();
        var limits = await desk.Db.ServiceItemVersions().IgnoreQueryFilters().Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => (Days: v.TimeLimitWorkingDays, Tolerance: v.ToleranceDays), ct);
        var actor = (await desk.StaffAsync(ct)).Name;
        var count = 0;
        foreach (var a in applications)
        {
            var (days, toleranceDays) = limits[a.ServiceItemVersionId];
            var from = a.PromisedFrom ?? await StartBeforeKeptAsync(a, days, before, ct);
            var promised = from is { } f ? after.AddWorkingDays(f, days) : a.PromisedOn;
            // 容缺 materials still outstanding are due the same working days after the decision; handed in, the date is history.
            var tolerance = a.ToleranceDueOn is { } due && a.DecidedAt is { } decided && a.Materials.Any(m => m.Status == MaterialStatus.Tolerated)
                && before.AddWorkingDays(decided.ShanghaiDay(), toleranceDays) == due
                ? after.AddWorkingDays(decided.ShanghaiDay(), toleranceDays)
                : a.ToleranceDueOn;
            if (a.RecalculatePromise(promised, from, tolerance, why, actor, desk.Now)) count++;
        }
        return count;
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
