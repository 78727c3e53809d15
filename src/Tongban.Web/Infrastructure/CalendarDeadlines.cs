namespace Tongban.Web.Infrastructure;

/// <summary>
/// A recorded working-calendar change being settled, once every node has it: the calendars before and after, the days
/// whose working or rest status differs, and from when a deadline may have been counted on the old calendar while the
/// change spread (<see cref="CountedSince"/>). The reason and the administrator who made it go on each moved record.
/// </summary>
public sealed record CalendarChangeToSettle(WorkingCalendar Before, WorkingCalendar After, IReadOnlyList<DateOnly> Changed, DateTimeOffset CountedSince,
    string Why, string? ActorUserId, string ActorName, string ActorUnit, DateTimeOffset Now);

/// <summary>
/// A kind of deadline counted on the working calendar besides the appeals' limits (which settle in
/// <c>RecalculateAppealLimits</c> itself): the judicial-confirmation deadlines of disputes, the window's promised dates,
/// 容缺 due dates and 补正期限; and the window's bookings on a day the change closed (not a deadline, but hanging on the
/// calendar the same way).
/// Each recorded calendar change settles every kind in the same save, so a deadline counted on a node that had not yet
/// read the change (up to <c>CalendarRefresh.Interval</c>) is counted again on the new calendar.
/// </summary>
public interface ICalendarDeadlines
{
    /// <summary>
    /// Counts again on <see cref="CalendarChangeToSettle.After"/> the deadlines of this kind that may have been counted on
    /// the old calendar since <see cref="CalendarChangeToSettle.CountedSince"/> and run across the changed days. Safe to
    /// repeat: one already on the new calendar stays. Returns how many moved; does not save.
    /// </summary>
    Task<int> SettleAsync(CalendarChangeToSettle change, CancellationToken ct);
}
