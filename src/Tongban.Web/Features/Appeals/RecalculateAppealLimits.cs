using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// What a calendar change did to open appeals' limits at once, how many it left to the deadline job, and when it
/// settles (null when no day changed).
/// </summary>
public sealed record AppealLimitRecountResult(int Moved, int Queued, DateTimeOffset? SettlesAt = null);

/// <summary>Progress of a recount left to the deadline job, for the calendar page.</summary>
public sealed record AppealLimitRecountProgress(int Year, int Candidates, int Looked, int Moved, DateTimeOffset RequestedAt);

/// <summary>
/// When a year's holidays are entered or corrected, the open appeals whose limits were counted in working days across
/// the days that changed get them counted again from where they started (the submission, the last escalation or the
/// reopening), on the new calendar. Closed appeals keep what they had.
/// <para>
/// Up to <see cref="AppealOptions.CalendarRecountInline"/> appeals are counted in the caller's SaveChanges, with the
/// calendar itself, so nobody sees the new year with the old limits. More than that would hold the database's writer
/// (and every appeal's row) for as long as it takes: measured on the 5M-appeal city, 63,000 appeals took 16 s on
/// SQLite, past its 10 s busy timeout, and 60 s on PostgreSQL. So a larger recount is recorded
/// (<see cref="AppealLimitRecount"/>) and done by the deadline job in chunks of the same size, each committed with its
/// progress; the job escalates and warns nothing until it is done.
/// </para>
/// <para>
/// Every change that moves days is recorded so, and settles once every node has it: the deadline job (or the next
/// calendar save) counts again the appeals' limits counted on the old calendar meanwhile, and has every other kind of
/// deadline counted on the calendar (<see cref="ICalendarDeadlines"/>: judicial confirmation, the window's promises)
/// do the same, in one save.
/// </para>
/// </summary>
public sealed class RecalculateAppealLimits(AppealWorkflow workflow, TimeLimitPolicy limits, WorkingCalendar calendar, IEnumerable<ICalendarDeadlines> others)
{
    /// <summary>
    /// Counts the changed limits again (at most the configured number, else records the work for the deadline job).
    /// Does not save: the caller saves with the calendar.
    /// </summary>
    public async Task<AppealLimitRecountResult> RunAsync(int year, IReadOnlyList<CalendarYear> enteredBefore, IReadOnlyList<CalendarYear> enteredAfter, string why,
        CancellationToken ct)
    {
        var (before, after) = (calendar.With(enteredBefore), calendar.With(enteredAfter));
        var changed = before.DaysThatDiffer(after, year);
        if (changed.Count == 0) return new(0, 0);
        var candidates = Candidates(workflow.Db.Appeals.IgnoreQueryFilters(), changed);
        var inline = InlineLimit;
        // Ids first: a large recount needs only their count, not the appeals themselves.
        var ids = await candidates.OrderBy(a => a.Id).Select(a => a.Id).Take(inline + 1).ToListAsync(ct);
        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        var change = new AppealLimitRecount
        {
            Year = year, Before = CalendarYear.ManyToJson(enteredBefore), After = CalendarYear.ManyToJson(enteredAfter), Why = why,
            ActorUserId = actor.UserId, ActorName = actor.Name, ActorUnit = actor.Unit, RequestedAt = now,
            TailFrom = now - TailLead, TailAfter = now + Settle,
        };
        workflow.Db.AppealLimitRecounts.Add(change);
        if (ids.Count <= inline)
        {
            var few = ids.Count == 0 ? [] : await workflow.Db.Appeals.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);
            change.Moved = Recount(few, before, after, await CountedDaysAsync(few, ct), why, actor, now);
            (change.Candidates, change.Looked, change.FinishedAt) = (ids.Count, ids.Count, now);
            change.LastAppealId = change.DoneThroughId = ids.Count == 0 ? 0 : ids[^1];
            return new(change.Moved, 0, change.TailAfter);
        }

