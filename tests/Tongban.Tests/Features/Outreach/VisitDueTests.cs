using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Outreach;

/// <summary>
/// The kept next-visit dates (HouseholdVisitDues): moved by a recorded visit, a rule change and a tag change in the
/// writer's transaction, followed by a building's move to another grid, and equal to what the visit rules say.
/// </summary>
public sealed class VisitDueTests(OutreachFixture app) : IClassFixture<OutreachFixture>
{
    private DateOnly Today => app.Service<TimeProvider>().Today();

    private async Task<HouseholdVisitDue> DueAsync(int householdId)
    {
        await using var scope = app.SystemScope(out var db);
        return await db.HouseholdVisitDues.AsNoTracking().SingleAsync(d => d.HouseholdId == householdId);
    }

    private async Task<List<int>> DueOnDayListAsync(string user = "grid1")
    {
        var day = await (await app.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/outreach/day?limit=1000");
        return day.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("householdId").GetInt32()).ToList();
    }

    [Fact]
    public async Task A_recorded_visit_moves_the_due_date_in_its_own_transaction()
    {
        var household = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone);
        var fresh = await DueAsync(household);
        Assert.True(fresh.Stale); // the new household's row was added by the trigger, waiting for its first computation
        Assert.Contains(household, await DueOnDayListAsync());
        var computed = await DueAsync(household);
        Assert.False(computed.Stale);
        Assert.Equal(7, computed.IntervalDays);
        Assert.Null(computed.NextDueOn); // never visited: due today

