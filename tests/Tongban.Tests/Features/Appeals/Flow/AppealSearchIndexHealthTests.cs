using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// SQLite: appeals waiting for the full-text index while its progress mark stays put for five minutes show as a stalled
/// index on /healthz (status "degraded", still 200: search stays complete); waiting while the mark moves is normal.
/// PostgreSQL has no such index to watch.
/// </summary>
public sealed class AppealSearchIndexHealthTests(SlowSearchIndexFactory app) : IClassFixture<SlowSearchIndexFactory>
{
    private async Task<JsonElement> HealthAsync()
    {
        using var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<AppealSearchIndexHealth.IndexState> CheckAsync(DateTimeOffset at)
    {
        await using var scope = app.SystemScope(out var db);
        return await app.Services.GetRequiredService<AppealSearchIndexHealth>().CheckAsync(db, at);
    }

    [Fact]
    public async Task Appeals_waiting_while_the_mark_stays_put_for_five_minutes_make_healthz_degraded_until_indexing_resumes()
    {
        // Checks are stamped by the caller; /healthz compares the last one with the app's (real) clock, so stay near it.
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-8);
        if (app.Database.IsPostgres)
        {
            Assert.False((await CheckAsync(t0)).Checked);
            var pg = await HealthAsync();
            Assert.Equal("healthy", pg.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, pg.GetProperty("searchIndex").ValueKind);
            return;
        }
        var writer = app.Services.GetRequiredService<AppealIntakeWriter>();
        await writer.IndexSearchTailNowAsync(); // the demo data
        var state = await CheckAsync(t0);
        Assert.True(state.Checked);
        Assert.Equal(0, state.Waiting);
        Assert.False(state.Stalled);

        // Two appeals wait (the index's interval here is an hour) and the mark does not move.
        await app.SubmitAsync(description: "三号楼北侧排水沟堵了，雨后积水没过脚踝", category: "other");
        await app.SubmitAsync(description: "排水沟旁边的井盖松动，踩上去会响", category: "other");
        Assert.Equal(2, (await CheckAsync(t0.AddMinutes(1))).Waiting);
        Assert.False((await CheckAsync(t0.AddMinutes(5))).Stalled); // four minutes without progress: not yet
        state = await CheckAsync(t0.AddMinutes(6).AddSeconds(1));
        Assert.True(state.Stalled);
        var degraded = await HealthAsync();
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        var index = degraded.GetProperty("searchIndex");
        Assert.Equal(2, index.GetProperty("waiting").GetInt32());
        Assert.True(index.GetProperty("stalled").GetBoolean());
        Assert.Contains("停滞约5分钟，2条诉求尚未入索引", index.GetProperty("problem").GetString());

        // Indexing resumes: nothing waits, and the node is healthy again.
        await writer.IndexSearchTailNowAsync();
        state = await CheckAsync(t0.AddMinutes(7));
        Assert.Equal(0, state.Waiting);
        Assert.False(state.Stalled);
        Assert.Equal("healthy", (await HealthAsync()).GetProperty("status").GetString());

        // Appeals waiting while the mark moves between checks is the writer working in batches, however long it goes on.
        await app.SubmitAsync(description: "楼道声控灯坏了，晚上上楼看不见台阶", category: "other");
        Assert.Equal(1, (await CheckAsync(t0.AddMinutes(8))).Waiting);
        await writer.IndexSearchTailNowAsync();
        await app.SubmitAsync(description: "声控灯修好后又坏了，请再来看看", category: "other");
        state = await CheckAsync(t0.AddMinutes(20));
        Assert.Equal(1, state.Waiting);
        Assert.False(state.Stalled);
        Assert.Null(state.Problem);
    }

    [Fact]
    public async Task A_check_that_stopped_coming_makes_healthz_degraded_too()
    {
        if (app.Database.IsPostgres) return; // no index job to stop; the other test checks PostgreSQL's /healthz
        await app.Services.GetRequiredService<AppealIntakeWriter>().IndexSearchTailNowAsync(); // nothing waits: no stall to see
        await CheckAsync(DateTimeOffset.UtcNow.AddMinutes(-7)); // the last check the job made before it stopped
        var health = await HealthAsync();
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("检查已停止约7分钟", health.GetProperty("searchIndex").GetProperty("problem").GetString());
        await CheckAsync(DateTimeOffset.UtcNow);
        Assert.Equal("healthy", (await HealthAsync()).GetProperty("status").GetString());
    }
}
