using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// 停用 a staff account while appeals are in their hands: the account page and the API say how many; on disabling, the
/// person's own appeals go back to be dispatched again at their tier (timeline, notice to the dispatchers, a fresh
/// dispatch limit), and a department's appeals stay with the department, whose missing liaison is reported.
/// </summary>
public sealed class DisablingHandsBackAppealsTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Disabling_a_grid_worker_sends_their_open_appeals_back_for_dispatch_and_tells_the_dispatchers()
    {
        var admin = await app.As("admin");
        var grid1 = await app.UserIdAsync("grid1");
        var working = await app.InStateAsync(AppealState.InProgress);
        var dispatched = await app.InStateAsync(AppealState.Dispatched);
        var resolved = await app.InStateAsync(AppealState.Resolved); // waits for the community's follow-up, not for grid1
        int open;
        await using (app.SystemScope(out var db))
            open = await db.Appeals.IgnoreQueryFilters().InHandOf(grid1).CountAsync();
        Assert.True(open >= 2);

        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{grid1}");
        Assert.Equal(open, before.GetProperty("openAppeals").GetInt32());
        var page = await (await app.PageClientAsync("admin")).GetStringAsync($"/Accounts/Users/Edit?id={grid1}");
        Assert.Contains($"本人承办的 {open} 件将退回所在社区或街道重新派单", page);
        var accounts = await (await app.PageClientAsync("admin")).GetStringAsync("/Accounts/Users?q=grid1");
        Assert.Contains($"/Appeals?queue=all&amp;assignee={grid1}\">{open} 件</a>", accounts);

        var response = await admin.PostAsJsonAsync($"/api/v1/users/{grid1}/disable", new { reason = "离职" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(open, result.GetProperty("returnedForDispatch").GetInt32());
        Assert.Equal(0, result.GetProperty("openAppeals").GetInt32());
        Assert.True(result.GetProperty("disabled").GetBoolean());

        foreach (var id in new[] { working, dispatched })
        {
            var appeal = await app.GetAsync("window1", id);
            Assert.Equal((int)AppealState.Accepted, appeal.GetProperty("state").GetInt32());
            Assert.Equal(JsonValueKind.Null, appeal.GetProperty("currentAssignee").ValueKind);
            Assert.All(appeal.GetProperty("assignments").EnumerateArray(), a => Assert.NotEqual(JsonValueKind.Null, a.GetProperty("endedAt").ValueKind));
            // A fresh dispatch limit, so the deadline job does not escalate it for a limit that passed while it was in hand.
            Assert.True(appeal.GetProperty("dispatchDueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
            var timeline = appeal.GetProperty("timeline").EnumerateArray().ToList();
            Assert.Contains(timeline, e => e.GetProperty("note").GetString() == "承办人员变动，退回社区重新派单" && e.GetProperty("isPublic").GetBoolean());
            Assert.Contains(timeline, e => e.GetProperty("note").GetString()!.Contains("的账户已停用（离职）") && !e.GetProperty("isPublic").GetBoolean());
        }
        Assert.Equal((int)AppealState.Resolved, (await app.GetAsync("window1", resolved)).GetProperty("state").GetInt32());

        var notices = await (await app.As("window1")).GetFromJsonAsync<JsonElement>("/api/v1/notifications?take=200");
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains("账户已停用，已退回社区，请于")
            && n.GetProperty("link").GetString() == $"/Appeals/{working}");

        // The community dispatches it again to someone who can act.
        await app.OkAsync("window1", working, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
    }

    [Fact]
    public async Task Disabling_a_liaison_leaves_the_departments_appeals_with_the_department_and_names_it()
    {
        var admin = await app.As("admin");
        var id = await app.SentToHousingDepartmentAsync();
        var dept1 = await app.UserIdAsync("dept1");
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{dept1}")).GetProperty("openAppeals").GetInt32() >= 1);
        var page = await (await app.PageClientAsync("admin")).GetStringAsync($"/Accounts/Users/Edit?id={dept1}");
        Assert.Contains("以区住建局名义承办的仍留在部门", page);

        var result = await (await admin.PostAsJsonAsync($"/api/v1/users/{dept1}/disable", new { reason = "调岗" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["区住建局"], result.GetProperty("departmentsNeedingLiaison").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal((int)AppealState.Dispatched, (await app.GetAsync("street1", id)).GetProperty("state").GetInt32());
        var notices = await (await app.As("street1")).GetFromJsonAsync<JsonElement>("/api/v1/notifications?take=200");
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains("联络员") && n.GetProperty("link").GetString() == $"/Appeals/{id}");
    }
}
