using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>Duplicates are offered on submission; merged appeals follow the main appeal's outcome.</summary>
public sealed class AppealMergeTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task A_second_report_at_the_same_building_is_offered_the_first_as_a_duplicate()
    {
        var building = await app.BuildingOfAsync("grid1", 2);
        var first = await app.SubmitAsync(buildingId: building, category: "ev", description: "楼道里有人飞线给电动车充电，很危险");
        var client = await app.As("window1");
        var response = await client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Report, categoryId = await app.CategoryIdAsync("ev"), buildingId = building,
            description = "二单元门口电动车拉线充电", channel = (int)AppealChannel.Phone,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(result.GetProperty("possibleDuplicates").EnumerateArray(), d => d.GetProperty("id").GetInt64() == first);
        var second = result.GetProperty("id").GetInt64();
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{second}/duplicates");
        Assert.Contains(listed.EnumerateArray(), d => d.GetProperty("id").GetInt64() == first);
        // A different category at the same building is not a duplicate.
        var other = await app.SubmitAsync(buildingId: building, category: "road", description: "楼前路灯不亮已经一周");
        var none = await client.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{other}/duplicates");
        Assert.DoesNotContain(none.EnumerateArray(), d => d.GetProperty("id").GetInt64() == first);
    }

    [Fact]
    public async Task Nearby_reports_are_offered_by_distance_but_only_those_the_submitter_may_see()
    {
        int communityOne, communityTwo;
        await using (var scope = app.SystemScope(out var db))
        {
            var communities = await db.Areas.Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.Community).OrderBy(a => a.Id).Select(a => a.Id).Take(2).ToListAsync();
            (communityOne, communityTwo) = (communities[0], communities[1]);
        }
        var category = await app.CategoryIdAsync("road");
        object At(int area, double latitude, string description) => new
        {
            kind = (int)AppealKind.Help, categoryId = category, areaId = area, address = "两个社区交界的路口", latitude, longitude = 116.40000,
            description, channel = (int)AppealChannel.Window,
        };
        // Community one files a report; 60 m north, community two's window and the district's administrator file theirs.
        var first = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", At(communityOne, 39.90000, "路口的窨井盖被车压碎了，晚上很危险"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var fromAdmin = await (await app.As("admin")).PostAsJsonAsync("/api/v1/appeals", At(communityTwo, 39.90054, "交界路口井盖破损，车辆经过有响声"));
        var offered = Assert.Single((await fromAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("possibleDuplicates").EnumerateArray(),
            d => d.GetProperty("id").GetInt64() == firstId);
        Assert.InRange(offered.GetProperty("distanceMetres").GetDouble(), 55, 65);

        var fromOther = await (await app.As("window2")).PostAsJsonAsync("/api/v1/appeals", At(communityTwo, 39.90054, "交界路口井盖破损，晚上看不清"));
        Assert.Equal(HttpStatusCode.Created, fromOther.StatusCode);
        Assert.DoesNotContain((await fromOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("possibleDuplicates").EnumerateArray(),
            d => d.GetProperty("id").GetInt64() == firstId);
        // 300 m away is not near.
        var far = await (await app.As("admin")).PostAsJsonAsync("/api/v1/appeals", At(communityTwo, 39.90270, "另一个路口的井盖松动"));
        Assert.DoesNotContain((await far.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("possibleDuplicates").EnumerateArray(),
            d => d.GetProperty("id").GetInt64() == firstId);
    }

    [Fact]
    public async Task Merged_appeals_follow_the_main_appeal_to_its_result_and_closing()
    {
        var main = await app.InStateAsync(AppealState.Accepted);
        var duplicate = await app.SubmitAsync(description: "楼上装修噪音太大，晚上十点还在施工");
        var earlier = await app.SubmitAsync(description: "装修噪音扰民，周末一大早就开始");
        await app.OkAsync("window1", earlier, "merge", new { mainId = duplicate });
        var merged = await app.OkAsync("window1", duplicate, "merge", new { mainId = main });
        Assert.Equal((int)AppealState.Merged, merged.GetProperty("state").GetInt32());
        var mainView = await app.GetAsync("window1", main);
        Assert.Equal(2, mainView.GetProperty("supporterCount").GetInt32());
        Assert.Equal(2, mainView.GetProperty("mergedAppeals").GetArrayLength()); // the earlier one now follows the main appeal directly

        await app.OkAsync("window1", main, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        await app.OkAsync("grid1", main, "acknowledge");
        await app.OkAsync("grid1", main, "resolve", new { result = "已责令装修队晚八点后停工" });
        foreach (var id in new[] { duplicate, earlier })
        {
            var view = await app.GetAsync("window1", id);
            Assert.Equal("已责令装修队晚八点后停工", view.GetProperty("result").GetString());
            Assert.Contains(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "follow-main"
                && e.GetProperty("isPublic").GetBoolean() && e.GetProperty("note").GetString()!.Contains("已办结"));
        }
        await app.OkAsync("window1", main, "follow-up", new { resolved = true, satisfied = true });
        await app.OkAsync("window1", main, "close");
        var closed = await app.GetAsync("window1", duplicate);
        Assert.Equal((int)AppealState.Merged, closed.GetProperty("state").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("isSatisfied").ValueKind); // rated once, on the main appeal
    }

    [Fact]
    public async Task The_grid_worker_on_a_merged_appeal_is_told_and_taken_off_it()
    {
        var main = await app.InStateAsync(AppealState.Accepted);
        var duplicate = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", duplicate, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        await app.OkAsync("window1", duplicate, "merge", new { mainId = main });
        var view = await app.GetAsync("window1", duplicate);
        Assert.All(view.GetProperty("assignments").EnumerateArray(), x => Assert.NotEqual(JsonValueKind.Null, x.GetProperty("endedAt").ValueKind));
        var number = view.GetProperty("number").GetString()!;
        var notices = (await (await app.As("grid2")).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).Where(t => t.Contains(number, StringComparison.Ordinal)).ToList();
        var relieved = Assert.Single(notices, n => n.Contains("无需继续办理", StringComparison.Ordinal));
        Assert.Contains((await app.GetAsync("window1", main)).GetProperty("number").GetString()!, relieved);
    }

    [Fact]
    public async Task Merging_into_itself_or_into_a_closed_appeal_is_refused()
    {
        var id = await app.SubmitAsync();
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "merge", new { mainId = id }), HttpStatusCode.Conflict);
        Assert.Equal("不能把诉求合并到它自己。", detail);
        var closed = await app.InStateAsync(AppealState.Closed);
        detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "merge", new { mainId = closed }), HttpStatusCode.Conflict);
        Assert.Contains("不能再并入其他诉求", detail);
        var response = await app.ActAsync("window1", id, "merge", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
