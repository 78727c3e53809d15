using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Calendar;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// An administrator corrects the current year's holidays on the 5M-appeal city: how long the save takes, and so how
/// long every other writer waits, when the open appeals' limits are counted again in the same transaction
/// (<see cref="RecalculateAppealLimits"/>). The generated appeals carry limits in calendar days, which the recount
/// rightly leaves alone, so the run first gives every open appeal the limit the app would have given it (working days
/// from its submission, with the working days it was counted with, as the intake records them), inside a transaction
/// that is rolled back at the end: the kept city is not changed.
/// </summary>
internal static class CalendarBench
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(_ => WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json")));
        services.AddSingleton<AppealReferenceCache>();
        services.AddScoped<TimeLimitPolicy>();
        services.AddScoped<RecalculateAppealLimits>();
        services.AddScoped<DisputeWorkflow>();
        services.AddScoped<RecalculateJudicialDeadlines>();
        services.AddScoped<Tongban.Web.Features.Services.ServiceDesk>();
        services.AddScoped<Tongban.Web.Features.Services.RecalculatePromisedDates>();
        services.AddScoped<ManageCalendar>();
    }

    public static async Task RunAsync(IServiceProvider root, Report report)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        var calendar = sp.GetRequiredService<WorkingCalendar>();
        await CalendarRefresh.ApplyAsync(db, calendar, default);
        var limits = sp.GetRequiredService<TimeLimitPolicy>();
        var today = DateTimeOffset.UtcNow.ShanghaiDay();
        var year = today.Year;
        // The correction: one more day off, the first working day from the day after tomorrow (as when a holiday is
        // extended at short notice), so it falls inside most open appeals' limits.
        var extra = today.AddDays(2);
        while (!calendar.IsWorkingDay(extra) || extra.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) extra = extra.AddDays(1);
        var current = calendar.Years.First(y => y.Year.Year == year).Year;
        var periods = current.Off.OrderBy(o => o.Date)
            .Aggregate(new List<HolidayPeriodInput>(), (list, day) =>
            {
                if (list.Count > 0 && list[^1].Name == day.Name && list[^1].To!.Value.AddDays(1) == day.Date) list[^1] = list[^1] with { To = day.Date };
                else list.Add(new HolidayPeriodInput(day.Name, day.Date, day.Date));
                return list;
            });
        var corrected = new CalendarYearInput([.. periods, new HolidayPeriodInput("临时放假", extra, extra)], current.Workdays, "基准测试：临时增加一天假期");
        var original = new CalendarYearInput(periods, current.Workdays, "基准测试：恢复原安排");

        await using var transaction = await db.Database.BeginTransactionAsync();
        var prepare = Stopwatch.StartNew();
        var open = await db.Appeals.IgnoreQueryFilters().Where(AppealDeadlines.Open()).CountAsync();
        var given = 0;
        db.SuppressEntityAudit = true;
        for (var lastId = 0L; ;)
        {
            var chunk = await db.Appeals.IgnoreQueryFilters().Where(AppealDeadlines.Open()).Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(5000).ToListAsync();
            if (chunk.Count == 0) break;
            foreach (var appeal in chunk)
            {
                var rule = await limits.RuleAsync(appeal.CategoryId, appeal.Urgency);
                if (rule.FeedbackHours is not null) continue;
                var due = limits.Compute(rule, appeal.SubmittedAt).FeedbackDue;
                appeal.FeedbackDueAt = due;
                appeal.PromisedFeedbackAt = due;
                appeal.FeedbackLimitFrom = appeal.PromiseMadeAt = appeal.SubmittedAt;
                appeal.FeedbackWorkingDays = appeal.PromiseWorkingDays = TimeLimitPolicy.WorkingDaysOf(rule); // as the intake keeps them
                given++;
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            lastId = chunk[^1].Id;
        }
        db.SuppressEntityAudit = false;
        report.Line($"calendar: {open:N0} open appeals; {given:N0} given a limit in working days from their submission (preparation, {prepare.Elapsed.TotalSeconds:F1} s, rolled back at the end)");

        var manage = sp.GetRequiredService<ManageCalendar>();
        var recount = sp.GetRequiredService<RecalculateAppealLimits>();
        foreach (var (input, what) in new[] { (corrected, $"a day off added on {extra:yyyy-MM-dd}"), (original, "the correction undone") })
        {
            var took = Stopwatch.StartNew();
            var view = await manage.SaveAsync(year, input, default);
            took.Stop();
            db.ChangeTracker.Clear();
            // The deadline job's part, one chunk per call (a zero budget), so each chunk's transaction is timed on its own.
            var chunks = new List<double>();
            var memory = GC.GetTotalAllocatedBytes(precise: true);
            var all = Stopwatch.StartNew();
            for (var finished = false; !finished;)
            {
                var chunk = Stopwatch.StartNew();
                finished = await recount.ContinueAsync(TimeSpan.Zero, default);
                chunks.Add(chunk.Elapsed.TotalMilliseconds);
            }
            all.Stop();
            chunks.Sort();
            var moved = await db.AppealLimitRecounts.AsNoTracking().OrderBy(r => r.Id).LastAsync();
            report.Line($"calendar: {year} corrected ({what}): the save took {took.Elapsed.TotalMilliseconds:F0} ms and left {view.AppealsToRecalculate:N0} open appeals to the deadline job "
                + $"({view.RecalculatedAppeals} counted in the save); the job counted them in {all.Elapsed.TotalSeconds:F1} s, {moved.Moved:N0} limits moved, "
                + $"in {chunks.Count} chunks of up to {sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AppealOptions>>().Value.CalendarRecountInline} (one transaction each: median {chunks[chunks.Count / 2]:F0} ms, slowest {chunks[^1]:F0} ms; "
                + $"{(GC.GetTotalAllocatedBytes(precise: true) - memory) / 1048576.0:F0} MB allocated in all)");
        }
        var rollback = Stopwatch.StartNew();
        await transaction.RollbackAsync();
        rollback.Stop();
        var vacuum = Stopwatch.StartNew();
        await AppealBench.VacuumAsync(db, "Appeals", "AppealEvents", "AppealLimitRecounts");
        report.Line($"calendar: everything rolled back in {rollback.Elapsed.TotalSeconds:F1} s{(db.IsPostgres ? $", then vacuumed in {vacuum.Elapsed.TotalSeconds:F0} s" : "")}; the kept city is as generated");
    }
}