        // Too many for one transaction: the work is left to the deadline job.
        change.Candidates = await candidates.CountAsync(ct);
        change.LastAppealId = await workflow.Db.Appeals.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id, ct) ?? 0;
        return new(0, change.Candidates, change.TailAfter);
    }

    /// <summary>How long before the save a limit may have been counted and still be written after the save read the appeals.</summary>
    private static readonly TimeSpan TailLead = TimeSpan.FromMinutes(1);

    private TimeSpan Settle => TimeSpan.FromSeconds(Math.Max(0, workflow.Options.CalendarSettleSeconds));

    /// <summary>The configured bound; a negative setting counts as 0 (every recount is left to the deadline job).</summary>
    private int InlineLimit => Math.Max(0, workflow.Options.CalendarRecountInline);

    /// <summary>Recounts left to the deadline job, oldest first.</summary>
    public async Task<List<AppealLimitRecountProgress>> PendingAsync(CancellationToken ct) =>
        await workflow.Db.AppealLimitRecounts.AsNoTracking().Where(r => r.FinishedAt == null).OrderBy(r => r.Id)
            .Select(r => new AppealLimitRecountProgress(r.Year, r.Candidates, r.Looked, r.Moved, r.RequestedAt)).ToListAsync(ct);

    /// <summary>
    /// The deadline job's part: works through the recorded recounts in order, one chunk per transaction, for at most
    /// <paramref name="budget"/>. True when none is left. Another node working on the same recount makes this one's
    /// chunk fail on the progress it read, and this one stops.
    /// </summary>
    public async Task<bool> ContinueAsync(TimeSpan budget, CancellationToken ct)
    {
        var db = workflow.Db;
        var chunkSize = Math.Max(1, InlineLimit);
        var clock = Stopwatch.StartNew();
        var (done, conflicts) = (0, 0);
        while (true)
        {
            db.ChangeTracker.Clear();
            var recount = await db.AppealLimitRecounts.Where(r => r.FinishedAt == null).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
            if (recount is null)
            {
                await SettleAsync(ct);
                return true;
            }
            if (done > 0 && clock.Elapsed > budget) return false; // at least one chunk per run, however short the budget
            var (before, after) = CalendarsOf(recount);
            var changed = before.DaysThatDiffer(after, recount.Year);
            var readThrough = recount.DoneThroughId;
            var chunk = changed.Count == 0 ? [] : await Candidates(db.Appeals.IgnoreQueryFilters(), changed)
                .Where(a => a.Id > readThrough && a.Id <= recount.LastAppealId).OrderBy(a => a.Id).Take(chunkSize).ToListAsync(ct);
            var actor = new Actor(recount.ActorUserId, recount.ActorName, recount.ActorUnit);
            recount.Moved += Recount(chunk, before, after, await CountedDaysAsync(chunk, ct), recount.Why, actor, workflow.Now);
            recount.Looked += chunk.Count;
            if (chunk.Count < chunkSize) recount.FinishedAt = workflow.Now;
            else recount.DoneThroughId = chunk[^1].Id;
            try
            {
                await db.SaveChangesAsync(ct);
                done++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Either another node took this chunk (it moved the progress: leave the rest to it) or a member of
                // staff changed one of these appeals meanwhile (read them again and count once more).
                db.ChangeTracker.Clear();
                var progress = await db.AppealLimitRecounts.AsNoTracking().Where(r => r.Id == recount.Id).Select(r => new { r.DoneThroughId, r.FinishedAt }).SingleAsync(ct);
                if (progress.FinishedAt is not null || progress.DoneThroughId != readThrough || ++conflicts > 5) return false;
            }
        }
    }

    /// <summary>
    /// The change that has not settled yet, if any: another change now would be counted from a calendar some nodes
    /// have not taken up (see <see cref="AppealLimitRecount"/>).
    /// </summary>
    public async Task<AppealLimitRecount?> UnsettledAsync(CancellationToken ct) =>
        await workflow.Db.AppealLimitRecounts.AsNoTracking().Where(r => r.TailAfter != null && r.TailDoneAt == null).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Settles the changes whose time has come, their recount done: limits counted since shortly before the save that
    /// are exactly the working days they were counted with on the old calendar are counted on the new one, and every
    /// other kind of deadline on the calendar settles too (<see cref="ICalendarDeadlines"/>). Does not save. An appeal
    /// already on the new calendar (counted after its node took it up, or moved by the recount) is not exactly that, and
    /// stays; so settling twice moves nothing twice. The working days are those recorded when the limit was counted
    /// (<see cref="Appeal.FeedbackWorkingDays"/>), not the rule's now: a rule changed meanwhile would otherwise make a
    /// stale limit look like one counted on the new calendar.
    /// </summary>
    public async Task<int> SettleDueAsync(CancellationToken ct)
    {
        var db = workflow.Db;
        var now = workflow.Now;
        var due = await db.AppealLimitRecounts.Where(r => r.TailAfter != null && r.TailDoneAt == null && r.FinishedAt != null && r.TailAfter <= now)
            .OrderBy(r => r.Id).ToListAsync(ct);
        var moved = 0;
        foreach (var change in due)
        {
            var (before, after) = CalendarsOf(change);
            var changed = before.DaysThatDiffer(after, change.Year);
            var from = change.TailFrom ?? change.RequestedAt;
            var fresh = changed.Count == 0 ? [] : await Candidates(db.Appeals.IgnoreQueryFilters(), changed)
                .Where(a => (a.FeedbackLimitFrom ?? a.SubmittedAt) >= from || (a.PromiseMadeAt ?? a.SubmittedAt) >= from).OrderBy(a => a.Id).ToListAsync(ct);
            var days = await CountedDaysAsync(fresh, ct);
            var actor = new Actor(change.ActorUserId, change.ActorName, change.ActorUnit);
            foreach (var appeal in fresh)
            {
                // Only a limit counted since then can be stale; one counted earlier was the recount's to move.
                var (feedbackFrom, promiseFrom) = (appeal.FeedbackLimitFrom ?? appeal.SubmittedAt, appeal.PromiseMadeAt ?? appeal.SubmittedAt);
                var feedback = feedbackFrom >= from && days[appeal.Id].Feedback is { } n
                    ? OnOldCalendar(feedbackFrom, appeal.FeedbackDueAt, n, before, after) : appeal.FeedbackDueAt;
                var promised = promiseFrom >= from && days[appeal.Id].Promise is { } p
                    ? OnOldCalendar(promiseFrom, appeal.PromisedFeedback, p, before, after) : appeal.PromisedFeedback;
                if (feedback == appeal.FeedbackDueAt && promised == appeal.PromisedFeedback) continue;
                appeal.RecalculateLimits(feedback, promised, change.Why, actor, now);
                change.TailMoved++;
            }
            // The other deadlines counted on the calendar, in the same save; counted with the appeals moved here.
            var settling = new CalendarChangeToSettle(before, after, changed, from, change.Why, change.ActorUserId, change.ActorName, change.ActorUnit, now);
            foreach (var kind in others) change.TailMoved += await kind.SettleAsync(settling, ct);
            change.TailDoneAt = now;
            moved += change.TailMoved;
        }
        return moved;
    }

    /// <summary>The deadline job's settling: saved at once; an appeal changed meanwhile leaves it to the next run.</summary>
    private async Task SettleAsync(CancellationToken ct)
    {
        try
        {
            await SettleDueAsync(ct);
            await workflow.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            workflow.Db.ChangeTracker.Clear();
        }
    }

    /// <summary>The calendars before and after a recorded change, as they were when it was saved.</summary>
    private (WorkingCalendar Before, WorkingCalendar After) CalendarsOf(AppealLimitRecount change) =>
        (calendar.With(CalendarYear.ManyFromJson(change.Before)), calendar.With(CalendarYear.ManyFromJson(change.After)));

    /// <summary>A limit that is exactly <paramref name="n"/> working days on the old calendar, counted on the new one; any other stays.</summary>
    private static DateTimeOffset OnOldCalendar(DateTimeOffset start, DateTimeOffset due, int n, WorkingCalendar before, WorkingCalendar after) =>
        before.WorkingDaysCounted(start, due) == n ? after.DeadlineAfterWorkingDays(start, n) : due;

    /// <summary>
    /// Open appeals whose feedback limit or promise ran across the changed days: a count that ended before the first
    /// changed day, or started after the last, is not touched.
    /// </summary>
    private static IQueryable<Appeal> Candidates(IQueryable<Appeal> appeals, IReadOnlyList<DateOnly> changed)
    {
        var first = StartOf(changed[0]);
        var last = StartOf(changed[^1].AddDays(1));
        return appeals.Where(AppealDeadlines.Open()).Where(a => (a.FeedbackDueAt > first && (a.FeedbackLimitFrom ?? a.SubmittedAt) < last)
            || ((a.PromisedFeedbackAt ?? a.FeedbackDueAt) > first && (a.PromiseMadeAt ?? a.SubmittedAt) < last));
    }

    /// <summary>
    /// The working days each appeal's feedback limit and promise were counted with (null: in hours, which do not follow
    /// the calendar): as recorded when they were counted; for a limit counted before that was recorded, the working
    /// days of the appeal's rule now.
    /// </summary>
    private async Task<Dictionary<long, (int? Feedback, int? Promise)>> CountedDaysAsync(IEnumerable<Appeal> appeals, CancellationToken ct)
    {
        var days = new Dictionary<long, (int? Feedback, int? Promise)>();
        foreach (var appeal in appeals)
        {
            var rule = appeal.FeedbackWorkingDays is null || appeal.PromiseWorkingDays is null
                ? TimeLimitPolicy.WorkingDaysOf(await limits.RuleAsync(appeal.CategoryId, appeal.Urgency, ct))
                : null;
            days[appeal.Id] = (appeal.FeedbackWorkingDays ?? rule, appeal.PromiseWorkingDays ?? rule);
        }
        return days;
    }

    private static int Recount(IEnumerable<Appeal> appeals, WorkingCalendar before, WorkingCalendar after, Dictionary<long, (int? Feedback, int? Promise)> inDays,
        string why, Actor actor, DateTimeOffset now)
    {
        var count = 0;
        foreach (var appeal in appeals)
        {
            var feedback = inDays[appeal.Id].Feedback is null ? appeal.FeedbackDueAt
                : Recount(appeal.FeedbackLimitFrom ?? appeal.SubmittedAt, appeal.FeedbackDueAt, before, after);
            var promised = inDays[appeal.Id].Promise is null ? appeal.PromisedFeedback
                : Recount(appeal.PromiseMadeAt ?? appeal.SubmittedAt, appeal.PromisedFeedback, before, after);
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
