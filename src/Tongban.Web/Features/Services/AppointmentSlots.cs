using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record SlotView(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Day, string Time, bool IsExtended, int Seats, int Free);

public sealed record SlotDay(DateOnly Date, string Label, IReadOnlyList<SlotView> Slots);

/// <summary>
/// The slots of a community, computed from its opening periods and the working calendar (holidays closed, adjusted
/// working weekends open with Monday's hours); a slot's free seats are its seats minus live bookings.
/// </summary>
public sealed class AppointmentSlots(AppDbContext db, WorkingCalendar calendar, TimeProvider clock)
{
    public const int DaysAhead = 14;

    public async Task<IReadOnlyList<SlotDay>> HandleAsync(int communityId, DateOnly? from, int days, CancellationToken ct)
    {
        var periods = await PeriodsAsync(communityId, ct);
        var today = clock.Today();
        var start = from is { } f && f > today ? f : today;
        var end = start.AddDays(Math.Clamp(days, 1, DaysAhead));
        var now = clock.GetUtcNow();
        var fromUtc = Utc(start, TimeOnly.MinValue);
        var toUtc = Utc(end, TimeOnly.MinValue);
        var taken = await db.Appointments().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.CommunityId == communityId && a.ActiveKey != null && a.StartsAt >= fromUtc && a.StartsAt < toUtc)
            .GroupBy(a => a.StartsAt).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var takenAt = taken.ToDictionary(t => t.Key.UtcDateTime, t => t.Count);
        var result = new List<SlotDay>();
        for (var day = start; day < end; day = day.AddDays(1))
        {
            var slots = SlotsOn(periods, day)
                .Where(s => s.StartsAt > now)
                .Select(s => s with { Free = Math.Max(0, s.Seats - takenAt.GetValueOrDefault(s.StartsAt.UtcDateTime)) })
                .ToList();
            if (slots.Count > 0) result.Add(new SlotDay(day, DayLabel(day, today), slots));
        }
        return result;
    }

    public Task<List<OpeningPeriod>> PeriodsAsync(int communityId, CancellationToken ct) =>
        db.OpeningPeriods().IgnoreQueryFilters().AsNoTracking().Where(p => p.CommunityId == communityId).ToListAsync(ct);

    /// <summary>The opening periods that apply on a date under the working calendar.</summary>
    public IEnumerable<OpeningPeriod> PeriodsOn(IEnumerable<OpeningPeriod> periods, DateOnly day) => PeriodsOn(calendar, periods, day);

    /// <summary>The opening periods that apply on a date under a given calendar (one being saved, say).</summary>
    public static IEnumerable<OpeningPeriod> PeriodsOn(WorkingCalendar calendar, IEnumerable<OpeningPeriod> periods, DateOnly day)
    {
        if (calendar.HolidayName(day) is not null) return [];
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var pattern = weekend && calendar.IsWorkingDay(day) ? DayOfWeek.Monday : day.DayOfWeek;
        return periods.Where(p => p.Day == pattern);
    }

    public IEnumerable<SlotView> SlotsOn(IEnumerable<OpeningPeriod> periods, DateOnly day) => SlotsOn(calendar, periods, day);

    /// <summary>The slots of a date under a given calendar.</summary>
    public static IEnumerable<SlotView> SlotsOn(WorkingCalendar calendar, IEnumerable<OpeningPeriod> periods, DateOnly day)
    {
        foreach (var p in PeriodsOn(calendar, periods, day).OrderBy(p => p.Start))
        {
            for (var t = p.Start; t.AddMinutes(p.SlotMinutes) <= p.End && t >= p.Start; t = t.AddMinutes(p.SlotMinutes))
            {
                var startsAt = Utc(day, t);
                yield return new SlotView(startsAt, startsAt.AddMinutes(p.SlotMinutes), day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    $"{t:HH\\:mm}-{t.AddMinutes(p.SlotMinutes):HH\\:mm}", p.IsExtended, p.AppointmentSeats, p.AppointmentSeats);
                if (t.AddMinutes(p.SlotMinutes) < t) break; // midnight wrap
            }
        }
    }

    public static DateTimeOffset Utc(DateOnly day, TimeOnly time) =>
        new DateTimeOffset(day.ToDateTime(time), TimeSpan.FromHours(8)).ToUniversalTime();

    private static string DayLabel(DateOnly day, DateOnly today)
    {
        var week = "日一二三四五六"[(int)day.DayOfWeek];
        var prefix = day == today ? "今天 " : day == today.AddDays(1) ? "明天 " : "";
        return $"{prefix}{day.Month}月{day.Day}日 周{week}";
    }
}
