using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>Every action in every state, through the staff API: the legal ones move the appeal, the others are a 409 in Chinese.</summary>
public sealed class AppealTransitionApiTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static readonly AppealState[] States =
    [
        AppealState.Submitted, AppealState.Accepted, AppealState.Rejected, AppealState.Merged, AppealState.Dispatched, AppealState.Acknowledged,
        AppealState.InProgress, AppealState.Resolved, AppealState.FollowedUp, AppealState.Closed,
    ];

    /// <summary>For each action: the states it is legal in, and the state it leads to.</summary>
    private static readonly Dictionary<string, (AppealState[] LegalIn, AppealState? Leads)> Rules = new()
    {
        ["accept"] = ([AppealState.Submitted], AppealState.Accepted),
        ["reject"] = ([AppealState.Submitted, AppealState.Accepted], AppealState.Rejected),
        ["merge"] = ([AppealState.Submitted, AppealState.Accepted, AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress], AppealState.Merged),
        ["dispatch"] = ([AppealState.Accepted, AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress], AppealState.Dispatched),
        ["acknowledge"] = ([AppealState.Dispatched], AppealState.Acknowledged),
        ["start"] = ([AppealState.Acknowledged], AppealState.InProgress),
        ["progress"] = ([AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress], null),
        ["resolve"] = ([AppealState.Acknowledged, AppealState.InProgress], AppealState.Resolved),
        ["follow-up"] = ([AppealState.Resolved], AppealState.FollowedUp),
        ["close"] = ([AppealState.FollowedUp], AppealState.Closed),
        ["reopen"] = ([AppealState.FollowedUp, AppealState.Closed], AppealState.Accepted),
        ["escalate"] = ([AppealState.Accepted, AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress], AppealState.Accepted),
    };

    public static TheoryData<AppealState, string> Cases()
    {
        var data = new TheoryData<AppealState, string>();
        foreach (var state in States)
            foreach (var action in Rules.Keys)
                data.Add(state, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_action_in_each_state_is_allowed_or_refused_with_409(AppealState state, string action)
    {
        var id = await app.InStateAsync(state);
        object body = action switch
        {
            "reject" => new { reason = "不属于社区受理范围" },
            "merge" => new { mainId = await app.SubmitAsync() },
            "dispatch" => new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = await app.UserIdAsync("grid2") }, reason = "更熟悉情况的网格员处理" },
            "start" => new { note = "已上门查看" },
            "progress" => new { note = "已联系物业协调" },
            "resolve" => new { result = "已处理完毕" },
            "follow-up" => new { resolved = true, satisfied = true },
            "reopen" => new { reason = "反映人表示仍未解决" },
            "escalate" => new { reason = "需要街道协调多个部门" },
            _ => new { },
        };
        var before = await app.GetAsync("window1", id);
        // 签收 is the assignee's own (grid1 has an account); everything else is the community window's.
        var response = await app.ActAsync(action == "acknowledge" ? "grid1" : "window1", id, action, body);
        var (legalIn, leads) = Rules[action];
        if (legalIn.Contains(state))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} in {state}: {(int)response.StatusCode} {text}");
            var after = JsonDocument.Parse(text).RootElement;
            Assert.Equal((int)(leads ?? state), after.GetProperty("state").GetInt32());
            Assert.True(after.GetProperty("timeline").GetArrayLength() > before.GetProperty("timeline").GetArrayLength(), "每一步都应记入时间线");
            if (action == "escalate") Assert.Equal((int)AppealTier.Street, after.GetProperty("tier").GetInt32());
        }
        else
        {
            var detail = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict);
            Assert.False(string.IsNullOrWhiteSpace(detail));
            var after = await app.GetAsync("window1", id);
            Assert.Equal(before.GetProperty("state").GetInt32(), after.GetProperty("state").GetInt32());
            Assert.Equal(before.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());
        }
    }

    [Fact]
    public async Task Refusals_name_the_state_and_the_action()
    {
        var id = await app.InStateAsync(AppealState.Dispatched);
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "resolve", new { result = "已处理" }), HttpStatusCode.Conflict);
        Assert.Equal("诉求当前状态为“已派单”，不能办结。", detail);
        var closed = await app.InStateAsync(AppealState.Closed);
        detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", closed, "accept"), HttpStatusCode.Conflict);
        Assert.Equal("诉求当前状态为“已关闭”，不能受理。", detail);
    }

    [Fact]
    public async Task The_whole_story_lands_on_the_timeline_with_who_and_when()
    {
        var id = await app.InStateAsync(AppealState.Submitted);
        await app.OkAsync("window1", id, "accept");
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        await app.OkAsync("grid1", id, "acknowledge");
        await app.OkAsync("grid1", id, "start", new { note = "当天上门查看" });
        await app.OkAsync("grid1", id, "progress", new { note = "已约楼上住户面谈", isPublic = false });
        await app.OkAsync("grid1", id, "resolve", new { result = "双方约定晚上八点后不施工" });
        await app.OkAsync("window1", id, "follow-up", new { resolved = true, satisfied = true, note = "电话回访" });
        var closed = await app.OkAsync("window1", id, "close");

        Assert.Equal((int)AppealState.Closed, closed.GetProperty("state").GetInt32());
        Assert.True(closed.GetProperty("respondedInTime").GetBoolean());
        Assert.True(closed.GetProperty("isResolved").GetBoolean());
        Assert.True(closed.GetProperty("isSatisfied").GetBoolean());
        var timeline = closed.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["submit", "accept", "dispatch", "acknowledge", "start", "progress", "resolve", "follow-up", "close"],
            timeline.Select(e => e.GetProperty("type").GetString()));
        Assert.All(timeline, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actorName").GetString())));
        Assert.Contains(timeline, e => e.GetProperty("type").GetString() == "acknowledge" && e.GetProperty("actorName").GetString()!.Contains("网格员"));
        Assert.False(timeline.Single(e => e.GetProperty("type").GetString() == "progress").GetProperty("isPublic").GetBoolean());
        // Closed and satisfied: nothing is left to do with the appeal, only the reporter's contact can still go at their request.
        Assert.Equal(["erase-contact"], closed.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Satisfied_and_resolved_appeals_cannot_be_reopened()
    {
        var id = await app.InStateAsync(AppealState.Resolved);
        await app.OkAsync("window1", id, "follow-up", new { resolved = true, satisfied = true });
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "reopen", new { reason = "再看看" }), HttpStatusCode.Conflict);
        Assert.Contains("满意", detail);
    }

    [Fact]
    public async Task Missing_reasons_and_results_are_422_with_field_errors()
    {
        var id = await app.InStateAsync(AppealState.Submitted);
        var response = await app.ActAsync("window1", id, "reject", new { reason = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("不予受理必须写明理由，理由会告知反映人", problem.GetProperty("errors").GetProperty("reason")[0].GetString());

        var dispatched = await app.InStateAsync(AppealState.Dispatched);
        response = await app.ActAsync("window1", dispatched, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("改派必须写明理由", problem.GetProperty("errors").GetProperty("reason")[0].GetString());

        response = await app.ActAsync("window1", dispatched, "dispatch", new { reason = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("lead", out _));

        response = await app.ActAsync("window1", await app.InStateAsync(AppealState.Resolved), "follow-up", new { satisfied = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_appeal_is_404_in_chinese()
    {
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", 987654321, "accept"), HttpStatusCode.NotFound);
        Assert.Contains("找不到", detail);
    }

    [Fact]
    public async Task Community_cannot_summon_departments_but_the_street_centre_can_and_each_department_reports_in()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var market = await app.DepartmentAsync("区市场监管局");
        var id = await app.InStateAsync(AppealState.Accepted);
        var summons = new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        };
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "dispatch", summons), HttpStatusCode.Conflict);
        Assert.Contains("吹哨", detail);

        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        var dispatched = await app.OkAsync("street1", id, "dispatch", summons);
        var assignments = dispatched.GetProperty("assignments").EnumerateArray().Where(a => a.GetProperty("endedAt").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(2, assignments.Count);
        Assert.Single(assignments, a => a.GetProperty("isLead").GetBoolean() && a.GetProperty("assigneeName").GetString() == "区住建局");

        // The housing bureau's liaison acknowledges for the lead; the street centre records the market bureau's 报到.
        var acknowledged = await app.OkAsync("dept1", id, "acknowledge");
        Assert.Equal((int)AppealState.Acknowledged, acknowledged.GetProperty("state").GetInt32());
        var marketAssignment = assignments.Single(a => !a.GetProperty("isLead").GetBoolean()).GetProperty("id").GetInt64();
        var reported = await app.OkAsync("street1", id, "acknowledge", new { assignmentId = marketAssignment });
        Assert.Contains(reported.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "report-in"
            && e.GetProperty("note").GetString() == "区市场监管局已报到");
        Assert.All(reported.GetProperty("assignments").EnumerateArray().Where(a => a.GetProperty("endedAt").ValueKind == JsonValueKind.Null),
            a => Assert.True(a.GetProperty("acknowledgedInTime").GetBoolean()));
        detail = await ProblemAssert.IsAsync(await app.ActAsync("street1", id, "acknowledge", new { assignmentId = marketAssignment }), HttpStatusCode.Conflict);
        Assert.Equal("区市场监管局已签收过此诉求。", detail);
    }

    [Fact]
    public async Task A_transfer_keeps_a_summoned_department_that_reported_in_reported_and_asks_only_the_new_one_to_report()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var market = await app.DepartmentAsync("区市场监管局");
        var fire = await app.DepartmentAsync("区消防救援大队");
        var urban = await app.DepartmentAsync("区城管局");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        var first = await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        });
        var marketFirst = first.GetProperty("assignments").EnumerateArray().Single(a => a.GetProperty("assigneeName").GetString() == "区市场监管局");
        var reported = await app.OkAsync("street1", id, "acknowledge", new { assignmentId = marketFirst.GetProperty("id").GetInt64() });
        var reportedAt = reported.GetProperty("assignments").EnumerateArray()
            .Single(a => a.GetProperty("id").GetInt64() == marketFirst.GetProperty("id").GetInt64()).GetProperty("acknowledgedAt").GetDateTimeOffset();

        // After a site check the centre makes urban management the lead, keeps the market bureau and summons the fire brigade.
        var moved = await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = urban },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market }, new { kind = (int)AssigneeKind.Department, departmentId = fire } },
            reason = "经现场核实属违章搭建，由城管牵头",
        });
        var open = moved.GetProperty("assignments").EnumerateArray().Where(a => a.GetProperty("endedAt").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(["区城管局", "区市场监管局", "区消防救援大队"], open.Select(a => a.GetProperty("assigneeName").GetString()).Order());
        var keptMarket = open.Single(a => a.GetProperty("assigneeName").GetString() == "区市场监管局");
        Assert.Equal(reportedAt, keptMarket.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.True(keptMarket.GetProperty("acknowledgedInTime").GetBoolean());
        Assert.False(keptMarket.GetProperty("canAcknowledge").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.Single(a => a.GetProperty("assigneeName").GetString() == "区消防救援大队").GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, open.Single(a => a.GetProperty("assigneeName").GetString() == "区城管局").GetProperty("acknowledgedAt").ValueKind);
        // The housing bureau is off the appeal.
        Assert.DoesNotContain(moved.GetProperty("assignments").EnumerateArray(), a => a.GetProperty("assigneeName").GetString() == "区住建局"
            && a.GetProperty("endedAt").ValueKind == JsonValueKind.Null);

        var note = moved.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("type").GetString() == "transfer").GetProperty("note").GetString();
        Assert.Contains("区市场监管局继续协办，已报到，无需重新报到", note);
        Assert.Contains("区消防救援大队为新召集，须报到", note);

        // The market bureau's 报到 is not asked again.
        var again = await ProblemAssert.IsAsync(await app.ActAsync("street1", id, "acknowledge", new { assignmentId = keptMarket.GetProperty("id").GetInt64() }), HttpStatusCode.Conflict);
        Assert.Contains("已签收过", again);
    }

    [Fact]
    public async Task A_kept_department_is_told_who_leads_now_and_is_not_asked_to_report_again()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var urban = await app.DepartmentAsync("区城管局");
        var market = await app.DepartmentAsync("区市场监管局");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = urban },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = housing } },
        });
        await app.OkAsync("dept1", id, "acknowledge"); // 区住建局's liaison reports in for the summons
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = market },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = housing } },
            reason = "经核实为商铺经营问题，改由市场监管牵头",
        });
        var dept1 = await app.UserIdAsync("dept1");
        await using var scope = app.SystemScope(out var db);
        var notices = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Notifications.Where(n => n.UserId == dept1 && n.Link == $"/Appeals/{id}").OrderBy(n => n.Id).Select(n => n.Text));
        Assert.Contains(notices, n => n.Contains("牵头单位为区市场监管局", StringComparison.Ordinal) && n.Contains("区住建局继续协办，已报到，无需重新报到", StringComparison.Ordinal));
        Assert.Single(notices, n => n.StartsWith("新派单", StringComparison.Ordinal)); // the first summons only
        Assert.DoesNotContain(notices, n => n.Contains("承办已结束", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Once_the_street_has_an_appeal_the_community_reads_it_and_nobody_signs_for_a_department_with_its_own_account()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var market = await app.DepartmentAsync("区市场监管局");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        var summons = new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        };
        // The community that sent it up no longer dispatches, summons, escalates or closes it.
        foreach (var (action, body) in new (string, object)[] { ("dispatch", summons), ("escalate", new { reason = "再升一级" }), ("reject", new { reason = "不属于受理范围" }) })
        {
            var refused = await ProblemAssert.IsAsync(await app.ActAsync("window1", id, action, body), HttpStatusCode.Forbidden);
            Assert.Contains("街道", refused);
        }
        var page = await app.GetAsync("window1", id);
        Assert.Empty(page.GetProperty("actions").EnumerateArray());

        var dispatched = await app.OkAsync("street1", id, "dispatch", summons);
        var lead = dispatched.GetProperty("assignments").EnumerateArray().Single(a => a.GetProperty("isLead").GetBoolean() && a.GetProperty("endedAt").ValueKind == JsonValueKind.Null);
        // The housing bureau has a liaison account: neither the community nor the street signs in its name.
        foreach (var user in new[] { "window1", "street1" })
        {
            var refused = await ProblemAssert.IsAsync(await app.ActAsync(user, id, "acknowledge", new { assignmentId = lead.GetProperty("id").GetInt64() }),
                HttpStatusCode.Forbidden);
            Assert.Contains("代为", refused);
        }
        Assert.False((await app.GetAsync("street1", id)).GetProperty("assignments").EnumerateArray()
            .Single(a => a.GetProperty("id").GetInt64() == lead.GetProperty("id").GetInt64()).GetProperty("canAcknowledge").GetBoolean());
        var acknowledged = await app.OkAsync("dept1", id, "acknowledge");
        Assert.Contains(acknowledged.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "acknowledge"
            && e.GetProperty("actorUnit").GetString() == "区住建局");
        // Nor does the community work the department's appeal in its place.
        await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "start", new { note = "社区代为开始" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_grid_worker_cannot_work_on_an_appeal_in_their_grid_that_went_to_someone_else()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.PropertyCompany } });
        await app.OkAsync("window1", id, "acknowledge");
        var detail = await ProblemAssert.IsAsync(await app.ActAsync("grid1", id, "resolve", new { result = "已处理" }), HttpStatusCode.Forbidden);
        Assert.Contains("不是派给您的", detail);
        var refused = await app.ActAsync("grid1", id, "escalate", new { reason = "试试" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Bulk_dispatch_is_all_or_nothing()
    {
        var a = await app.InStateAsync(AppealState.Accepted);
        var b = await app.InStateAsync(AppealState.Accepted);
        var closed = await app.InStateAsync(AppealState.Closed);
        var client = await app.As("window1");
        var lead = new { kind = (int)AssigneeKind.GridWorker, userId = await app.UserIdAsync("grid1") };
        var refused = await client.PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new { appealIds = new[] { a, b, closed }, lead });
        var detail = await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("本次未派出任何诉求", detail);
        Assert.Equal((int)AppealState.Accepted, (await app.GetAsync("window1", a)).GetProperty("state").GetInt32());

        var ok = await client.PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new { appealIds = new[] { a, b }, lead });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        Assert.Equal((int)AppealState.Dispatched, (await app.GetAsync("window1", b)).GetProperty("state").GetInt32());
    }
    [Fact]
    public async Task Bulk_dispatch_keeps_the_departments_an_appeal_has_summoned_and_refuses_a_hand_over_to_its_own_lead()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var urban = await app.DepartmentAsync("区城管局");
        var market = await app.DepartmentAsync("区市场监管局");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = urban },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        });
        var client = await app.As("street1");

        // The bulk form names only a lead: the market bureau stays summoned, as the single transfer form keeps it ticked.
        var moved = await client.PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new
        {
            appealIds = new[] { id }, lead = new { kind = (int)AssigneeKind.Department, departmentId = housing }, reason = "经核实属住建局职责",
        });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(["区住建局", "区市场监管局"], await OpenAsync());

        // Handing it in bulk to the unit that leads it already changes nothing: refused, not a silent end of the summons.
        var same = await client.PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new
        {
            appealIds = new[] { id }, lead = new { kind = (int)AssigneeKind.Department, departmentId = housing }, reason = "再派一次",
        });
        var detail = await ProblemAssert.IsAsync(same, HttpStatusCode.Conflict);
        Assert.Contains("无需改派", detail);
        Assert.Equal(["区住建局", "区市场监管局"], await OpenAsync());

        async Task<IEnumerable<string?>> OpenAsync() => (await app.GetAsync("street1", id)).GetProperty("assignments").EnumerateArray()
            .Where(a => a.GetProperty("endedAt").ValueKind == JsonValueKind.Null).Select(a => a.GetProperty("assigneeName").GetString()).Order();
    }
}
