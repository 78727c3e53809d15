using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Demo;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// The grid worker's day list in one large grid (2,000 households, about 5,000 residents with the demo's tag shares,
/// 120 days of visit history and patrols), inside a city generated beforehand (1M residents). Each query runs in its
/// own scope as the grid worker (scope = the grid), like a request; the first 20 warm caches and plans.
/// </summary>
public static class OutreachBench
{
    private const string GridSuffix = "900";

    public static async Task RunAsync(ServiceProvider services, int queries, int households, Report report)
    {
        var user = (BenchUser)services.GetRequiredService<ICurrentUser>();
        user.ScopePath = null;
        int gridId;
        string gridPath;
        long residents;
        int visits;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await new OutreachDefaults().EnsureAsync(db, CancellationToken.None);
            var build = Stopwatch.StartNew();
            (gridId, gridPath) = await EnsureGridAsync(db, scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>(), households);
            if (build.Elapsed.TotalSeconds > 1) report.Line($"outreach: bench grid built in {build.Elapsed.TotalSeconds:F1} s");
            residents = await db.Residents.LongCountAsync();
            visits = await db.Visits.CountAsync(v => v.GridId == gridId);
            // The grid's rows were marked stale by the triggers while it was built; the first day list would refresh them.
            var refresh = Stopwatch.StartNew();
            await VisitDues.EnsureFreshAsync(db, gridPath, CancellationToken.None);
            var refreshed = refresh.Elapsed;
            // A visit rule change recomputes every household's rule and due date in one transaction (rewriting the rows it
            // changes): disabled residents fortnightly instead of monthly, and back.
            var rows = await db.HouseholdVisitDues.LongCountAsync();
            var rules = new ManageVisitRules(db);
            var change = Stopwatch.StartNew();
            await rules.SaveAsync(new VisitRuleInput(BuiltInTags.Disabled, 14), CancellationToken.None);
            var changed = change.Elapsed;
            var back = Stopwatch.StartNew();
            await rules.SaveAsync(new VisitRuleInput(BuiltInTags.Disabled, 30), CancellationToken.None);
            var affected = await db.HouseholdVisitDues.LongCountAsync(d => d.RuleId != null && d.TagCodes.Contains(BuiltInTags.Disabled));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"outreach: the grid's due dates computed in {refreshed.TotalMilliseconds:F0} ms; a visit rule change (残疾人 30 → 14 days, then back) over {rows:N0} households' due rows, about {affected:N0} of them with the tag, took {changed.TotalSeconds:F1} s and {back.Elapsed.TotalSeconds:F1} s"));
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        user.ScopePath = gridPath;
        var timings = new List<double>(queries);
        DayList? last = null;
        for (var i = 0; i < queries + 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var handler = new GetDayList(db, user, TimeProvider.System, Options.Create(new OutreachOptions()));
                last = await handler.HandleAsync(null);
            }
            watch.Stop();
            if (i >= 20) timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        user.ScopePath = null;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"outreach day list: grid of {last!.Households:N0} households ({visits:N0} visits on record) in a city of {residents:N0} residents; {last.DueCount:N0} due, {last.Patrols.Count} patrols; p50 {SearchBench.Percentile(timings, 50):F1} ms, p95 {SearchBench.Percentile(timings, 95):F1} ms, p99 {SearchBench.Percentile(timings, 99):F1} ms (n={timings.Count}; target p95 ≤ 50 ms)"));
    }

    /// <summary>
    /// After a city is generated: the visit rules, then every household's due row computed set-based, as the
    /// OutreachNextDue migration does for an existing database (the rows themselves were added by the triggers).
    /// </summary>
    public static async Task FillDuesAsync(AppDbContext db, Report report)
    {
        var watch = Stopwatch.StartNew();
        await new OutreachDefaults().EnsureAsync(db, CancellationToken.None);
        await VisitDues.RebuildAsync(db, CancellationToken.None);
        var rows = await db.HouseholdVisitDues.LongCountAsync();
        report.Line(string.Create(CultureInfo.InvariantCulture, $"outreach: {rows:N0} households' visit due dates computed set-based in {watch.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>A grid of the first generated community with enough households, built once: 40 buildings × 50 dwellings.</summary>
    private static async Task<(int Id, string Path)> EnsureGridAsync(AppDbContext db, SensitiveDataProtector protector, int households)
    {
        var community = await db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).FirstAsync();
        var code = community.Code + GridSuffix;
        var existing = await db.Areas.Where(a => a.Code == code).Select(a => new { a.Id, a.AreaPath }).FirstOrDefaultAsync();
        if (existing is not null) return (existing.Id, existing.AreaPath);

        db.SuppressEntityAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(); // all of the grid or none of it
        var grid = new Area { Code = code, Name = community.Name + "基准大网格", Level = AreaLevel.Grid, ParentId = community.Id, AreaPath = community.AreaPath + code + "/", IsSample = true };
        db.Areas.Add(grid);
        var compound = new Compound { Name = "基准大网格小区", Address = "基准路1号", CommunityId = community.Id, AreaPath = community.AreaPath, IsSample = true };
        db.Compounds.Add(compound);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        var perBuilding = 50;
        var buildingCount = (households + perBuilding - 1) / perBuilding;
        var buildings = Enumerable.Range(1, buildingCount).Select(b => new Building
        {
            Name = $"{b}号楼", CompoundId = compound.Id, GridId = grid.Id, AreaPath = grid.AreaPath, Floors = 10,
            Units = [new BuildingUnit { Name = "1单元", AreaPath = grid.AreaPath }],
        }).ToList();
        db.Buildings.AddRange(buildings);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        var dwellings = buildings.SelectMany(b => Enumerable.Range(0, perBuilding).Select(i => new Dwelling
        {
            BuildingId = b.Id, BuildingUnitId = b.Units[0].Id, Floor = i / 5 + 1, Number = ((i / 5 + 1) * 100 + i % 5 + 1).ToString(CultureInfo.InvariantCulture),
            ExclusiveArea = 80m, AreaPath = grid.AreaPath,
        })).Take(households).ToList();
        db.Dwellings.AddRange(dwellings);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();

        var tagIds = await db.Tags.ToDictionaryAsync(t => t.Code, t => t.Id);
        // Its own region code, so the ID numbers never collide with the generated city's (they are unique).
        var generator = new DemoPeopleGenerator(4242, new DateOnly(2026, 11, 23), "990299");
        var random = new Random(4242);
        var now = DateTimeOffset.UtcNow;
        var homes = new List<(Household Household, List<Resident> Members)>();
        foreach (var d in dwellings)
        {
            var members = generator.NextHousehold().Select(p =>
            {
                var r = new Resident { Name = p.Name, RelationshipToHead = p.Relationship, HouseholdId = null, DwellingId = d.Id, AreaPath = grid.AreaPath, CreatedAt = now, UpdatedAt = now };
                ResidentWriter.Apply(r, p.IdNumber, p.Phone, p.Health, protector, $"基准大网格小区{d.Number}");
                r.Tags = p.TagCodes.Select(c => new ResidentTag { TagId = tagIds[c] }).ToList();
                return r;
            }).ToList();
            homes.Add((new Household { DwellingId = d.Id, AreaPath = grid.AreaPath }, members));
        }
        db.Households.AddRange(homes.Select(h => h.Household));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        foreach (var (household, members) in homes) foreach (var m in members) m.HouseholdId = household.Id;
        foreach (var chunk in homes.SelectMany(h => h.Members).Chunk(5000))
        {
            db.Residents.AddRange(chunk);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
        foreach (var (household, members) in homes) household.HeadResidentId = members.FirstOrDefault()?.Id;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();

        // 120 days of history: every household visited 0-5 times, every building patrolled weekly.
        var visits = new List<Visit>();
        var dwellingBuilding = dwellings.ToDictionary(d => d.Id, d => d.BuildingId);
        foreach (var (household, _) in homes)
        {
            for (var k = random.Next(0, 6); k > 0; k--)
            {
                var at = now.AddDays(-random.Next(1, 120));
                visits.Add(new Visit
                {
                    Kind = VisitKind.Home, Method = VisitMethod.InPerson, HouseholdId = household.Id, DwellingId = household.DwellingId, BuildingId = dwellingBuilding[household.DwellingId],
                    GridId = grid.Id, AreaPath = grid.AreaPath, VisitorName = "基准网格员", VisitedAt = at, RecordedAt = at, Looked = true, IdempotencyKey = Guid.NewGuid().ToString("N"),
                });
            }
        }
        foreach (var b in buildings)
            for (var week = 1; week <= 17; week++)
            {
                var at = now.AddDays(-7 * week + random.Next(0, 3));
                visits.Add(new Visit { Kind = VisitKind.Patrol, BuildingId = b.Id, GridId = grid.Id, AreaPath = grid.AreaPath, VisitorName = "基准网格员", VisitedAt = at, RecordedAt = at, IdempotencyKey = Guid.NewGuid().ToString("N") });
            }
        foreach (var chunk in visits.Chunk(5000))
        {
            db.Visits.AddRange(chunk);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        db.SuppressEntityAudit = false;
        return (grid.Id, grid.AreaPath);
    }
}
