using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// 调整协办单位: the street centre changes which departments it summons (吹哨) while the lead unit stays. The lead keeps
/// its 签收 and the work under way; only the departments newly summoned must report in.
/// </summary>
public sealed class AppealSupportChangeTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static List<JsonElement> Open(JsonElement appeal) =>
        appeal.GetProperty("assignments").EnumerateArray().Where(a => a.GetProperty("endedAt").ValueKind == JsonValueKind.Null).ToList();

    private static string Name(JsonElement assignment) => assignment.GetProperty("assigneeName").GetString()!;

    /// <summary>The street centre has summoned 区住建局 (lead, liaison dept1) and 区市场监管局; the lead signed and started work.</summary>
    private async Task<(long Id, int Housing, int Market, int Fire)> InHandWithSummonsAsync()
    {
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var market = await app.DepartmentAsync("区市场监管局");
        var fire = await app.DepartmentAsync("区消防救援大队");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        });
        await app.OkAsync("dept1", id, "acknowledge");
        await app.OkAsync("dept1", id, "start", new { note = "已到现场查看" });
        return (id, housing, market, fire);
    }

    private static object SameLead(int housing, int fire, string? reason) => new
    {
        lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
        supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = fire } },
        reason,
    };

    [Fact]
    public async Task Changing_only_the_summoned_departments_keeps_the_lead_signed_and_the_work_in_hand()
    {
        var (id, housing, _, fire) = await InHandWithSummonsAsync();
        var before = await app.GetAsync("street1", id);
        var leadBefore = Open(before).Single(a => a.GetProperty("isLead").GetBoolean());

        var after = await app.OkAsync("street1", id, "dispatch", SameLead(housing, fire, "楼道堆放杂物有火灾隐患，请消防协助；市场监管无需参与"));

        Assert.Equal((int)AppealState.InProgress, after.GetProperty("state").GetInt32());
        var open = Open(after);
        Assert.Equal(["区住建局", "区消防救援大队"], open.Select(Name).Order());
        var lead = open.Single(a => a.GetProperty("isLead").GetBoolean());
        Assert.Equal(leadBefore.GetProperty("id").GetInt64(), lead.GetProperty("id").GetInt64());
        Assert.Equal(leadBefore.GetProperty("acknowledgedAt").GetDateTimeOffset(), lead.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal(leadBefore.GetProperty("acknowledgeDueAt").GetDateTimeOffset(), lead.GetProperty("acknowledgeDueAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("dispatchedAt").GetDateTimeOffset(), after.GetProperty("dispatchedAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("respondedInTime").GetBoolean(), after.GetProperty("respondedInTime").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.Single(a => Name(a) == "区消防救援大队").GetProperty("acknowledgedAt").ValueKind);
        Assert.Contains(after.GetProperty("assignments").EnumerateArray(), a => Name(a) == "区市场监管局" && a.GetProperty("endedAt").ValueKind != JsonValueKind.Null);

        // The timeline says what happened, and it is not a step back: no transfer, no state change.
        var timeline = after.GetProperty("timeline").EnumerateArray().ToList();
        var step = timeline.Last();
        Assert.Equal("support-change", step.GetProperty("type").GetString());
        Assert.Equal(nameof(AppealState.InProgress), step.GetProperty("fromState").GetString());
        Assert.Equal(nameof(AppealState.InProgress), step.GetProperty("toState").GetString());
        var note = step.GetProperty("note").GetString()!;
        Assert.StartsWith("调整协办单位", note, StringComparison.Ordinal);
        Assert.Contains("区消防救援大队为新召集，须报到", note);
        Assert.Contains("区市场监管局不再协办", note);
        Assert.Contains("区住建局继续牵头", note);
        Assert.DoesNotContain("改派", note);
        Assert.Equal(timeline.Count(e => e.GetProperty("type").GetString() == "transfer"), before.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "transfer"));

        // The lead goes on: it can record its result without signing again.
        Assert.False(lead.GetProperty("canAcknowledge").GetBoolean());
        Assert.DoesNotContain("acknowledge", (await app.GetAsync("dept1", id)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var resolved = await app.OkAsync("dept1", id, "resolve", new { result = "已清理楼道杂物，消防已复查" });
        Assert.Equal((int)AppealState.Resolved, resolved.GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task Only_the_new_department_is_asked_to_report_and_the_lead_is_not_asked_to_sign_again()
    {
        var (id, housing, _, fire) = await InHandWithSummonsAsync();
        await app.OkAsync("street1", id, "dispatch", SameLead(housing, fire, "需要消防协助排查隐患"));

        var dept1 = await app.UserIdAsync("dept1");
        await using var scope = app.SystemScope(out var db);
        var notices = await db.Notifications.Where(n => n.UserId == dept1 && n.Link == $"/Appeals/{id}").OrderBy(n => n.Id).Select(n => n.Text).ToListAsync();
        Assert.Single(notices, n => n.StartsWith("新派单", StringComparison.Ordinal)); // the first dispatch only
        Assert.DoesNotContain(notices, n => n.Contains("承办已结束", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("协办单位已调整：新召集区消防救援大队；区市场监管局不再协办", StringComparison.Ordinal)
            && n.Contains("无需重新签收", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adjusting_the_helpers_needs_a_reason_and_a_change()
    {
        var (id, housing, market, fire) = await InHandWithSummonsAsync();
        var before = await app.GetAsync("street1", id);

        var detail = await ProblemAssert.IsAsync(await app.ActAsync("street1", id, "dispatch", SameLead(housing, fire, null)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("调整协办单位须写明理由", detail);
        detail = await ProblemAssert.IsAsync(await app.ActAsync("street1", id, "dispatch", SameLead(housing, market, "再派一次")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("没有变化", detail);

        var after = await app.GetAsync("street1", id);
        Assert.Equal(before.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_page_says_the_helpers_were_adjusted_not_that_the_appeal_was_transferred()
    {
        var (id, housing, _, fire) = await InHandWithSummonsAsync();
        var client = await app.PageClientAsync("street1");
        var page = await client.GetStringAsync($"/Appeals/{id}");
        Assert.Contains("牵头单位不变时只调整协办单位", page);
        var token = Forms.AntiforgeryToken(page);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Appeals/{id}?act=transfer")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Lead"] = $"department||{housing}|区住建局",
                ["Form.SupportingDepartmentIds"] = fire.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.Reason"] = "需要消防协助排查隐患",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("X-CSRF-TOKEN", token);
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("已调整协办单位", html);
        Assert.DoesNotContain("已改派", html);
        Assert.Contains("调整协办单位：", html);

        // The resident's tracking page shows the appeal still in hand.
        var code = (await app.GetAsync("street1", id)).GetProperty("trackingCode").GetString();
        var track = await app.CreateClient().GetStringAsync($"/track/{code}");
        Assert.Contains("增派区消防救援大队协同办理；区市场监管局不再参与；区住建局继续牵头办理", track);
        Assert.DoesNotContain("改派", track);
        Assert.DoesNotContain("排查隐患", track); // the reason is for staff
    }
}
