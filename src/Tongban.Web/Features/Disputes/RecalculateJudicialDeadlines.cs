using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// When a year's holidays are entered or corrected, the judicial-confirmation deadlines not yet used whose last day
/// (30 days after the agreement took effect, moved off rest days and holidays) falls among the changed days are worked
/// out again. Saved by the caller with the calendar change, like the appeals' limits; and once more when the change
/// settles (<see cref="ICalendarDeadlines"/>), for an agreement finalised on a node that had not yet read the change.
/// </summary>
public sealed class RecalculateJudicialDeadlines(DisputeWorkflow workflow) : ICalendarDeadlines
{
    /// <summary>Returns how many cases had their deadline moved. Does not save.</summary>
    public async Task<int> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, string why, CancellationToken ct) =>
        await RecountAsync(before.DaysThatDiffer(after, year), after, why, await workflow.ActorAsync(ct), workflow.Now, ct);

    /// <summary>
    /// The deadline is a function of the effective day and the calendar, so settling works out every unused deadline
    /// among the changed days again on the new calendar (a few hundred at most: the cases of one month's agreements);
    /// one already on it stays.
    /// </summary>
    public Task<int> SettleAsync(CalendarChangeToSettle change, CancellationToken ct) =>
        RecountAsync(change.Changed, change.After, change.Why, new DisputeActor(change.ActorUserId, change.ActorName, change.ActorUnit), change.Now, ct);

    private async Task<int> RecountAsync(IReadOnlyList<DateOnly> changed, WorkingCalendar after, string why, DisputeActor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        if (changed.Count == 0) return 0;
        // The deadline is the first working day on or after effective + 30: it can move only if that search reached a
        // changed day, so the old deadline is on or after the first one and effective + 30 on or before the last.
        var (first, lastEffective) = (changed[0], changed[^1].AddDays(-DisputeCase.JudicialWindowDays));
        var cases = await workflow.Db.Set<DisputeCase>().IgnoreQueryFilters()
            .Where(c => c.Judicial == JudicialStatus.None && c.JudicialDeadlineOn >= first && c.AgreementEffectiveOn <= lastEffective)
            .OrderBy(c => c.Id).ToListAsync(ct);
        var count = 0;
        foreach (var c in cases)
        {
            var deadline = DisputeDeadlines.JudicialDeadline(c.AgreementEffectiveOn!.Value, after);
            if (deadline == c.JudicialDeadlineOn) continue;
            c.RecalculateJudicialDeadline(deadline, why, actor, now);
            count++;
        }
        return count;
    }
}
