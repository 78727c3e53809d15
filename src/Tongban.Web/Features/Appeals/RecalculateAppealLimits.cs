using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// When a year's holidays are entered or corrected, the open appeals whose limits were counted in working days across
/// the days that changed get them counted again from where they started (the submission, the last escalation or the
/// reopening), on the new calendar. The caller saves in the same SaveChanges as the calendar itself, so nobody (the
/// deadline job included) sees the new year with the old limits or the reverse. Closed appeals keep what they had.
/// </summary>
public sealed class RecalculateAppealLimits(AppealWorkflow workflow, TimeLimitPolicy limits)
{
    /// <summary>Counts the changed limits again; returns how many open appeals had a limit move. Does not save.</summary>
    public async Task<int> RunAsync(int year, WorkingCalendar before, WorkingCalendar after, string why, CancellationToken ct)
    {
        var changed = before.DaysThatDiffer(after, year);
        if (changed.Count == 0) return 0;
        // A limit whose count ended before the first changed day, or started after the last, is not touched.
        var first = StartOf(changed[0]);
        var last = StartOf(changed[^1].AddDays(1));
        var appeals = await workflow.Db.Appeals.IgnoreQueryFilters().Where(AppealDeadlines.Open())
            .Where(a => (a.FeedbackDueAt > first && (a.FeedbackLimitFrom ?? a.SubmittedAt) < last)
                || ((a.PromisedFeedbackAt ?? a.FeedbackDueAt) > first && (a.PromiseMadeAt ?? a.SubmittedAt) < last))
            .OrderBy(a => a.Id).ToListAsync(ct);
        if (appeals.Count == 0) return 0;
        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        var count = 0;
        foreach (var appeal in appeals)
        {
            // Only limits the rule counts in working days; a limit in hours does not follow the calendar.
            if ((await limits.RuleAsync(appeal.CategoryId, appeal.Urgency, ct)).FeedbackHours is not null) continue;
            var feedback = Recount(appeal.FeedbackLimitFrom ?? appeal.SubmittedAt, appeal.FeedbackDueAt, before, after);
            var promised = Recount(appeal.PromiseMadeAt ?? appeal.SubmittedAt, appeal.PromisedFeedback, before, after);
            if (feedback == appeal.FeedbackDueAt && promised == appeal.PromisedFeedback) continue;
            appeal.RecalculateLimits(feedback, promised, why, actor, now);
            count++;
        }
        return count;
    }

    /// <summary>The same number of working days from the same start on the new calendar; a limit not counted that way stays.</summary>
    private static DateTimeOffset Recount(DateTimeOffset start, DateTimeOffset due, WorkingCalendar before, WorkingCalendar after) =>
        before.WorkingDaysCounted(start, due) is { } n ? after.DeadlineAfterWorkingDays(start, n) : due;

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, ShanghaiTime.Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
