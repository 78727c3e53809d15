using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>A grid worker sees their own grid's appeals, and another grid's only while it is dispatched to them.</summary>
public sealed class AppealVisibilityTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static async Task<List<long>> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/appeals?pageSize=100&{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task A_grid_worker_cannot_see_another_grids_appeal_unless_dispatched_to_them()
    {
        var id = await app.SubmitAsync(description: "三号楼下水管道漏水，地下室积水严重", category: "leak");
        var grid1 = await app.As("grid1");
        var grid2 = await app.As("grid2");

        Assert.Equal(HttpStatusCode.OK, (await grid1.GetAsync($"/api/v1/appeals/{id}")).StatusCode);
        var detail = await ProblemAssert.IsAsync(await grid2.GetAsync($"/api/v1/appeals/{id}"), HttpStatusCode.Forbidden);
        Assert.Contains("已记录", detail);
        Assert.DoesNotContain(id, await IdsAsync(grid2, "queue=all"));
        Assert.DoesNotContain(id, await IdsAsync(grid2, "q=漏水"));
        Assert.Contains(id, await IdsAsync(grid1, "q=漏水"));
        await using (app.SystemScope(out var db))
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "outside-scope" && e.EntityType == nameof(Appeal) && e.EntityId == id.ToString()));

        // Dispatched to grid 2's worker: now they see it, in their own queue, and can act on it.
        await app.OkAsync("window1", id, "accept");
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        Assert.Equal(HttpStatusCode.OK, (await grid2.GetAsync($"/api/v1/appeals/{id}")).StatusCode);
        Assert.Contains(id, await IdsAsync(grid2, "queue=mine"));
        Assert.Contains(id, await IdsAsync(grid2, "queue=awaiting-ack"));
        Assert.DoesNotContain(id, await IdsAsync(grid2, "queue=area"));
        Assert.Contains(id, await IdsAsync(grid2, "q=漏水")); // search adds work dispatched from outside the grid
        Assert.DoesNotContain(id, await IdsAsync(grid2, "q=漏水&areaId=" + await GridAreaIdAsync("grid2")));
        await app.OkAsync("grid2", id, "acknowledge");

        // Transferred back: grid 2 loses sight of it again.
        await app.OkAsync("window1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = await app.UserIdAsync("grid1") }, reason = "属于第一网格" });
        Assert.Equal(HttpStatusCode.Forbidden, (await grid2.GetAsync($"/api/v1/appeals/{id}")).StatusCode);
        Assert.DoesNotContain(id, await IdsAsync(grid2, "queue=all"));
        Assert.DoesNotContain(id, await IdsAsync(grid2, "q=漏水"));
        Assert.Contains(id, await IdsAsync(grid1, "queue=mine"));
    }

    private async Task<int> GridAreaIdAsync(string userName)
    {
        await using var scope = app.SystemScope(out var db);
        return (await db.Users.SingleAsync(u => u.UserName == userName)).AreaId;
    }

    [Fact]
    public async Task Staff_of_another_community_see_nothing_of_it_and_cannot_act()
    {
        var id = await app.SubmitAsync();
        var other = await app.As("window3");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/appeals/{id}")).StatusCode);
        var refused = await app.ActAsync("window3", id, "accept");
        await ProblemAssert.IsAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal((int)AppealState.Submitted, (await app.GetAsync("window1", id)).GetProperty("state").GetInt32());
        Assert.Contains(id, await IdsAsync(await app.As("street1"), "queue=to-accept"));
        Assert.DoesNotContain(id, await IdsAsync(await app.As("street2"), "queue=all"));
    }

    [Fact]
    public async Task A_department_liaison_finds_what_is_sent_to_the_department_in_their_queues()
    {
        var id = await app.SentToHousingDepartmentAsync();
        var dept = await app.As("dept1");
        Assert.Contains(id, await IdsAsync(dept, "queue=mine"));
        Assert.Contains(id, await IdsAsync(dept, "queue=awaiting-ack"));
        var notices = await dept.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true");
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("link").GetString() == $"/Appeals/{id}");
    }

    [Fact]
    public async Task A_department_liaison_reads_only_the_appeals_their_department_is_on()
    {
        // Their account covers the district; before, they read every appeal of it, reporters' names included.
        var theirs = await app.SentToHousingDepartmentAsync();
        var elsewhere = await app.InStateAsync(AppealState.Accepted);
        var dept = await app.As("dept1");
        Assert.Equal(HttpStatusCode.OK, (await dept.GetAsync($"/api/v1/appeals/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.GetAsync($"/api/v1/appeals/{elsewhere}")).StatusCode);
        var all = await IdsAsync(dept, "queue=all");
        Assert.Contains(theirs, all);
        Assert.DoesNotContain(elsewhere, all);
        // Once the department has done its part and the appeal is resolved, it stays in their view (their record of it).
        await app.OkAsync("dept1", theirs, "acknowledge");
        await app.OkAsync("dept1", theirs, "resolve", new { result = "已检测楼体并出具加固方案" });
        Assert.Equal(HttpStatusCode.OK, (await dept.GetAsync($"/api/v1/appeals/{theirs}")).StatusCode);
        // The street centre and the community still read both.
        Assert.Contains(elsewhere, await IdsAsync(await app.As("street1"), "queue=all"));
        Assert.Contains(elsewhere, await IdsAsync(await app.As("window1"), "queue=all"));
    }

    [Fact]
    public async Task A_department_keeps_reading_what_it_worked_on_after_the_appeal_moves_on()
    {
        // The department's record of its own part: before, an appeal transferred elsewhere vanished from its view.
        var theirs = await app.SentToHousingDepartmentAsync();
        await app.OkAsync("dept1", theirs, "acknowledge");
        var onIt = await (await app.As("dept1")).GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{theirs}");
        Assert.False(string.IsNullOrEmpty(onIt.GetProperty("reporterName").GetString()));
        Assert.False(onIt.GetProperty("contactWithheld").GetBoolean());
        await app.TransferToUrbanManagementAsync(theirs);
        var dept = await app.As("dept1");
        var details = await dept.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{theirs}");
        Assert.Equal(theirs, details.GetProperty("id").GetInt64());
        // …without the reporter's contact, which it no longer needs (the street centre still has it).
        Assert.Equal(JsonValueKind.Null, details.GetProperty("reporterName").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("reporterPhoneMasked").ValueKind);
        Assert.True(details.GetProperty("contactWithheld").GetBoolean());
        Assert.False(string.IsNullOrEmpty((await app.GetAsync("street1", theirs)).GetProperty("reporterName").GetString()));
        Assert.Empty(details.GetProperty("actions").EnumerateArray());
        // The list of staff one may dispatch to is for those who dispatch, not a directory for every reader.
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.GetAsync($"/api/v1/appeals/{theirs}/assignees")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("street1")).GetAsync($"/api/v1/appeals/{theirs}/assignees")).StatusCode);
        Assert.Contains(theirs, await IdsAsync(dept, "queue=all"));
        Assert.DoesNotContain(theirs, await IdsAsync(dept, "queue=mine"));
        // Reading is all: the department can no longer act on it.
        var refused = await app.ActAsync("dept1", theirs, "resolve", new { result = "已处理" });
        Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden, refused.StatusCode.ToString());
        Assert.Equal((int)AppealState.Dispatched, (await app.GetAsync("street1", theirs)).GetProperty("state").GetInt32());
        // An appeal the department was never on stays out of its sight.
        var never = await app.InStateAsync(AppealState.Accepted);
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.GetAsync($"/api/v1/appeals/{never}")).StatusCode);
    }

    [Fact]
    public async Task A_new_liaison_takes_over_the_departments_appeals_and_the_old_account_loses_sight()
    {
        // Staff change: the department's cases, open and past, follow the department to its new liaison. Before, they
        // stayed with the old account, so the new liaison was told of a summons they could not open.
        var admin = await app.As("admin");
        var district = await app.DistrictIdAsync();
        foreach (var name in new[] { "water1", "water2" })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users",
                new { userName = name, displayName = "区水务局联络员", roles = new[] { "department_liaison" }, areaId = district, password = Tongban.Tests.Infrastructure.TongbanFactory.DemoPassword })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/appeals/departments", new { name = "区水务局", areaId = district, liaisonUserName = "water1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var water = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var open = await app.SentToDepartmentAsync(water);
        await app.OkAsync("water1", open, "acknowledge");
        var past = await app.SentToDepartmentAsync(water);
        await app.TransferToUrbanManagementAsync(past);

        var handedOver = await admin.PutAsJsonAsync($"/api/v1/appeals/departments/{water}", new { name = "区水务局", areaId = district, liaisonUserName = "water2" });
        Assert.Equal(HttpStatusCode.OK, handedOver.StatusCode);

        var successor = await app.As("water2");
        var details = await successor.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{open}");
        Assert.False(details.GetProperty("contactWithheld").GetBoolean());
        Assert.Contains(open, await IdsAsync(successor, "queue=mine"));
        Assert.Contains(past, await IdsAsync(successor, "queue=all"));
        Assert.True((await successor.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{past}")).GetProperty("contactWithheld").GetBoolean());
        var told = (await successor.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true")).EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).ToList();
        Assert.Contains(told, t => t.Contains("您已成为区水务局的联络员") && t.Contains("其中1件正在承办"));
        await app.OkAsync("water2", open, "resolve", new { result = "已疏通排水管道" });

        var predecessor = await app.As("water1");
        Assert.Equal(HttpStatusCode.Forbidden, (await predecessor.GetAsync($"/api/v1/appeals/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await predecessor.GetAsync($"/api/v1/appeals/{past}")).StatusCode);
        Assert.Empty(await IdsAsync(predecessor, "queue=all"));
        Assert.Contains((await predecessor.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true")).EnumerateArray(),
            n => n.GetProperty("text").GetString()!.Contains("您已不再是区水务局的联络员，本部门承办的诉求已交给区水务局联络员"));
    }
}
