using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record DeadlineRunResult(bool Ran, int Escalated, int Warnings)
{
    public static readonly DeadlineRunResult Skipped = new(false, 0, 0);
}

/// <summary>
/// The deadline job: escalates an appeal to the next tier when a time limit passes, and raises the warnings (due soon,
/// overdue at the district, no response in 24 h, no progress in 3 days, late acknowledgement). It works only while
/// holding the "appeals.deadlines" lease, so with several nodes one runs it; each escalation is also guarded by the
/// appeal's version and each warning by its unique key, so even an overlapping run cannot act twice.
/// </summary>
public sealed class AppealDeadlineJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AppealOptions> options, ILogger<AppealDeadlineJob> logger)
    : BackgroundService
{
    public const string LeaseName = "appeals.deadlines";
    private const int Batch = 500;

    /// <summary>This instance's name on the lease row.</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = options.Value.Jobs;
        if (!jobs.DeadlinesEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, jobs.DeadlineIntervalSeconds)), clock);
        do
        {
            try
            {
                var result = await RunOnceAsync(stoppingToken);
                if (result.Escalated + result.Warnings > 0)
                    logger.LogInformation("Appeal deadlines: {Escalated} escalated, {Warnings} warnings", result.Escalated, result.Warnings);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Appeal deadline run failed; it will be retried at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass, if this node gets the lease. Safe to call from several nodes (and tests) at once.</summary>
    /// <remarks>Times are taken in UTC whatever clock is given: PostgreSQL stores only UTC instants.</remarks>
    public async Task<DeadlineRunResult> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!await JobLeases.TryAcquireAsync(db, LeaseName, Holder, now, TimeSpan.FromSeconds(options.Value.Jobs.LeaseSeconds), ct))
                return DeadlineRunResult.Skipped;
        }
        await NotifyNewAppealsAsync(now, ct);
        // A calendar change too large to recount in its own save is worked through first; until it is done no appeal is
        // escalated or warned about on a limit that is being corrected.
        if (!await RecountLimitsAsync(ct)) return new DeadlineRunResult(true, 0, 0);
        var escalated = await EscalateOverdueAsync(now, ct);
        var warnings = await RaiseWarningsAsync(now, ct) + await RemindFollowUpsAsync(now, ct);
        return new DeadlineRunResult(true, escalated, warnings);
    }

    /// <summary>
    /// New appeals from every channel (QR codes, Open311, the window) reach the community staff who must accept them;
    /// one notice per appeal and person, however the appeal came in.
    /// </summary>
    private async Task NotifyNewAppealsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<AppealNotifier>();
        var since = now.AddDays(-2);
        var fresh = await db.Appeals.IgnoreQueryFilters().Where(a => a.State == AppealState.Submitted && a.SubmittedAt >= since)
            .OrderBy(a => a.Id).Take(Batch).ToListAsync(ct);
        if (fresh.Count == 0) return;
        var told = (await db.Notifications.Where(n => n.Key != null && n.Key.StartsWith("new:") && n.CreatedAt >= since).Select(n => n.Key!).ToListAsync(ct))
            .Select(k => k.Split(':')[1]).ToHashSet();
        foreach (var appeal in fresh.Where(a => !told.Contains(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            var owners = (await notifier.OwnersAsync(appeal, ct)).Where(u => u != appeal.SubmittedByUserId);
            await notifier.NotifyAsync(owners, $"新诉求待受理：{appeal.Number}「{appeal.Title}」，请于 {appeal.DispatchDueAt.ShowDeadline()} 前受理并派单。",
                AppealNotifier.LinkTo(appeal), $"new:{appeal.Id}", ct);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>True when no recount of limits is left; works on one for at most half the lease, so the lease outlasts it.</summary>
    private async Task<bool> RecountLimitsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecalculateAppealLimits>()
            .ContinueAsync(TimeSpan.FromSeconds(options.Value.Jobs.LeaseSeconds / 2.0), ct);
    }

    /// <summary>回访提醒: resolved appeals nobody has followed up within the configured days.</summary>
    private async Task<int> RemindFollowUpsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-options.Value.FollowUpDays);
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            ids = await db.Appeals.IgnoreQueryFilters().Where(a => a.State == AppealState.Resolved && a.ResolvedAt < cutoff)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct);
        }
        var count = 0;
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<AppealWorkflow>();
            var appeal = await workflow.Db.Appeals.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == id && a.State == AppealState.Resolved, ct);
            if (appeal is null) continue;
            if (!await AppealWarnings.RaiseAsync(workflow.Db, workflow.Notifier, appeal, AppealWarningCode.FollowUpOverdue, "yellow",
                    $"诉求 {appeal.Number}「{appeal.Title}」办结已超过{options.Value.FollowUpDays}天，尚未回访。",
                    $"warn:follow-up:{appeal.Id}:{appeal.ReopenCount}", await workflow.Notifier.OwnersAsync(appeal, ct), now, ct)) continue;
            try
            {
                await workflow.SaveAsync(ct);
                count++;
            }
            catch (Exception e) when (e is DomainException or DbUpdateException)
            {
                logger.LogInformation("Follow-up reminder for appeal {Id} was raised elsewhere; skipped", id);
            }
        }
        return count;
    }

    private async Task<int> EscalateOverdueAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            ids = await db.Appeals.IgnoreQueryFilters().Where(AppealDeadlines.Overdue(now)).Where(a => a.Tier != AppealTier.District)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct);
        }
        var count = 0;
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<AppealWorkflow>();
            var limits = scope.ServiceProvider.GetRequiredService<TimeLimitPolicy>();
            var appeal = await workflow.Db.Appeals.IgnoreQueryFilters().Include(a => a.Assignments).FirstOrDefaultAsync(a => a.Id == id, ct);
            if (appeal is null || !appeal.IsOpen || appeal.Tier == AppealTier.District) continue;
            var lateDispatch = AppealDeadlines.IsUndispatched(appeal.State) && appeal.DispatchDueAt < now;
            var lateFeedback = appeal.FeedbackDueAt < now;
            if (!lateDispatch && !lateFeedback) continue; // another run got here first
            var reason = lateDispatch
                ? $"超过派单时限（{appeal.DispatchDueAt.ShowDeadline()}）仍未派单，系统自动升级"
                : $"超过办理时限（{appeal.FeedbackDueAt.ShowDeadline()}）仍未办结，系统自动升级";
            var formerOwners = await workflow.Notifier.OwnersAsync(appeal, ct);
            if (appeal.State == AppealState.Submitted) appeal.Accept(AppealWorkflow.System, now);
            appeal.Escalate(reason, AppealWorkflow.System, now, await AppealWorkflow.LimitFromNowAsync(limits, appeal, now, ct));
            var owners = await workflow.Notifier.OwnersAsync(appeal, ct);
            await AppealWarnings.RaiseAsync(workflow.Db, workflow.Notifier, appeal, AppealWarningCode.Escalated, "red",
                $"诉求 {appeal.Number}「{appeal.Title}」{reason}至{AppealNames.Of(appeal.Tier)}，请于 {appeal.DispatchDueAt.ShowDeadline()} 前派单。",
                $"warn:escalated:{appeal.Id}:{appeal.Tier}:{appeal.ReopenCount}", owners, now, ct);
            // Whoever had it stops; they are not the ones to dispatch it again. The tier below learns where it went.
            await workflow.Notifier.NotifyRelievedAsync(appeal, now, $"因{reason}至{AppealNames.Of(appeal.Tier)}", owners, ct);
            await workflow.Notifier.NotifyAsync(formerOwners.Except(owners),
                $"诉求 {appeal.Number}「{appeal.Title}」{reason}至{AppealNames.Of(appeal.Tier)}，现由{appeal.CurrentAssignee}办理。",
                AppealNotifier.LinkTo(appeal), $"escalated-from:{appeal.Id}:{appeal.Tier}:{appeal.ReopenCount}", ct);
            try
            {
                await workflow.SaveAsync(ct);
                count++;
            }
            catch (DomainException)
            {
                logger.LogInformation("Appeal {Id} changed while being escalated; left for the next run", id);
            }
        }
        return count;
    }

    private async Task<int> RaiseWarningsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var appeals = db.Appeals.IgnoreQueryFilters();
            var atRisk = Predicates.Or(AppealDeadlines.DueSoon(now, o), AppealDeadlines.Warned(now, o));
            ids = await appeals.Where(atRisk).OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct);
            ids.AddRange(await appeals.Where(AppealDeadlines.Overdue(now)).Where(a => a.Tier == AppealTier.District)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct));
            ids.AddRange(await db.AppealAssignments.Where(x => x.EndedAt == null && x.AcknowledgedAt == null && x.AcknowledgeDueAt < now)
                .OrderBy(x => x.AppealId).Select(x => x.AppealId).Take(Batch).ToListAsync(ct));
        }
        var count = 0;
        foreach (var id in ids.Distinct().Order())
        {
            await using var scope = scopes.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<AppealWorkflow>();
            var appeal = await workflow.Db.Appeals.IgnoreQueryFilters().Include(a => a.Assignments).FirstOrDefaultAsync(a => a.Id == id, ct);
            if (appeal is null || !appeal.IsOpen) continue;
            var raised = 0;
            foreach (var w in WarningsFor(appeal, now, o))
            {
                var recipients = (await workflow.Notifier.OwnersAsync(appeal, ct))
                    .Concat(await workflow.Notifier.AssigneeUsersAsync(w.Assignments ?? appeal.Assignments.Where(a => a.EndedAt is null), ct));
                if (await AppealWarnings.RaiseAsync(workflow.Db, workflow.Notifier, appeal, w.Code, w.Level, w.Text, w.Key, recipients, now, ct)) raised++;
            }
            if (raised == 0) continue;
            try
            {
                await workflow.SaveAsync(ct);
                count += raised;
            }
            catch (Exception e) when (e is DomainException or DbUpdateException)
            {
                logger.LogInformation("Warnings for appeal {Id} were raised elsewhere or the appeal changed; left for the next run", id);
            }
        }
        return count;
    }

    private sealed record Pending(AppealWarningCode Code, string Level, string Text, string Key, IEnumerable<AppealAssignment>? Assignments = null);

    /// <summary>The warnings due for one appeal now; each key names the deadline or moment it is about, so it fires once.</summary>
    private static IEnumerable<Pending> WarningsFor(Appeal a, DateTimeOffset now, AppealOptions o)
    {
        var label = $"诉求 {a.Number}「{a.Title}」";
        var undispatched = AppealDeadlines.IsUndispatched(a.State);
        if (a.Tier == AppealTier.District && (a.FeedbackDueAt < now || (undispatched && a.DispatchDueAt < now)))
            yield return new(AppealWarningCode.Overdue, "red", $"{label}已超期（区级兜底），请立即督办。",
                $"warn:overdue:{a.Id}:{a.DispatchDueAt.UtcTicks}:{a.FeedbackDueAt.UtcTicks}");
        if (undispatched && a.DispatchDueAt >= now && a.DispatchDueAt < now + o.DispatchWarning(a.Urgency))
            yield return new(AppealWarningCode.DispatchDueSoon, "yellow", $"{label}派单时限将于 {a.DispatchDueAt.ShowDeadline()} 到期。",
                AppealWarning.Keys.DispatchDue(a.Id, a.DispatchDueAt));
        if (a.FeedbackDueAt >= now && a.FeedbackDueAt < now + o.FeedbackWarning(a.Urgency))
            yield return new(AppealWarningCode.FeedbackDueSoon, "yellow", $"{label}办理时限将于 {a.FeedbackDueAt.ShowDeadline()} 到期。",
                AppealWarning.Keys.FeedbackDue(a.Id, a.FeedbackDueAt));
        // The new tier's dispatch limit of an escalated appeal has its own warnings above.
        if (AppealDeadlines.AwaitsFirstResponse(a.State, a.FirstDispatchedAt) && a.SubmittedAt < now - TimeSpan.FromHours(o.NoResponseHours))
            yield return new(AppealWarningCode.NoResponse, "yellow", $"{label}提交已超过{o.NoResponseHours}小时仍未派单。",
                $"warn:no-response:{a.Id}:{a.Tier}:{a.ReopenCount}");
        if (a.State == AppealState.Dispatched && a.DispatchedAt is { } dispatched && dispatched < now - TimeSpan.FromHours(o.NoResponseHours))
            yield return new(AppealWarningCode.NoResponse, "yellow", $"{label}派单已超过{o.NoResponseHours}小时仍未签收。",
                AppealWarning.Keys.NotAcknowledged(a.Id, dispatched));
        if (a.LastProgressAt < now - TimeSpan.FromDays(o.NoProgressDays))
            yield return new(AppealWarningCode.NoProgress, "yellow", $"{label}已超过{o.NoProgressDays}天没有进展。",
                AppealWarning.Keys.NoProgress(a.Id, a.LastProgressAt));
        foreach (var late in a.Assignments.Where(x => x.EndedAt is null && x.AcknowledgedAt is null && x.AcknowledgeDueAt < now))
            yield return new(AppealWarningCode.AcknowledgeOverdue, "yellow",
                $"{label}派给“{late.AssigneeName}”后已超过签收/报到时限（{late.AcknowledgeDueAt.ShowDeadline()}）。", AppealWarning.Keys.AcknowledgeOverdue(late.Id), [late]);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Hands the lease over at once instead of making the other nodes wait for it to expire.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await JobLeases.ReleaseAsync(db, LeaseName, Holder, clock.GetUtcNow().ToUniversalTime(), cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogDebug(e, "Could not release the deadline lease at shutdown; it will expire");
        }
    }
}
