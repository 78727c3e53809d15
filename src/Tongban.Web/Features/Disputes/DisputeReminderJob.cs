using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record DisputeReminderRun(int JudicialReminders, int VisitReminders, int OverdueReminders);

/// <summary>
/// Reminders under a lease (one node runs them): the judicial-confirmation deadline 7, 3 and 1 days ahead, follow-up
/// visits due today, and cases past their 30-day target. Each notice has a key, so a second run writes nothing new.
/// The countdown itself is computed whenever a case is read.
/// </summary>
public sealed class DisputeReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DisputeOptions> options, ILogger<DisputeReminderJob> logger)
    : BackgroundService
{
    private const string LeaseName = "disputes:reminders";
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = options.Value.Jobs;
        if (!jobs.RemindersEnabled) return;
        await PeriodicWork.RunAsync(clock, TimeSpan.FromMinutes(Math.Max(1, jobs.ReminderIntervalMinutes)), RunOnceAsync, logger, "Dispute reminders", stoppingToken);
    }

    public async Task<DisputeReminderRun> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var workflow = scope.ServiceProvider.GetRequiredService<DisputeWorkflow>();
        var now = clock.GetUtcNow();
        if (!await JobLeases.TryAcquireAsync(db, LeaseName, _holder, now, TimeSpan.FromMinutes(10), ct)) return new(0, 0, 0);
        try
        {
            var today = clock.Today();
            var cases = db.Set<DisputeCase>();
            int judicial = 0, visits = 0, overdue = 0;

            var days = options.Value.Jobs.JudicialReminderDays;
            var horizon = today.AddDays(days.DefaultIfEmpty(0).Max());
            var pending = await cases.Where(c => c.Judicial == JudicialStatus.None && c.JudicialDeadlineOn != null && c.JudicialDeadlineOn >= today && c.JudicialDeadlineOn <= horizon)
                .Select(c => new { c.Id, c.Number, c.Title, c.LeadMediatorUserId, Deadline = c.JudicialDeadlineOn!.Value }).ToListAsync(ct);
            foreach (var c in pending)
            {
                var left = DisputeDeadlines.DaysLeft(c.Deadline, today);
                // The reminder of the nearest threshold not yet passed: 7 days, then 3, then 1.
                var step = days.Where(d => d >= left).DefaultIfEmpty(-1).Min();
                if (step < 0) continue;
                await workflow.NotifyAsync([c.LeadMediatorUserId], $"调解案件 {c.Number}（{c.Title}）的司法确认申请期限还剩{left}天（{c.Deadline:M月d日}截止），如当事人需要请提醒其共同向法院申请",
                    c.Id, $"dispute:{c.Id}:judicial:{step}", ct);
                judicial++;
            }

            var due = await cases.Where(c => c.Visits.Any(v => v.VisitedOn == null && v.PlannedOn != null && v.PlannedOn <= today))
                .Select(c => new { c.Id, c.Number, c.Title, c.LeadMediatorUserId, Visits = c.Visits.Where(v => v.VisitedOn == null && v.PlannedOn != null && v.PlannedOn <= today).Select(v => new { v.Id, v.PlannedOn }).ToList() })
                .ToListAsync(ct);
            foreach (var c in due)
                foreach (var v in c.Visits)
                {
                    await workflow.NotifyAsync([c.LeadMediatorUserId], $"调解案件 {c.Number}（{c.Title}）安排在{v.PlannedOn:M月d日}回访，请上门了解协议履行情况", c.Id, $"dispute:{c.Id}:visit:{v.Id}", ct);
                    visits++;
                }

            var open = await cases.Where(c => c.State == DisputeState.Registered || c.State == DisputeState.Assessed || c.State == DisputeState.Mediating)
                .Select(c => new { c.Id, c.Number, c.Title, c.LeadMediatorUserId, c.RegisteredOn, c.ExtendedDays, c.AreaPath }).ToListAsync(ct);
            foreach (var c in open.Where(c => today > c.RegisteredOn.AddDays(DisputeCase.TargetDays + c.ExtendedDays)))
            {
                var dueOn = c.RegisteredOn.AddDays(DisputeCase.TargetDays + c.ExtendedDays);
                var owners = await workflow.UsersAboveAsync(c.AreaPath, [Roles.CommunityAdmin], ct);
                await workflow.NotifyAsync(owners.Append(c.LeadMediatorUserId), $"调解案件 {c.Number}（{c.Title}）已超过调解期限（{dueOn:M月d日}），请尽快办结或登记延期理由",
                    c.Id, $"dispute:{c.Id}:overdue:{dueOn:yyyyMMdd}", ct);
                overdue++;
            }
            await db.SaveChangesAsync(ct);
            return new(judicial, visits, overdue);
        }
        finally
        {
            await JobLeases.ReleaseAsync(db, LeaseName, _holder, clock.GetUtcNow(), CancellationToken.None);
        }
    }
}
