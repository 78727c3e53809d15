using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Calendar;

/// <summary>
/// Keeps the in-memory working calendar in step with the years entered in the database: at start-up (before the
/// first request, as a start-up step) and every <see cref="Interval"/> after, so a year saved on another node applies
/// here too. A handful of rows; read only when their fingerprint moved.
/// </summary>
public sealed class CalendarRefresh(IServiceScopeFactory scopes, WorkingCalendar calendar, ILogger<CalendarRefresh> log) : BackgroundService
{
    /// <summary>
    /// How often each node looks whether the calendar changed: one tiny read of a handful of rows, so often, as a second
    /// calendar change waits until every node has the first (<c>Appeals:CalendarSettleSeconds</c>, four of these).
    /// Until session 19 it was 30 s, and an administrator correcting a slip had to wait 90 s.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Reads every entered year and hands them to the calendar.</summary>
    public static async Task ApplyAsync(AppDbContext db, WorkingCalendar calendar, CancellationToken ct)
    {
        var entries = await db.CalendarYears.AsNoTracking().ToListAsync(ct);
        calendar.Apply(entries.Select(e => CalendarYear.FromJson(e.Year, e.Days)));
    }

    /// <summary>What tells a changed calendar: how many years are entered and when one was last saved.</summary>
    public static async Task<(int Count, DateTimeOffset? Latest)> FingerprintAsync(AppDbContext db, CancellationToken ct)
    {
        var saved = await db.CalendarYears.AsNoTracking().Select(e => e.UpdatedAt).ToListAsync(ct);
        return (saved.Count, saved.Count == 0 ? null : saved.Max());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        (int Count, DateTimeOffset? Latest)? seen = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = await FingerprintAsync(db, stoppingToken);
                if (seen == now) continue;
                await ApplyAsync(db, calendar, stoppingToken);
                seen = now;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "工作日历刷新失败，稍后重试");
            }
        }
    }
}

/// <summary>
/// The calendar's start-up step: the entered years applied before the first request (and before the steps that count
/// on the calendar). Apart from <see cref="CalendarRefresh"/>, a hosted service, so that the scope the start-up steps
/// are resolved in never disposes (and so stops) the running refresh.
/// </summary>
public sealed class CalendarStartupStep(WorkingCalendar calendar) : IStartupSeeder
{
    public async Task EnsureAsync(AppDbContext db, CancellationToken ct) => await CalendarRefresh.ApplyAsync(db, calendar, ct);
}
