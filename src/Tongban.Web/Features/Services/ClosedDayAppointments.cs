using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// Bookings (预约) on a day a calendar change closed: a year's holidays entered, corrected or dropped can make a day
/// with booked slots a holiday, or an adjusted working weekend an ordinary rest day again, so the slot is no longer
/// open. Each such booking, still booked and still ahead, is flagged for the window (<see cref="Appointment.DayClosedAt"/>,
/// 该日已调整为休息日，请联系群众改约) and its resident is texted once through the outbox
/// (<c>service-appointment-day-closed</c>, key <c>appt:{code}:day-closed</c>). Done in the calendar's own save (the
/// answer says how many), and again when the change settles (<see cref="ICalendarDeadlines"/>): a node that had not
/// read the change yet still offered the closed day's slots. Safe to repeat; a booking whose slot a later change opens
/// again loses the flag.
/// </summary>
public sealed class ClosedDayAppointments(AppDbContext db) : ICalendarDeadlines
{
    public const string Template = "service-appointment-day-closed";

    /// <summary>In the calendar's save: how many booked appointments ahead now fall on a day the change closed. Does not save.</summary>
    public async Task<int> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, DateTimeOffset now, CancellationToken ct) =>
        (await FlagAsync(before.DaysThatDiffer(after, year), after, now, ct)).Closed;

    /// <summary>When the change settles: the bookings made meanwhile on the closed days are flagged too; returns how many newly.</summary>
    public async Task<int> SettleAsync(CalendarChangeToSettle change, CancellationToken ct) =>
        (await FlagAsync(change.Changed, change.After, change.Now, ct)).Flagged;

    private async Task<(int Closed, int Flagged)> FlagAsync(IReadOnlyList<DateOnly> changed, WorkingCalendar after, DateTimeOffset now, CancellationToken ct)
    {
        if (changed.Count == 0) return (0, 0);
        var (from, to) = (AppointmentSlots.Utc(changed[0], TimeOnly.MinValue), AppointmentSlots.Utc(changed[^1].AddDays(1), TimeOnly.MinValue));
        // At most the 14 days one can book ahead, through the (Status, StartsAt) index.
        var booked = (await db.Appointments().IgnoreQueryFilters().Include(a => a.ServiceItem!).ThenInclude(i => i.CurrentVersion)
                .Where(a => a.Status == AppointmentStatus.Booked && a.StartsAt > now && a.StartsAt >= from && a.StartsAt < to).OrderBy(a => a.Id).ToListAsync(ct))
            .Where(a => changed.Contains(a.StartsAt.ShanghaiDay())).ToList();
        if (booked.Count == 0) return (0, 0);
        var communityIds = booked.Select(a => a.CommunityId).Distinct().ToList();
        var periods = (await db.OpeningPeriods().IgnoreQueryFilters().AsNoTracking().Where(p => communityIds.Contains(p.CommunityId)).ToListAsync(ct))
            .ToLookup(p => p.CommunityId);
        var communities = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(x => communityIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var keys = booked.Select(Key).ToList();
        var sent = (await db.OutboxMessages.AsNoTracking().Where(m => keys.Contains(m.IdempotencyKey)).Select(m => m.IdempotencyKey).ToListAsync(ct))
            .Concat(db.OutboxMessages.Local.Select(m => m.IdempotencyKey)).ToHashSet();
        var (closed, flagged) = (0, 0);
        foreach (var a in booked)
        {
            var open = AppointmentSlots.SlotsOn(after, periods[a.CommunityId], a.StartsAt.ShanghaiDay()).Any(s => s.StartsAt == a.StartsAt);
            if (open)
            {
                a.DayClosedAt = null;
                continue;
            }
            closed++;
            if (a.DayClosedAt is not null) continue;
            a.DayClosedAt = now;
            flagged++;
            // Told once, however often the change is settled or a later change closes the day again.
            if (sent.Add(Key(a)))
                db.OutboxMessages.Add(BookAppointment.Message(a, a.ServiceItem?.CurrentVersion?.Name ?? "", communities.GetValueOrDefault(a.CommunityId, ""),
                    Template, "day-closed", now));
        }
        return (closed, flagged);
    }

    private static string Key(Appointment a) => $"appt:{a.Code}:day-closed";
}
