using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>The appeals factory with the search index's interval set to an hour: new appeals stay unindexed until a test asks.</summary>
public sealed class SlowSearchIndexFactory : AppealsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [.. base.ExtraSettings, new("Appeals:Jobs:SearchIndexIntervalMilliseconds", "3600000")];
}

/// <summary>
/// On SQLite new appeals enter the full-text index in batches after they commit (AppealIntakeWriter.IndexSearchTail);
/// search must find them before and after, exactly once, and the index must stay whole. On PostgreSQL the same searches
/// run against the GIN index, which takes each appeal in as it is inserted.
/// </summary>
public sealed class AppealSearchIndexTests(SlowSearchIndexFactory app) : IClassFixture<SlowSearchIndexFactory>
{
    private Task<List<long>> IdsAsync(string user, string query) => app.IdsAsync(user, "q=" + Uri.EscapeDataString(query));

    private async Task<List<long>> IndexedAsync(string token)
    {
        await using var scope = app.SystemScope(out var db);
        return await db.Database.SqlQuery<long>($"""SELECT rowid AS "Value" FROM "AppealSearch" WHERE "AppealSearch" MATCH {"\"" + token + "\""}""").ToListAsync();
    }

    private async Task<long> IndexedThroughAsync()
    {
        await using var scope = app.SystemScope(out var db);
        return await db.Database.SqlQuery<long>($"""SELECT "IndexedThrough" AS "Value" FROM "AppealSearchProgress" """).SingleAsync();
    }

    private async Task IndexNowAsync(long through)
    {
        await app.Services.GetRequiredService<AppealIntakeWriter>().IndexSearchTailNowAsync();
        Assert.True(await IndexedThroughAsync() >= through, "the writer did not index the new appeals");
    }

    [Fact]
    public async Task New_appeals_are_found_before_and_after_they_enter_the_index_and_the_index_stays_whole()
    {
        var first = await app.SubmitAsync(description: "小区东门窨井盖板翘起，晚上有人差点绊倒", category: "other");
        var second = await app.SubmitAsync(description: "窨井旁边的路灯也不亮了，请一起看看", category: "other");
        var leak = await app.SubmitAsync(description: "车库顶板渗水，墙皮一片片往下掉", category: "leak");
        var sqlite = !app.Database.IsPostgres;
        if (sqlite)
        {
            Assert.True(await IndexedThroughAsync() < first);
            Assert.Empty(await IndexedAsync("窨井"));
        }

        // Not yet indexed: found by the caller in their area, by a grid worker of the place, and by its number.
        foreach (var user in new[] { "window1", "grid1", "admin" })
        {
            var found = await IdsAsync(user, "窨井");
            Assert.Contains(first, found);
            Assert.Contains(second, found);
            Assert.DoesNotContain(leak, found);
            Assert.Equal([first], await IdsAsync(user, "窨井 绊倒"));
        }
        await using (app.SystemScope(out var db))
        {
            var number = await db.Appeals.Where(a => a.Id == leak).Select(a => a.Number).SingleAsync();
            Assert.Equal([leak], await IdsAsync("window1", number.ToLowerInvariant()));
            // A change of an unindexed appeal's text leaves the index alone; search sees the new text.
            await db.Appeals.Where(a => a.Id == second).ExecuteUpdateAsync(u => u.SetProperty(a => a.SearchText, a => a.SearchText + " 照 明 照明"));
        }
        Assert.Equal([second], await IdsAsync("window1", "照明"));

        // Dispatched to a grid worker outside its grid while still unindexed: their search adds it, as for indexed ones.
        await app.OkAsync("window1", first, "accept");
        await app.OkAsync("window1", first, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        Assert.Contains(first, await IdsAsync("grid2", "窨井"));

        if (sqlite) await IndexNowAsync(leak);
        if (sqlite)
        {
            Assert.Equal(new[] { first, second }, (await IndexedAsync("窨井")).Order());
            Assert.Equal([second], await IndexedAsync("照明"));
        }
        // Indexed now: each found once, not again from the unindexed rows.
        var after = await IdsAsync("window1", "窨井");
        Assert.Equal(1, after.Count(id => id == first));
        Assert.Equal(1, after.Count(id => id == second));
        Assert.Contains(first, await IdsAsync("grid2", "窨井"));

        await using (app.SystemScope(out var db))
        {
            // A change of an indexed appeal's text goes through the index's triggers.
            await db.Appeals.Where(a => a.Id == leak).ExecuteUpdateAsync(u => u.SetProperty(a => a.SearchText, a => a.SearchText + " 霉 斑 霉斑"));
            if (sqlite)
                // FTS5 compares every index entry with the appeals' current text; it throws on any difference.
                await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AppealSearch"("AppealSearch", rank) VALUES ('integrity-check', 1)""");
        }
        Assert.Equal([leak], await IdsAsync("window1", "霉斑"));
    }
}

/// <summary>With the default interval: appeals that did not come through the writer (the demo data) are indexed within seconds.</summary>
public sealed class AppealSearchIndexingJobTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Appeals_inserted_without_the_writer_enter_the_index_within_seconds()
    {
        await using var scope = app.SystemScope(out var db);
        var demo = await db.Appeals.IgnoreQueryFilters().MaxAsync(a => a.Id);
        Assert.True(demo > 0);
        if (app.Database.IsPostgres) return; // the GIN index needs no job; the search tests cover PostgreSQL
        long through = 0;
        for (var i = 0; i < 100; i++)
        {
            through = await db.Database.SqlQuery<long>($"""SELECT "IndexedThrough" AS "Value" FROM "AppealSearchProgress" """).SingleAsync();
            if (through >= demo) break;
            await Task.Delay(100);
        }
        Assert.True(through >= demo, $"索引只到 {through}，演示数据到 {demo}");
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AppealSearch"("AppealSearch", rank) VALUES ('integrity-check', 1)""");
    }
}
