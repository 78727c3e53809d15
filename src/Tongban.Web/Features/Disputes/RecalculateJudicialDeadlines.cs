using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// When a year's holidays are entered or corrected, the judicial-confirmation deadlines not yet used whose last day
/// (30 days after the agreement took effect, moved off rest days and holidays) falls among the changed days are worked
/// out again. Saved by the caller with the calendar change, like the appeals' limits.
/// </summary>
public sealed class RecalculateJudicialDeadlines(DisputeWorkflow workflow)
{
    /// <summary>Returns how many cases had their deadline moved. Does not save.</summary>
    public async Task<int> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, string why, CancellationToken ct)
    {
        var changed = before.DaysThatDiffer(after, year);
        if (changed.Count == 0) return 0;
        // The deadline is the first working day on or after effective + 30: it can move only if that search reached a
        // changed day, so the old deadline is on or after the first one and effective + 30 on or before the last.
        var (first, lastEffective) = (changed[0], changed[^1].AddDays(-DisputeCase.JudicialWindowDays));
        var cases = await workflow.Db.Set<DisputeCase>().IgnoreQueryFilters()
            .Where(c => c.Judicial == JudicialStatus.None && c.JudicialDeadlineOn >= first && c.AgreementEffectiveOn <= lastEffective)
            .OrderBy(c => c.Id).ToListAsync(ct);
        if (cases.Count == 0) return 0;
        var actor = await workflow.ActorAsync(ct);
        var count = 0;
        foreach (var c in cases)
        {
            var deadline = DisputeDeadlines.JudicialDeadline(c.AgreementEffectiveOn!.Value, after);
            if (deadline == c.JudicialDeadlineOn) continue;
            c.RecalculateJudicialDeadline(deadline, why, actor, workflow.Now);
            count++;
        }
        return count;
    }
}