        // Late in the evening yesterday, Beijing time, sent by a phone with its own offset: the due day counts from that Shanghai day.
        var yesterday = Today.AddDays(-1);
        var visitedAt = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(23, 50)), TimeSpan.FromHours(8));
        var response = await (await app.As("grid1")).PostAsJsonAsync("/api/v1/outreach/visits", new
        {
            kind = "Home", householdId = household, looked = true, visitedAt = visitedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            idempotencyKey = Guid.NewGuid().ToString(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var due = await DueAsync(household);
        Assert.False(due.Stale);
        Assert.Equal(yesterday, due.LastVisitedOn);
        Assert.Equal(yesterday.AddDays(7), due.NextDueOn);
        Assert.Equal(visitedAt, due.LastVisitedAt);
        Assert.DoesNotContain(household, await DueOnDayListAsync());
    }

    [Fact]
    public async Task A_rule_change_recomputes_every_due_date_at_once()
    {
        var disabled = await app.HouseholdAsync("grid1", BuiltInTags.Disabled);
        await app.VisitedAsync(disabled, DateTimeOffset.UtcNow.AddDays(-8));
        Assert.DoesNotContain(disabled, await DueOnDayListAsync()); // monthly: not yet
        var before = await DueAsync(disabled);
        Assert.Equal(30, before.IntervalDays);

        var admin = await app.As("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = BuiltInTags.Disabled, intervalDays = 7 })).StatusCode);
        try
        {
            // Read straight from the table, before any day list: the PUT itself moved it.
            var after = await DueAsync(disabled);
            Assert.Equal(7, after.IntervalDays);
            Assert.Equal(before.LastVisitedOn!.Value.AddDays(7), after.NextDueOn);
            Assert.Contains(disabled, await DueOnDayListAsync());

            // Switching every rule that applies off leaves the household with none: not due at all.
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = BuiltInTags.Disabled, intervalDays = 7, isActive = false })).StatusCode);
            Assert.Equal(90, (await DueAsync(disabled)).IntervalDays);
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = BuiltInTags.Disabled, intervalDays = 30 });
        }
        Assert.Equal(30, (await DueAsync(disabled)).IntervalDays);
    }

    [Fact]
    public async Task A_tag_change_in_People_marks_the_household_and_the_day_list_follows()
    {
        var household = await app.HouseholdAsync("grid1");
        await app.VisitedAsync(household, DateTimeOffset.UtcNow.AddDays(-10));
        Assert.DoesNotContain(household, await DueOnDayListAsync()); // quarterly: not yet
        Assert.Equal(90, (await DueAsync(household)).IntervalDays);
        int residentId;
        await using (var scope = app.SystemScope(out var db))
            residentId = await db.Residents.Where(r => r.HouseholdId == household).Select(r => r.Id).SingleAsync();

        var admin = await app.As("admin");
        var set = await admin.PutAsJsonAsync($"/api/v1/residents/{residentId}/tags", new { tagCodes = new[] { BuiltInTags.ElderlyAlone } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True((await DueAsync(household)).Stale); // marked by the People write itself
        Assert.Contains(household, await DueOnDayListAsync());
        var due = await DueAsync(household);
        Assert.False(due.Stale);
        Assert.Equal(7, due.IntervalDays);
        Assert.Equal(BuiltInTags.ElderlyAlone, due.TagCodes);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/residents/{residentId}/tags", new { tagCodes = Array.Empty<string>() })).StatusCode);
        Assert.DoesNotContain(household, await DueOnDayListAsync());
        Assert.Equal(90, (await DueAsync(household)).IntervalDays);
    }

    [Fact]
    public async Task A_building_moved_to_another_grid_takes_its_households_due_rows_along()
    {
        var household = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone);
        int buildingId, otherGrid;
        string otherPath;
        await using (var scope = app.SystemScope(out var db))
        {
            var grid1 = await app.AreaIdOfAsync("grid1");
            buildingId = await db.Households.Where(h => h.Id == household).Select(h => h.Dwelling!.BuildingId).SingleAsync();
            var community = await db.Areas.Where(a => a.Id == grid1).Select(a => a.ParentId).SingleAsync();
            var neighbour = await db.Areas.Where(a => a.ParentId == community && a.Id != grid1).OrderBy(a => a.Code).Select(a => new { a.Id, a.AreaPath }).FirstAsync();
            (otherGrid, otherPath) = (neighbour.Id, neighbour.AreaPath);
        }
        var move = await (await app.As("admin")).PostAsJsonAsync($"/api/v1/buildings/{buildingId}/move", new { gridId = otherGrid, reason = "网格调整（测试）" });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        Assert.Equal(otherPath, (await DueAsync(household)).AreaPath);
        Assert.DoesNotContain(household, await DueOnDayListAsync());
        var other = await (await app.As("admin")).GetFromJsonAsync<JsonElement>($"/api/v1/outreach/day?gridId={otherGrid}&limit=1000");
        Assert.Contains(household, other.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("householdId").GetInt32()));
    }

    [Fact]
    public async Task Every_kept_due_date_equals_what_the_visit_rules_say()
    {
        // Some households of every kind, then every row is recomputed the way the day list does before reading.
        await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone, BuiltInTags.Disabled);
        var visited = await app.HouseholdAsync("grid2", BuiltInTags.LowIncome);
        await app.VisitedAsync(visited, DateTimeOffset.UtcNow.AddDays(-3));
        await using var scope = app.SystemScope(out var db);
        await VisitDues.EnsureFreshAsync(db, null, CancellationToken.None);

        var today = Today;
        var rules = await db.VisitRules.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Id).Select(r => new VisitSchedule.Rule(r.TagCode, r.IntervalDays)).ToListAsync();
        var households = await db.Households.AsNoTracking().Select(h => new { h.Id, h.AreaPath }).ToListAsync();
        var tags = (await (from t in db.ResidentTags.AsNoTracking() join r in db.Residents on t.ResidentId equals r.Id join tag in db.Tags on t.TagId equals tag.Id
                           where r.HouseholdId != null select new { HouseholdId = r.HouseholdId!.Value, tag.Code }).ToListAsync())
            .GroupBy(t => t.HouseholdId).ToDictionary(g => g.Key, g => g.Select(t => t.Code).Distinct().ToList());
        var lastVisits = (await db.Visits.AsNoTracking().Where(v => v.Kind == VisitKind.Home && v.HouseholdId != null).Select(v => new { v.HouseholdId, v.VisitedAt }).ToListAsync())
            .GroupBy(v => v.HouseholdId!.Value).ToDictionary(g => g.Key, g => g.Max(v => v.VisitedAt));
        var rows = await db.HouseholdVisitDues.AsNoTracking().ToDictionaryAsync(d => d.HouseholdId);

        Assert.Equal(households.Count, rows.Count);
        Assert.True(lastVisits.Count > 10, "the demo has home visits");
        foreach (var h in households)
        {
            var row = rows[h.Id];
            var rule = VisitSchedule.Applying(rules, tags.GetValueOrDefault(h.Id) ?? []);
            DateOnly? lastDay = lastVisits.TryGetValue(h.Id, out var last) ? DateOnly.FromDateTime(last.ToShanghai().DateTime) : null;
            Assert.False(row.Stale);
            Assert.Equal(h.AreaPath, row.AreaPath);
            Assert.Equal(rule?.IntervalDays, row.IntervalDays);
            Assert.Equal(lastDay, row.LastVisitedOn);
            Assert.Equal(lastDay is null || rule is null ? null : (DateOnly?)VisitSchedule.DueOn(lastDay, rule.IntervalDays, today), row.NextDueOn);
            Assert.Equal((tags.GetValueOrDefault(h.Id) ?? []).Order(StringComparer.Ordinal), row.TagCodes.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }
    }
}
