using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Services;

/// <summary>Rota, leave and skill matrix through the staff API (the daily close: <see cref="DailyCloseTests"/>).</summary>
public sealed class DutyTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    [Fact]
    public async Task Secretary_generates_a_month_covering_every_post_then_a_bad_manual_edit_is_refused_with_its_conflicts()
    {
        var secretary = await app.As("secretary1");
        var matrix = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/services/skills");
        var people = matrix.GetProperty("staff").EnumerateArray().Select(s => s.GetProperty("userId").GetString()!).ToList();
        // A month ahead of the demo's own rota (seeded for the current month), with leave from its second Monday to Wednesday.
        var first = TestMonths.First(6);
        var monday = Enumerable.Range(7, 7).Select(d => first.AddDays(d - 1)).Single(d => d.DayOfWeek == DayOfWeek.Monday);
        var month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var onLeave = monday.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var leave = await secretary.PostAsJsonAsync("/api/v1/services/leaves",
            new { userId = people[0], from = monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = monday.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = "年休假" });
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);

        var generated = await secretary.PostAsJsonAsync("/api/v1/services/rota/generate", new { month });
        var rota = await generated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Empty(rota.GetProperty("conflicts").EnumerateArray());
        var lines = rota.GetProperty("assignments").EnumerateArray().ToList();
        Assert.DoesNotContain(lines, l => l.GetProperty("userId").GetString() == people[0] && l.GetProperty("day").GetString() == onLeave);
        Assert.Contains(lines, l => l.GetProperty("isExtended").GetBoolean() && l.GetProperty("end").GetString() == "20:00");

        // Second generation without overwrite is refused: manual work is not silently lost.
        var again = await secretary.PostAsJsonAsync("/api/v1/services/rota/generate", new { month });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var a = lines.First(l => l.GetProperty("meal").ValueKind == JsonValueKind.String && l.GetProperty("role").GetString() == "A");
        var b = lines.Single(l => l.GetProperty("day").GetString() == a.GetProperty("day").GetString() && l.GetProperty("postId").GetInt32() == a.GetProperty("postId").GetInt32()
            && l.GetProperty("start").GetString() == a.GetProperty("start").GetString() && l.GetProperty("role").GetString() == "B");
        var edit = await secretary.PutAsJsonAsync($"/api/v1/services/rota/assignments/{b.GetProperty("id").GetInt64()}", new { userId = a.GetProperty("userId").GetString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        var message = (await edit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("userId")[0].GetString();
        Assert.Contains("冲突", message);
        Assert.Contains("未保存", message);
        var unchanged = await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/services/rota?month={month}");
        Assert.Equal(b.GetProperty("userId").GetString(), unchanged.GetProperty("assignments").EnumerateArray().Single(l => l.GetProperty("id").GetInt64() == b.GetProperty("id").GetInt64()).GetProperty("userId").GetString());

        var forced = await secretary.PutAsJsonAsync($"/api/v1/services/rota/assignments/{b.GetProperty("id").GetInt64()}", new { userId = a.GetProperty("userId").GetString(), acceptConflicts = true });
        var after = await forced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains(after.GetProperty("conflicts").EnumerateArray(), c => c.GetProperty("message").GetString()!.Contains("同一人"));
    }

    [Fact]
    public async Task A_grid_worker_reads_the_rota_skills_and_leave_of_the_community_above_their_grid_and_takes_applications()
    {
        // Grid workers take turns on the desk, but their account covers only the grid: the community above it was
        // outside their area and these answered 500.
        var generated = await (await app.As("secretary1")).PostAsJsonAsync("/api/v1/services/rota/generate", new { month = TestMonths.Ahead(5) });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var grid = await app.As("grid1");
        var rota = await grid.GetFromJsonAsync<JsonElement>($"/api/v1/services/rota?month={TestMonths.Ahead(5)}");
        Assert.Equal("滨河社区", rota.GetProperty("community").GetString());
        // The community's posts and rota are theirs to read, not an empty month (the area filter hid them too).
        Assert.Equal(2, rota.GetProperty("posts").GetArrayLength());
        Assert.Equal((await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").GetArrayLength(),
            rota.GetProperty("assignments").GetArrayLength());
        var me = await app.UserIdAsync("grid1");
        Assert.Contains(rota.GetProperty("loads").EnumerateArray(), l => l.GetProperty("userId").GetString() == me);
        Assert.Equal(HttpStatusCode.OK, (await grid.GetAsync("/api/v1/services/skills")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await grid.GetAsync($"/api/v1/services/leaves?month={TestMonths.Ahead(5)}")).StatusCode);
        var page = await (await app.PageClientAsync("grid1")).GetAsync($"/Services/Rota?month={TestMonths.Ahead(5)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // And they take applications on their desk turn (the same community lookup kept them out with a 500).
        var started = await grid.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync("senior-allowance"), applicantName = "王大爷", channel = "MobileDesk" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        // As first receiver (首问负责) they own it: they open it, list it among theirs and carry it on.
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await grid.GetAsync($"/api/v1/services/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.PageClientAsync("grid1")).GetAsync($"/Services/Applications/{id}")).StatusCode);
        // Reading is not managing: generating is still refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync("/api/v1/services/rota/generate", new { month = TestMonths.Ahead(5) })).StatusCode);
    }

    [Fact]
    public async Task Window_staff_cannot_generate_the_rota()
    {
        var window = await app.As("window1");
        Assert.Equal(HttpStatusCode.Forbidden, (await window.PostAsJsonAsync("/api/v1/services/rota/generate", new { month = TestMonths.Ahead(2) })).StatusCode);
    }

    [Fact]
    public async Task Skill_matrix_shows_training_and_a_skill_change_lets_staff_handle_the_item()
    {
        var secretary = await app.As("secretary2");
        var matrix = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/services/skills");
        var windowId = await app.UserIdAsync("window2");
        var row = matrix.GetProperty("staff").EnumerateArray().Single(s => s.GetProperty("userId").GetString() == windowId);
        Assert.True(row.GetProperty("training").GetInt32() >= 1);
        var itemId = await app.ItemIdAsync("only-child-reward");
        var set = await secretary.PutAsJsonAsync("/api/v1/services/skills", new { userId = windowId, serviceItemId = itemId, level = "Qualified" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var (id, _) = await app.StartAsync("window2", "only-child-reward");
        Assert.True(id > 0);
    }
}
