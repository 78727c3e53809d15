using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// A start-up step (after the calendar is read) that keeps the 补正期限 on every application awaiting materials: one told
/// before <see cref="ServiceApplication.MaterialsDueOn"/> was kept (session 18) gets it counted from its last notice
/// (the decision or the latest trip) on the working calendar, as the page and 终止办理 already counted it, so the window
/// queue's 逾期未补正 sees it too; one kept before its start was (session 19) gets that start
/// (<see cref="ServiceApplication.MaterialsDueFrom"/>), so a calendar change can move it. Not a migration: the count
/// needs the working calendar, entered years included, which only the application has. Reads only the awaiting ones
/// still missing a column, through the partial index of the open applications, so once done every later start finds
/// nothing. Two nodes starting at once write the same values; one whose application a member of staff changed
/// meanwhile leaves that chunk to the next start (the change itself keeps the date).
/// </summary>
public sealed class MaterialsDueBackfill(WorkingCalendar calendar, IOptions<ServicesOptions> options, ILogger<MaterialsDueBackfill> log) : IStartupSeeder
{
    private const int Chunk = 500;

    public async Task EnsureAsync(AppDbContext db, CancellationToken ct) => await RunAsync(db, ct);

    /// <summary>Fills what is missing; returns how many applications were given a 补正期限 or its start.</summary>
    public async Task<int> RunAsync(AppDbContext db, CancellationToken ct)
    {
        var (filled, lastId) = (0, 0L);
        while (true)
        {
            db.ChangeTracker.Clear();
            var chunk = await RecalculatePromisedDates.OpenApplications(db)
                .Where(a => a.Id > lastId && a.State == ApplicationState.AwaitingMaterials && (a.MaterialsDueOn == null || a.MaterialsDueFrom == null))
                .OrderBy(a => a.Id).Take(Chunk).ToListAsync(ct);
            if (chunk.Count == 0) break;
            lastId = chunk[^1].Id;
            var ids = chunk.Select(a => a.Id).ToList();
            var trips = (await db.Set<ApplicationEvent>().Where(e => ids.Contains(e.ApplicationId) && e.Kind == "trip")
                .Select(e => new { e.ApplicationId, e.At }).ToListAsync(ct)).ToLookup(e => e.ApplicationId, e => e.At);
            foreach (var a in chunk)
            {
                var noticed = a.NoticeDay(trips[a.Id]);
                a.MaterialsDueFrom = noticed;
                a.MaterialsDueOn ??= calendar.AddWorkingDays(noticed, options.Value.MaterialsDays);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                filled += chunk.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Handled at that moment: the next start looks at the rest of this chunk again.
            }
        }
        db.ChangeTracker.Clear();
        if (filled > 0) log.LogInformation("补正期限：{Filled}件等待补正的办件按最后一次告知记下了补正期限或其起算日", filled);
        return filled;
    }
}
