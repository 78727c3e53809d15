using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Calendar;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// Keeps the open applications' promised dates, 容缺 due dates and 补正期限 on the working calendar in the database, after a
/// change too large for the calendar's own save (<see cref="RecalculatePromisedDates"/>). It looks at the calendar's
/// fingerprint (entered years and when they were last saved) every <see cref="ServicesJobOptions.PromiseRecountCheckSeconds"/>
/// and, when it moved (and once at start-up, in case a node stopped half-way), walks the open applications through their
/// partial index in chunks of <see cref="Chunk"/>, counting each again from where it was counted from on the calendar
/// now in force, and saves every chunk on its own: no transaction is longer than one chunk. Only one node does it
/// (lease). A promise made before its start was kept cannot be counted here; the calendar's save does those.
/// </summary>
public sealed class PromiseRecountJob(IServiceScopeFactory scopes, WorkingCalendar calendar, TimeProvider clock, IOptions<ServicesOptions> options,
    ILogger<PromiseRecountJob> logger) : BackgroundService
{
    public const int Chunk = 200;
    private const string Lease = "services-promise-recount";
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private (int Count, DateTimeOffset? Latest)? _seen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Jobs.PromiseRecountEnabled) return;
        await PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(Math.Max(5, options.Value.Jobs.PromiseRecountCheckSeconds)), RunOnceAsync, logger,
            "Promise recount", stoppingToken);
    }

    public async Task RunOnceAsync(CancellationToken ct) => await RecountAsync(ct);

    /// <summary>One look: when the calendar changed since the last full pass, a pass. Returns how many applications had a date move.</summary>
    public async Task<int> RecountAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stamp = await CalendarRefresh.FingerprintAsync(db, ct);
        if (_seen == stamp) return 0;
        if (!await JobLeases.TryAcquireAsync(db, Lease, _holder, clock.GetUtcNow(), TimeSpan.FromMinutes(5), ct)) return 0;
        // Count on the calendar the database holds, not on whatever this node has applied so far.
        await CalendarRefresh.ApplyAsync(db, calendar, ct);
        var latest = await db.CalendarYears.AsNoTracking().OrderByDescending(e => e.UpdatedAt).Select(e => new { e.Year, e.UpdatedAt }).FirstOrDefaultAsync(ct);
        var why = latest is null ? "工作日历有变动" : $"工作日历有变动（{latest.Year}年的节假日安排于{latest.UpdatedAt.Show()}更新）";
        var (moved, watch, lastId, complete, longest) = (0, System.Diagnostics.Stopwatch.StartNew(), 0L, true, 0L);
        while (true)
        {
            var rows = await RecalculatePromisedDates.OpenApplications(db).AsNoTracking()
                .Where(a => a.Id > lastId && (a.PromisedFrom != null || a.MaterialsDueFrom != null))
                .OrderBy(a => a.Id).Take(Chunk)
                .Select(a => new Row(a.Id, a.ServiceItemVersionId, new CalendarDates(a.PromisedOn, a.PromisedFrom, a.ToleranceDueOn, a.MaterialsDueOn, a.MaterialsDueFrom),
                    a.DecidedAt, a.Materials.Any(m => m.Status == MaterialStatus.Tolerated)))
                .ToListAsync(ct);
            if (rows.Count == 0) break;
            lastId = rows[^1].Id;
            var limits = await RecalculatePromisedDates.LimitsAsync(db, rows.Select(r => r.VersionId), ct);
            var stale = rows.Select(r => (Row: r, Dates: Expected(r, limits[r.VersionId])))
                .Where(x => x.Dates != x.Row.Dates).ToDictionary(x => x.Row.Id, x => x.Dates);
            if (stale.Count == 0) continue;
            db.ChangeTracker.Clear();
            var applications = await db.ServiceApplications().IgnoreQueryFilters().Include(a => a.Materials).Where(a => stale.Keys.Contains(a.Id)).ToListAsync(ct);
            foreach (var a in applications)
                if (a.RecalculatePromise(stale[a.Id] with { PromisedFrom = a.PromisedFrom, MaterialsDueFrom = a.MaterialsDueFrom }, why, "系统", clock.GetUtcNow()))
                    moved++;
            var saving = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await db.SaveChangesAsync(ct);
                longest = Math.Max(longest, saving.ElapsedMilliseconds);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone was handling one of them at that moment: the next look goes through them all again.
                complete = false;
            }
            await JobLeases.TryAcquireAsync(db, Lease, _holder, clock.GetUtcNow(), TimeSpan.FromMinutes(5), ct);
        }
        if (complete) _seen = stamp;
        if (moved > 0)
            logger.LogWarning("Working calendar changed: {Moved} open applications' promised dates counted again in {Elapsed} ms, longest chunk save {Longest} ms",
                moved, watch.ElapsedMilliseconds, longest);
        return moved;
    }

    private sealed record Row(long Id, int VersionId, CalendarDates Dates, DateTimeOffset? DecidedAt, bool OwesTolerated);

    /// <summary>
    /// The dates on the calendar in force: the promise from its start; the 容缺 due date while a material is still owed;
    /// the 补正期限 from its notice day.
    /// </summary>
    private CalendarDates Expected(Row r, (int Days, int Tolerance) limit) =>
        RecalculatePromisedDates.DatesOn(calendar, r.Dates, limit, options.Value.MaterialsDays, r.DecidedAt, r.OwesTolerated);
}
