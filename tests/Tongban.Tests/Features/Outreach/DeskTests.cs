using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Appeals.Flow;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Outreach;

/// <summary>Mobile desk rotations, sessions, the concerns diary and the figures (community 1's secretary).</summary>
public sealed class DeskTests(OutreachFixture app) : IClassFixture<OutreachFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private async Task<(int PlanId, JsonElement Plan)> NewPlanAsync(HttpClient client, int communityId, bool publish = true)
    {
        var created = await client.PostAsJsonAsync("/api/v1/outreach/desk-plans", new
        {
            name = "冬季流动办公桌", communityId, startDate = Today.AddDays(1), cadenceDays = 7, startTime = "18:00", endTime = "20:00",
            staff = "王书记、百通岗李敏", departments = "派出所、社保所", publish,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (plan.GetProperty("id").GetInt32(), plan);
    }

    private static void EachBuildingOncePerCycle(JsonElement plan, IReadOnlyCollection<int> buildings)
    {
        var slots = plan.GetProperty("slots").EnumerateArray().ToList();
        foreach (var cycle in slots.GroupBy(s => s.GetProperty("cycle").GetInt32()))
        {
            var ids = cycle.Select(s => s.GetProperty("buildingId").GetInt32()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(buildings.OrderBy(b => b), ids.OrderBy(b => b));
        }
    }

    [Fact]
    public async Task Rotation_covers_every_building_exactly_once_per_cycle_and_survives_rescheduling()
    {
        var secretary = await app.As("secretary1");
        var communityId = await app.AreaIdOfAsync("secretary1");
        List<int> buildings;
        await using (var scope = app.SystemScope(out var db))
            buildings = await db.Buildings.Where(b => b.Compound!.CommunityId == communityId).Select(b => b.Id).ToListAsync();
        Assert.True(buildings.Count > 3);

        var (id, plan) = await NewPlanAsync(secretary, communityId);
        EachBuildingOncePerCycle(plan, buildings);
        var dates = plan.GetProperty("slots").EnumerateArray().Select(s => DateOnly.Parse(s.GetProperty("date").GetString()!)).ToList();
        Assert.Equal(Today.AddDays(1), dates[0]);
        Assert.All(dates.Zip(dates.Skip(1)), p => Assert.Equal(7, p.Second.DayNumber - p.First.DayNumber));

        // Rain on the second desk: it and everything after move by two days; the first stays.
        var slots = plan.GetProperty("slots").EnumerateArray().ToList();
        var second = slots[1].GetProperty("id").GetInt32();
        var moved = await secretary.PostAsJsonAsync($"/api/v1/outreach/desk-slots/{second}/reschedule",
            new { date = dates[1].AddDays(2), reason = "预报大雨", shiftFollowing = true });
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var past = await secretary.PostAsJsonAsync($"/api/v1/outreach/desk-slots/{second}/reschedule", new { date = Today.AddDays(-1), reason = "雨" });
        Assert.Contains("不能早于今天", await ProblemAssert.IsAsync(past, HttpStatusCode.UnprocessableEntity));
        var noReason = await secretary.PostAsJsonAsync($"/api/v1/outreach/desk-slots/{second}/reschedule", new { date = Today.AddDays(30) });
        Assert.Contains("原因", await ProblemAssert.IsAsync(noReason, HttpStatusCode.UnprocessableEntity));

        var extended = await secretary.PostAsync($"/api/v1/outreach/desk-plans/{id}/extend", null);
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        plan = await extended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, plan.GetProperty("cycles").GetInt32());
        EachBuildingOncePerCycle(plan, buildings);
        var after = plan.GetProperty("slots").EnumerateArray().ToList();
        var firstCycle = after.Where(s => s.GetProperty("cycle").GetInt32() == 1).ToList();
        Assert.Equal(dates[0], DateOnly.Parse(firstCycle.Single(s => s.GetProperty("sequence").GetInt32() == 1).GetProperty("date").GetString()!));
        var secondSlot = firstCycle.Single(s => s.GetProperty("sequence").GetInt32() == 2);
        Assert.Equal(dates[1].AddDays(2), DateOnly.Parse(secondSlot.GetProperty("date").GetString()!));
        Assert.Equal("预报大雨", secondSlot.GetProperty("rescheduleReason").GetString());
        Assert.Equal(dates[^1].AddDays(2), DateOnly.Parse(firstCycle.Single(s => s.GetProperty("sequence").GetInt32() == buildings.Count).GetProperty("date").GetString()!));
        var lastOfFirst = firstCycle.Max(s => DateOnly.Parse(s.GetProperty("date").GetString()!));
        var firstOfSecond = after.Where(s => s.GetProperty("cycle").GetInt32() == 2).Min(s => DateOnly.Parse(s.GetProperty("date").GetString()!));
        Assert.Equal(lastOfFirst.AddDays(7), firstOfSecond);

        // Residents see the published plan without signing in, and the notice for one building.
        var anonymous = app.CreateClient();
        var open = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/public/outreach/desk-plans/{id}");
        Assert.Equal("冬季流动办公桌", open.GetProperty("name").GetString());
        var notice = await anonymous.GetAsync($"/desk/{id}/notice/{buildings[0]}");
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        Assert.Contains("流动办公桌开到楼下", await notice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/desk/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secretary.PostAsync($"/api/v1/outreach/desk-plans/{id}/publish?published=false", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/public/outreach/desk-plans/{id}")).StatusCode);

        // Another community's secretary neither sees nor plans here.
        var other = await app.As("secretary2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/outreach/desk-plans/{id}")).StatusCode);
        var outside = await other.PostAsJsonAsync("/api/v1/outreach/desk-plans", new { name = "越界", communityId, startDate = Today, cadenceDays = 7, startTime = "18:00", endTime = "20:00", staff = "张三" });
        await ProblemAssert.IsAsync(outside, HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>Building ids in the order residents expect: compound, then the building's own number (1, 2, … 10).</summary>
    private async Task<List<int>> ExpectedOrderAsync(int communityId)
    {
        await using var scope = app.SystemScope(out var db);
        var buildings = await db.Buildings.Where(b => b.Compound!.CommunityId == communityId).Select(b => new { b.Id, b.CompoundId, b.Name }).ToListAsync();
        Assert.Contains(buildings, b => b.Name.StartsWith("10")); // a compound with ten or more buildings, or the test proves nothing
        return buildings.OrderBy(b => b.CompoundId).ThenBy(b => int.Parse(new string(b.Name.TakeWhile(char.IsAsciiDigit).ToArray()))).Select(b => b.Id).ToList();
    }

    private static List<int> FirstCycle(JsonElement plan) => plan.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("cycle").GetInt32() == 1)
        .OrderBy(s => s.GetProperty("sequence").GetInt32()).Select(s => s.GetProperty("buildingId").GetInt32()).ToList();

    [Fact]
    public async Task Rotation_goes_by_compound_then_building_number_so_building_10_comes_after_building_9()
    {
        // The number was read from the displayed name, which starts with the compound ("滨河小区10号楼"), so it was never
        // found and the names sorted as text: 10号楼 before 1号楼.
        var secretary = await app.As("secretary1");
        var communityId = await app.AreaIdOfAsync("secretary1");
        var expected = await ExpectedOrderAsync(communityId);
        var (id, plan) = await NewPlanAsync(secretary, communityId);
        Assert.Equal(expected, FirstCycle(plan));

        // The demo plan (seeded through the same rotation) and the public page residents see follow the same order.
        int demoId;
        await using (var scope = app.SystemScope(out var db))
            demoId = await db.DeskPlans.Where(p => p.CommunityId == communityId && p.IsSample).Select(p => p.Id).SingleAsync();
        Assert.Equal(expected, FirstCycle(await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-plans/{demoId}")));
        var html = await app.CreateClient().GetStringAsync($"/desk/{id}");
        var names = plan.GetProperty("slots").EnumerateArray().OrderBy(s => s.GetProperty("sequence").GetInt32()).Select(s => s.GetProperty("building").GetString()!).ToList();
        var positions = names.Select(n => html.IndexOf(" · " + n, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task Grid_workers_read_their_community_plans_record_the_slots_of_their_grid_and_a_desk_on_a_slots_day_holds_that_slot()
    {
        // Grid workers take turns on the desk, but the plans (at community level) were outside their grid's scope: the
        // desk page said there were none, the plan was a 404, and a desk recorded by building never marked its slot held.
        var secretary = await app.As("secretary1");
        var communityId = await app.AreaIdOfAsync("secretary1");
        var gridPath = await app.AreaPathOfAsync("grid1");
        var (planId, _) = await NewPlanAsync(secretary, communityId);
        int mine, other, free, freeBuilding;
        int? later;
        long otherSession;
        HashSet<int> gridSlots;
        await using (var scope = app.SystemScope(out var db))
        {
            // Two of grid1's desks and one elsewhere brought forward into the past, so they can be recorded now.
            var rows = await db.DeskSlots.Where(s => s.PlanId == planId).OrderBy(s => s.Sequence).ToListAsync();
            var inGrid = rows.Where(s => s.AreaPath == gridPath).ToList();
            var outside = rows.First(s => s.AreaPath != gridPath);
            Assert.True(inGrid.Count >= 2);
            (inGrid[0].Date, outside.Date, inGrid[1].Date) = (Today.AddDays(-1), Today.AddDays(-1), Today.AddDays(-2));
            if (inGrid.Count >= 3) (inGrid[2].Date, inGrid[2].StartTime, inGrid[2].EndTime) = (Today, new TimeOnly(23, 58), new TimeOnly(23, 59)); // tonight, not begun
            await db.SaveChangesAsync();
            later = inGrid.Count >= 3 ? inGrid[2].Id : null;
            (mine, other, free, freeBuilding) = (inGrid[0].Id, outside.Id, inGrid[1].Id, inGrid[1].BuildingId);
            gridSlots = inGrid.Select(s => s.Id).ToHashSet();
            otherSession = await db.DeskSessions.Where(x => x.AreaPath != gridPath).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        }

        var grid = await app.As("grid1");
        Assert.Contains((await grid.GetFromJsonAsync<JsonElement>("/api/v1/outreach/desk-plans")).EnumerateArray(), p => p.GetProperty("id").GetInt32() == planId);
        var seen = await grid.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-plans/{planId}");
        var slots = seen.GetProperty("slots").EnumerateArray().ToList();
        Assert.Contains(slots, x => x.GetProperty("id").GetInt32() == other); // the whole plan, not only grid1's slots
        Assert.All(slots, x => Assert.Equal(gridSlots.Contains(x.GetProperty("id").GetInt32()), x.GetProperty("inArea").GetBoolean()));

        var pages = await app.PageClientAsync("grid1");
        var deskPage = await pages.GetStringAsync("/Outreach/Desk");
        Assert.Contains($"/Outreach/Desk/Plan/{planId}", deskPage);
        Assert.DoesNotContain("还没有流动办公桌计划", deskPage);
        Assert.Contains($"/Outreach/Desk/Session?slotId={mine}", deskPage); // 近期场次: grid1's desks to record
        Assert.DoesNotContain($"/Outreach/Desk/Session?slotId={other}", deskPage);
        var planPage = await pages.GetStringAsync($"/Outreach/Desk/Plan/{planId}");
        Assert.Contains($"/Outreach/Desk/Session?slotId={mine}", planPage);
        if (later is { } tonight && DateTimeOffset.UtcNow.ToShanghai().TimeOfDay < new TimeSpan(23, 40, 0))
        {
            // Tonight's desk is not offered for recording before it starts (saving would be refused); the page says when.
            Assert.DoesNotContain($"/Outreach/Desk/Session?slotId={tonight}", planPage);
            Assert.DoesNotContain($"/Outreach/Desk/Session?slotId={tonight}", deskPage);
            Assert.Contains("23:58开始后可登记", planPage);
        }
        Assert.DoesNotContain($"/Outreach/Desk/Session?slotId={other}", planPage); // another grid's desk is not grid1's to record

        // grid1 records its slot; the other grid's slot is refused; personal records of other grids stay out of reach.
        var refused = await grid.PostAsJsonAsync("/api/v1/outreach/desk-sessions", new { slotId = other, peopleServed = 5 });
        Assert.Contains("不在您的管辖范围内", await ProblemAssert.IsAsync(refused, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(HttpStatusCode.NotFound, (await grid.GetAsync($"/api/v1/outreach/desk-sessions/{otherSession}")).StatusCode);
        var recorded = await grid.PostAsJsonAsync("/api/v1/outreach/desk-sessions", new { slotId = mine, peopleServed = 9, summary = "网格员轮值" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var sessionId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A desk recorded by building on the day of a scheduled slot there is that slot's desk.
        var byBuilding = await grid.PostAsJsonAsync("/api/v1/outreach/desk-sessions",
            new { buildingId = freeBuilding, heldOn = Today.AddDays(-2), startTime = "18:00", endTime = "19:30", peopleServed = 4 });
        Assert.Equal(HttpStatusCode.Created, byBuilding.StatusCode);
        var freeSessionId = (await byBuilding.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var after = (await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-plans/{planId}")).GetProperty("slots").EnumerateArray().ToList();
        foreach (var (slotId, session) in new[] { (mine, sessionId), (free, freeSessionId) })
        {
            var held = after.Single(x => x.GetProperty("id").GetInt32() == slotId);
            Assert.Equal("Held", held.GetProperty("state").GetString());
            Assert.Equal(session, held.GetProperty("sessionId").GetInt64());
        }
        Assert.Equal("Scheduled", after.Single(x => x.GetProperty("id").GetInt32() == other).GetProperty("state").GetString());
        // The plan's figures are the whole plan's for both, and the held desks count in coverage.
        var listed = (await secretary.GetFromJsonAsync<JsonElement>("/api/v1/outreach/desk-plans")).EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == planId);
        var listedForGrid = (await grid.GetFromJsonAsync<JsonElement>("/api/v1/outreach/desk-plans")).EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == planId);
        Assert.Equal(2, listed.GetProperty("held").GetInt32());
        Assert.Equal(listed.ToString(), listedForGrid.ToString());
        var coverage = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/outreach/coverage?days=30");
        var mineBuilding = after.Single(x => x.GetProperty("id").GetInt32() == mine).GetProperty("buildingId").GetInt32();
        Assert.Contains(coverage.GetProperty("buildings").EnumerateArray(), b => b.GetProperty("buildingId").GetInt32() == mineBuilding && !b.GetProperty("stale").GetBoolean());
    }

    [Fact]
    public async Task A_session_records_questions_and_concerns_once_and_a_diary_entry_becomes_an_appeal_in_one_step()
    {
        var secretary = await app.As("secretary1");
        var communityId = await app.AreaIdOfAsync("secretary1");
        var (_, plan) = await NewPlanAsync(secretary, communityId, publish: false);
        var slot = plan.GetProperty("slots")[0];
        var key = Guid.NewGuid().ToString();
        int allowance;
        await using (var scope = app.SystemScope(out var db))
            allowance = await db.ServiceItems().Where(i => i.Code == "senior-allowance").Select(i => i.Id).SingleAsync();
        var body = new
        {
            slotId = slot.GetProperty("id").GetInt32(), heldOn = Today.AddDays(-1), startTime = "18:00", endTime = "20:00", peopleServed = 23,
            summary = "居民关心加装电梯和养老服务", idempotencyKey = key,
            questions = new object[]
            {
                new { question = "高龄津贴怎么申请", answer = "带身份证和户口本到社区，已现场登记", serviceItemId = allowance, resolvedOnSpot = true, applicationStarted = true, applicantName = "王秀英" },
                new { question = "医保异地备案", answer = "已告知线上办理步骤", resolvedOnSpot = true },
                new { question = "小区停车位紧张", answer = "", resolvedOnSpot = false },
            },
            concerns = new[] { new { concern = "3号楼北侧路灯不亮已经一周，晚上老人出行不便", residentName = "李阿姨" } },
        };
        var first = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = result.GetProperty("id").GetInt64();
        Assert.Equal(sessionId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        var entryId = result.GetProperty("diaryEntryIds")[0].GetInt64();

        var summary = await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-sessions/{sessionId}");
        Assert.Equal(23, summary.GetProperty("peopleServed").GetInt32());
        Assert.Equal(2, summary.GetProperty("resolvedOnSpot").GetInt32());
        Assert.Equal(1, summary.GetProperty("applicationsStarted").GetInt32());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("questions")[0].GetProperty("firstInquiryOwner").GetString()));
        var planAfter = await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-plans/{plan.GetProperty("id").GetInt32()}");
        Assert.Equal("Held", planAfter.GetProperty("slots")[0].GetProperty("state").GetString());

        var raised = await secretary.PostAsJsonAsync($"/api/v1/outreach/diary/{entryId}/appeal", new { });
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var appealId = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appealId").GetInt64();
        var twice = await secretary.PostAsJsonAsync($"/api/v1/outreach/diary/{entryId}/appeal", new { });
        Assert.Contains("已转诉求", await ProblemAssert.IsAsync(twice, HttpStatusCode.Conflict));
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == appealId);
            Assert.Equal(AppealChannel.ConcernsDiary, appeal.Channel);
            Assert.Equal("李阿姨", appeal.ReporterName);
            Assert.Equal(1, await db.DeskSessions.CountAsync(s => s.IdempotencyKey == key));
            Assert.Equal(1, await db.DiaryEntries.CountAsync(e => e.SessionId == sessionId));
            Assert.Equal(DiaryState.Appealed, (await db.DiaryEntries.SingleAsync(e => e.Id == entryId)).State);
        }

        var figures = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/outreach/figures");
        Assert.True(figures.GetProperty("sessions").GetInt32() >= 1);
        Assert.True(figures.GetProperty("peopleServed").GetInt32() >= 23);
        Assert.True(figures.GetProperty("concernsToAppeals").GetInt32() >= 1);
        Assert.InRange(figures.GetProperty("resolvedOnSpotShare").GetDouble(), 0.01, 1);
        var coverage = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/outreach/coverage?days=30");
        Assert.Contains(coverage.GetProperty("buildings").EnumerateArray(), b => b.GetProperty("buildingId").GetInt32() == slot.GetProperty("buildingId").GetInt32() && !b.GetProperty("stale").GetBoolean());
        Assert.True(coverage.GetProperty("grids").GetArrayLength() >= 1);
        // Only the secretary's own community: no building, grid or household of another one.
        List<int> own;
        await using (var scope = app.SystemScope(out var db))
            own = await db.Buildings.Where(b => b.Compound!.CommunityId == communityId).Select(b => b.Id).ToListAsync();
        Assert.Equal(own.Order(), coverage.GetProperty("buildings").EnumerateArray().Select(b => b.GetProperty("buildingId").GetInt32()).Order());
    }

    [Fact]
    public async Task A_session_dated_in_the_future_is_refused_and_nothing_is_written()
    {
        var secretary = await app.As("secretary1");
        var communityId = await app.AreaIdOfAsync("secretary1");
        int buildingId;
        await using (var scope = app.SystemScope(out var db))
            buildingId = await db.Buildings.Where(b => b.Compound!.CommunityId == communityId).Select(b => b.Id).FirstAsync();
        var key = Guid.NewGuid().ToString();
        var future = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", new
        {
            buildingId, heldOn = Today.AddDays(2), startTime = "18:00", endTime = "20:00", peopleServed = 5, idempotencyKey = key,
            concerns = new[] { new { concern = "楼道堆放杂物影响通行" } },
        });
        Assert.Contains("不能晚于今天", await ProblemAssert.IsAsync(future, HttpStatusCode.UnprocessableEntity));
        var backwards = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", new { buildingId, heldOn = Today.AddDays(-1), startTime = "20:00", endTime = "18:00", peopleServed = 5 });
        Assert.Contains("结束时间", await ProblemAssert.IsAsync(backwards, HttpStatusCode.UnprocessableEntity));
        await using (var scope = app.SystemScope(out var db))
        {
            Assert.False(await db.DeskSessions.AnyAsync(s => s.IdempotencyKey == key));
            Assert.False(await db.DiaryEntries.AnyAsync(e => e.Concern == "楼道堆放杂物影响通行"));
        }
        // The phone page re-shows the form with the message.
        var page = await app.PageClientAsync("secretary1");
        var html = await page.GetStringAsync("/Outreach/Desk/Session");
        var posted = await page.PostAsync("/Outreach/Desk/Session", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Tongban.Tests.Infrastructure.Forms.AntiforgeryToken(html), ["Input.BuildingId"] = buildingId.ToString(),
            ["Input.HeldOn"] = Today.AddDays(3).ToString("yyyy-MM-dd"), ["Input.StartTime"] = "18:00", ["Input.EndTime"] = "20:00", ["Input.PeopleServed"] = "4",
            ["Input.IdempotencyKey"] = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("不能晚于今天", await posted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_yes_no_field_posted_with_junk_re_shows_the_plan_form_with_the_message_and_plans_nothing()
    {
        var page = await app.PageClientAsync("secretary1");
        var html = await page.GetStringAsync("/Outreach/Desk");
        var posted = await page.PostAsync("/Outreach/Desk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Tongban.Tests.Infrastructure.Forms.AntiforgeryToken(html), ["Input.Name"] = "杂值测试轮次",
            ["Input.Publish"] = "<b>x</b>-1",
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var body = await posted.Content.ReadAsStringAsync();
        Assert.Contains("不是有效的值", body);
        Assert.DoesNotContain("<b>x</b>", body);
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.DeskPlans.AnyAsync(p => p.Name == "杂值测试轮次"));
    }

    [Fact]
    public async Task Outreach_records_not_there_or_out_of_reach_get_a_plain_not_found_page_without_the_form_error_banner()
    {
        long visitId, sessionId;
        await using (var scope = app.SystemScope(out var db))
        {
            var grid1 = await app.AreaPathOfAsync("grid1");
            visitId = await db.Visits.Where(v => v.AreaPath == grid1).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
            var community1 = await app.AreaPathOfAsync("secretary1");
            sessionId = await db.DeskSessions.Where(s => s.AreaPath.StartsWith(community1)).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        }
        foreach (var (user, url, message) in new[]
        {
            ("grid5", $"/Outreach/Visits/{visitId}", $"找不到编号为{visitId}的走访记录"),
            ("secretary2", $"/Outreach/Desk/Session/{sessionId}", $"找不到编号为{sessionId}的流动办公记录"),
            ("secretary1", "/Outreach/Desk/Plan/987654", "找不到编号为987654的流动办公计划"),
        })
        {
            var response = await (await app.PageClientAsync(user)).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(message, body);
            Assert.Contains("页面不存在", body);
            Assert.DoesNotContain("请按提示修改后再提交", body); // nothing was submitted
        }
    }

    [Fact]
    public async Task Someone_who_may_only_look_at_visits_cannot_raise_a_finding_into_an_appeal_from_the_page()
    {
        // The visits page needs only the right to look; its 转为诉求 button posted straight to the use case, so a
        // mediator could file an appeal in a grid worker's name. The API already asked for the right to visit.
        long visitId, findingId;
        await using (var scope = app.SystemScope(out var db))
        {
            var mediatorArea = await db.Users.Where(u => u.UserName == "mediator1").Select(u => u.AreaPath).SingleAsync();
            var finding = await db.VisitFindings.Where(f => f.AppealId == null && f.AreaPath.StartsWith(mediatorArea)).OrderBy(f => f.Id).FirstAsync();
            (visitId, findingId) = (finding.VisitId, finding.Id);
        }
        var page = await app.PageClientAsync("mediator1");
        var html = await page.GetStringAsync($"/Outreach/Visits/{visitId}");
        var posted = await page.PostAsync($"/Outreach/Visits/{visitId}?handler=Raise&findingId={findingId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Tongban.Tests.Infrastructure.Forms.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        await using (var scope = app.SystemScope(out var db))
            Assert.Null((await db.VisitFindings.SingleAsync(f => f.Id == findingId)).AppealId);
    }

    [Fact]
    [Trait("Db", "none")]
    public void A_desk_may_be_recorded_from_ten_minutes_before_its_start_and_late_at_night()
    {
        var day = new DateOnly(2026, 11, 24);
        DateTimeOffset Beijing(int h, int m) => new DateTimeOffset(2026, 11, 24, h, m, 0, TimeSpan.FromHours(8));
        Assert.False(RecordDeskSession.MayRecord(day, new TimeOnly(19, 0), Beijing(18, 40)));
        Assert.True(RecordDeskSession.MayRecord(day, new TimeOnly(19, 0), Beijing(18, 50)));
        Assert.True(RecordDeskSession.MayRecord(day, new TimeOnly(19, 0), Beijing(23, 55))); // 23:55 + 10 min did wrap to 00:05
        Assert.True(RecordDeskSession.MayRecord(day.AddDays(-1), new TimeOnly(23, 0), Beijing(0, 5)));
        Assert.False(RecordDeskSession.MayRecord(day.AddDays(1), new TimeOnly(8, 0), Beijing(23, 55)));
    }
}
