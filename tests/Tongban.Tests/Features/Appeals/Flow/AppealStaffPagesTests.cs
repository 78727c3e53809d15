using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using System.Net;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>The staff pages: queues and search, the appeal page with its htmx actions, bulk dispatch, templates, rates, notices.</summary>
public sealed class AppealStaffPagesTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields, bool htmx)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        var request = new HttpRequestMessage(HttpMethod.Post, postUrl) { Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("X-CSRF-TOKEN", token);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A signed-in user without the permission gets the Chinese 403 page.</summary>
    private static async Task AssertDeniedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("权限", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_queue_page_lists_searches_and_filters_within_scope()
    {
        var noise = await app.SubmitAsync(description: "广场舞音响噪音太大，每晚持续到十点");
        var leak = await app.SubmitAsync(category: "leak", description: "厨房水管漏水，水流到楼下");
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals");
        Assert.Contains("民情诉求", html);
        Assert.Contains("待签收", html);
        Assert.DoesNotContain("导出Excel", html); // secretaries and centres export, window staff do not
        html = await client.GetStringAsync("/Appeals?q=" + Uri.EscapeDataString("噪音"));
        Assert.Contains($"/Appeals/{noise}", html);
        Assert.DoesNotContain($"/Appeals/{leak}\"", html);
        html = await client.GetStringAsync("/Appeals?status=nonsense");
        Assert.Contains("红黄绿灯只能是", html);

        var grid2 = await app.PageClientAsync("grid2");
        Assert.DoesNotContain($"/Appeals/{noise}\"", await grid2.GetStringAsync("/Appeals?queue=all"));
        Assert.Equal(HttpStatusCode.Forbidden, (await grid2.GetAsync($"/Appeals/{noise}")).StatusCode);
    }

    [Theory]
    [InlineData("window1", new[] { "我的待办", "本网格/辖区", "待受理", "待派单", "待签收", "即将到期", "已超期", "待回访", "全部" })]
    [InlineData("grid1", new[] { "我的待办", "本网格/辖区", "待签收", "即将到期", "已超期", "全部" })]
    [InlineData("dept1", new[] { "我的待办", "待签收", "即将到期", "已超期", "全部" })]
    public async Task Each_person_gets_the_queue_tabs_they_work_from(string user, string[] tabs)
    {
        // Accepting and following up are the handlers'; a department liaison reads by assignment and has no area.
        var html = await (await app.PageClientAsync(user)).GetStringAsync("/Appeals");
        var nav = System.Text.RegularExpressions.Regex.Match(html, "<nav class=\"queue-tabs\".*?</nav>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var shown = System.Text.RegularExpressions.Regex.Matches(nav, ">([^<>]+)</a>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(tabs, shown);
    }

    [Fact]
    public async Task Actions_on_the_appeal_page_swap_in_the_refreshed_appeal_and_show_refusals_in_chinese()
    {
        var id = await app.SubmitAsync();
        var client = await app.PageClientAsync("window1");
        var page = $"/Appeals/{id}";
        var html = await client.GetStringAsync(page);
        Assert.Contains("办理过程", html);
        Assert.Contains(">受理</button>", html);

        var accepted = await PostFormAsync(client, page, $"{page}?act=accept", [], htmx: true);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        html = await accepted.Content.ReadAsStringAsync();
        Assert.StartsWith("<section id=\"appeal\"", html.TrimStart());
        Assert.Contains("已受理", html);
        Assert.Contains("派单", html);

        var refused = await PostFormAsync(client, page, $"{page}?act=close", [], htmx: true);
        html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("notice bad", html);
        Assert.Contains("诉求当前状态为“已受理”，不能关闭。", html);

        var gridWorker = await app.UserIdAsync("grid1");
        var dispatched = await PostFormAsync(client, page, $"{page}?act=dispatch",
            new() { ["Form.Lead"] = $"grid|{gridWorker}||", ["Form.Reason"] = "" }, htmx: false);
        Assert.Equal(HttpStatusCode.Redirect, dispatched.StatusCode);
        var view = await app.GetAsync("window1", id);
        Assert.Equal((int)AppealState.Dispatched, view.GetProperty("state").GetInt32());

        // Without JavaScript a refusal re-shows the page with the message.
        var missing = await PostFormAsync(client, page, $"{page}?act=transfer", new() { ["Form.Lead"] = $"grid|{await app.UserIdAsync("grid2")}||" }, htmx: false);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("改派必须写明理由", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_action_on_the_appeal_page_keeps_what_was_typed_and_chosen()
    {
        // A transfer refused (the chosen grid worker is not in the caller's area): the reason and the choice come back.
        var id = await app.InStateAsync(AppealState.Dispatched);
        var client = await app.PageClientAsync("window1");
        var page = $"/Appeals/{id}";
        var refused = await PostFormAsync(client, page, $"{page}?act=transfer",
            new() { ["Form.Lead"] = "grid|no-such-user||", ["Form.Reason"] = "网格调整，由第二网格接手" }, htmx: true);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("notice bad", html);
        Assert.Contains("value=\"网格调整，由第二网格接手\"", html);

        // A follow-up without the "solved?" answer: the note and the satisfaction answer come back.
        id = await app.InStateAsync(AppealState.Resolved);
        page = $"/Appeals/{id}";
        refused = await PostFormAsync(client, page, $"{page}?act=follow-up",
            new() { ["Form.Satisfied"] = "no", ["Form.Note"] = "电话回访：住户说夜里仍有电钻声" }, htmx: true);
        html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请选择问题是否已解决", html);
        Assert.Contains(">电话回访：住户说夜里仍有电钻声</textarea>", html);
        Assert.Matches("value=\"no\" checked=\"checked\" /> 不满意", html);

        // A result sent with a file that is not a photo or PDF: the result text comes back to be sent again.
        id = await app.InStateAsync(AppealState.InProgress);
        var grid = await app.PageClientAsync("grid1");
        page = $"/Appeals/{id}";
        var token = Forms.AntiforgeryToken(await grid.GetStringAsync(page));
        var form = new MultipartFormDataContent
        {
            { new StringContent("已协调楼上住户，夜间停止施工"), "Form.Result" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("not a photo"u8.ToArray()), "evidence", "note.txt" },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"{page}?act=resolve") { Content = form };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("X-CSRF-TOKEN", token);
        html = await (await grid.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("notice bad", html);
        Assert.Contains(">已协调楼上住户，夜间停止施工</textarea>", html);
        Assert.Equal((int)AppealState.InProgress, (await app.GetAsync("window1", id)).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task The_list_shows_the_dispatch_limit_of_what_waits_for_dispatch()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        var due = (await app.GetAsync("window1", id)).GetProperty("dispatchDueAt").GetDateTimeOffset();
        var html = await (await app.PageClientAsync("window1")).GetStringAsync("/Appeals?queue=to-dispatch");
        Assert.Contains($"派单时限 {due.ShowDeadline()}", html);
    }

    [Fact]
    public async Task A_filter_that_cannot_be_read_is_named_not_dropped_from_the_list_or_the_export()
    {
        await app.InStateAsync(AppealState.Accepted);
        var client = await app.PageClientAsync("secretary1");
        var html = await client.GetStringAsync("/Appeals?queue=all&from=2026-99-01");
        Assert.Contains("筛选条件无法识别：提交日期从“2026-99-01”", html);
        Assert.DoesNotMatch("href=\"/Appeals/[0-9]+\"", html);
        var export = await client.GetAsync("/Appeals?queue=all&from=2026-99-01&handler=Export");
        Assert.Equal("text/html", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("筛选条件无法识别", await export.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_reporters_contact_is_erased_from_the_appeal_page_at_their_request()
    {
        var id = await app.InStateAsync(AppealState.Accepted, phone: "13912345010");
        var client = await app.PageClientAsync("window1");
        var page = $"/Appeals/{id}";
        var html = await client.GetStringAsync(page);
        Assert.Contains("<summary>删除反映人信息</summary>", html);
        Assert.Contains("王先生", html);
        var erased = await PostFormAsync(client, page, $"{page}?act=erase-contact", new() { ["Form.Reason"] = "反映人来电要求删除个人信息" }, htmx: true);
        html = await erased.Content.ReadAsStringAsync();
        Assert.Contains("已删除反映人的姓名和电话", html);
        Assert.Contains("姓名和电话已于", html);
        Assert.DoesNotContain("王先生", html);
        Assert.DoesNotContain("<summary>删除反映人信息</summary>", html);
    }

    [Fact]
    public async Task A_department_that_handed_an_appeal_on_reads_its_page_without_the_reporters_contact()
    {
        var id = await app.SentToHousingDepartmentAsync();
        var dept = await app.PageClientAsync("dept1");
        Assert.Contains("王先生", await dept.GetStringAsync($"/Appeals/{id}"));
        await app.TransferToUrbanManagementAsync(id);
        var html = await dept.GetStringAsync($"/Appeals/{id}");
        Assert.Contains("本部门已不再承办，姓名和电话不再显示", html);
        Assert.DoesNotContain("王先生", html);
        Assert.Contains("区城管局", html);
    }

    [Fact]
    public async Task An_action_on_an_appeal_outside_ones_area_is_refused_plainly_not_reported_done()
    {
        var id = await app.SubmitAsync();
        var outsider = await app.PageClientAsync("window3");
        // window3 has its own appeal page to take a form token from; the post names window1's appeal.
        var own = await app.SubmitAsync("window3", buildingOf: "window3");
        var page = $"/Appeals/{own}";
        var plain = await PostFormAsync(outsider, page, $"/Appeals/{id}?act=accept", new(), htmx: false);
        await AssertDeniedAsync(plain);
        var viaHtmx = await PostFormAsync(outsider, page, $"/Appeals/{id}?act=accept", new(), htmx: true);
        var html = await viaHtmx.Content.ReadAsStringAsync();
        Assert.DoesNotContain("已完成", html);
        Assert.Contains("不在您的管辖范围内", html);
        Assert.Equal((int)AppealState.Submitted, (await app.GetAsync("window1", id)).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task Html_in_the_text_is_shown_escaped()
    {
        var id = await app.SubmitAsync(description: "<script>alert('x')</script>楼道堆满杂物<b>很危险</b>");
        var html = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{id}");
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Bulk_dispatch_from_the_queue_page()
    {
        var a = await app.InStateAsync(AppealState.Accepted);
        var b = await app.InStateAsync(AppealState.Accepted);
        var client = await app.PageClientAsync("window1");
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/Appeals"));
        var content = new FormUrlEncodedContent(
        [
            new("selected", a.ToString()), new("selected", b.ToString()), new("leadKind", "grid"),
            new("leadUserId", await app.UserIdAsync("grid1")), new("__RequestVerificationToken", token),
        ]);
        var response = await client.PostAsync("/Appeals?handler=Bulk&queue=all", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("已批量派单 2 条", html);
        Assert.Equal((int)AppealState.Dispatched, (await app.GetAsync("window1", b)).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task Summoned_departments_are_awaited_to_report_in_and_final_actions_ask_before_they_are_sent()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "需要职能部门处理" });
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = await app.DepartmentAsync("区住建局", "dept1") },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = await app.DepartmentAsync("区市场监管局") } },
        });
        var street = await app.PageClientAsync("street1");
        var page = await street.GetStringAsync($"/Appeals/{id}");
        // Ticking the lead among the summoned too says which box to clear.
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var twice = await app.SubmitAsync();
        await app.OkAsync("window1", twice, "accept");
        await app.OkAsync("window1", twice, "escalate", new { reason = "需要职能部门处理" });
        var refused = await (await PostFormAsync(street, $"/Appeals/{twice}", $"/Appeals/{twice}?act=dispatch", new()
        {
            ["Form.Lead"] = $"department||{housing}|区住建局", ["Form.SupportingDepartmentIds"] = housing.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, htmx: true)).Content.ReadAsStringAsync();
        Assert.Contains("区住建局已是牵头单位，请在“同时召集的部门”中取消勾选它", refused);
        Assert.Matches(new System.Text.RegularExpressions.Regex("区住建局.*?<td data-label=\"签收/报到\">未签收</td>", System.Text.RegularExpressions.RegexOptions.Singleline), page);
        Assert.Matches(new System.Text.RegularExpressions.Regex("区市场监管局.*?<td data-label=\"签收/报到\">未报到</td>", System.Text.RegularExpressions.RegexOptions.Singleline), page);

        // Not accepting, merging (the merged appeal follows the main one) and erasing the reporter cannot be undone.
        var fresh = await app.SubmitAsync();
        var form = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{fresh}");
        foreach (var act in new[] { "reject", "merge", "erase-contact" })
            Assert.Matches($"<form method=\"post\" hx-post=\"/Appeals/{fresh}\\?act={act}\"[^>]*hx-confirm=\"[^\"]*不能", form);
        // Closing after an unsatisfied follow-up asks first; the factory's follow-up is unresolved and unsatisfied.
        var followed = await app.InStateAsync(AppealState.FollowedUp);
        Assert.Matches("act=close\"[^>]*hx-confirm=\"回访结果为未解决或不满意", await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{followed}"));
    }

    [Fact]
    public async Task What_the_dispatcher_writes_on_a_first_dispatch_lands_on_the_timeline()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        var client = await app.PageClientAsync("window1");
        var lead = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync($"/Appeals/{id}"), "name=\"Form.Lead\" value=\"(grid[^\"]*)\"").Groups[1].Value;
        var response = await PostFormAsync(client, $"/Appeals/{id}", $"/Appeals/{id}?act=dispatch",
            new() { ["Form.Lead"] = System.Net.WebUtility.HtmlDecode(lead), ["Form.Reason"] = "请带梯子上门，楼道灯也坏了" }, htmx: true);
        Assert.Contains("已派单", await response.Content.ReadAsStringAsync());
        var timeline = (await app.GetAsync("window1", id)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("note").GetString()).ToList();
        Assert.Contains(timeline, n => n is not null && n.StartsWith("派单至", StringComparison.Ordinal) && n.EndsWith("，说明：请带梯子上门，楼道灯也坏了", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_is_said_beside_the_button_pressed_and_at_the_top_only_when_the_action_has_gone()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        var client = await app.PageClientAsync("window1");
        var html = await (await PostFormAsync(client, $"/Appeals/{id}", $"/Appeals/{id}?act=merge", new() { ["Form.MainNumber"] = "SQ000000000000" }, htmx: true))
            .Content.ReadAsStringAsync();
        var merge = html.IndexOf("<summary>合并重复诉求", StringComparison.Ordinal);
        var error = html.IndexOf("找不到编号为 SQ000000000000 的诉求", StringComparison.Ordinal);
        Assert.True(merge > 0 && error > merge, "the refusal should be inside the merge form");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "找不到编号为"));
        Assert.Contains("<p class=\"notice bad\" role=\"alert\" tabindex=\"-1\" autofocus>找不到编号为", html);

        // Pressed after someone else had already dispatched it: that form is gone, so the refusal is at the top.
        var stale = await PostFormAsync(client, $"/Appeals/{id}", $"/Appeals/{id}?act=accept", [], htmx: true);
        var top = await stale.Content.ReadAsStringAsync();
        Assert.Matches("^\\s*<section id=\"appeal\" class=\"appeal\">\\s*<p class=\"notice bad\" role=\"alert\">", top);
    }

    [Fact]
    public async Task A_search_with_nothing_in_the_open_tab_says_which_tab_and_offers_all_appeals()
    {
        var id = await app.SubmitAsync(description: "地下车库排水泵坏了，一下雨就积水");
        await app.OkAsync("window1", id, "accept");
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1"))); // now in grid1's hands, not window1's to-do
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals?q=排水泵"); // the search box on the default tab, 我的待办
        Assert.DoesNotContain("没有找到与“排水泵”相关的诉求", html);
        Assert.Contains("“我的待办”中没有与“排水泵”相关的诉求。", html);
        var all = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"(/Appeals\\?queue=all[^\"]*)\">在全部诉求中查找").Groups[1].Value;
        Assert.Contains($"/Appeals/{id}\"", await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(all)));
    }

    [Fact]
    public async Task A_refused_bulk_dispatch_keeps_the_rows_ticked_the_assignee_chosen_and_the_reason_typed()
    {
        var accepted = await app.InStateAsync(AppealState.Accepted);
        var submitted = await app.InStateAsync(AppealState.Submitted); // not yet accepted: the whole batch is refused
        var grid2 = await app.UserIdAsync("grid2");
        var client = await app.PageClientAsync("window1");
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/Appeals?queue=all"));
        var response = await client.PostAsync("/Appeals?handler=Bulk&queue=all", new FormUrlEncodedContent(
        [
            new("selected", accepted.ToString()), new("selected", submitted.ToString()), new("leadKind", "grid"),
            new("leadUserId", grid2), new("reason", "第二网格员接手本楼栋"), new("__RequestVerificationToken", token),
        ]));
        // Back on the list (post/redirect/get) with the refusal and what was sent.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("notice bad", html);
        Assert.Matches($"<input type=\"checkbox\" name=\"selected\" value=\"{accepted}\"[^>]* checked=\"checked\"", html);
        Assert.False(HasTickBox(html, submitted)); // offered no tick box in the first place
        Assert.Matches($"<option value=\"{grid2}\" selected=\"selected\">", html);
        Assert.Contains("value=\"第二网格员接手本楼栋\"", html);
        Assert.Equal((int)AppealState.Accepted, (await app.GetAsync("window1", accepted)).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task An_accounts_page_says_what_it_has_in_hand_and_links_to_the_list_to_hand_over()
    {
        var grid2 = await app.UserIdAsync("grid2");
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(grid2));
        await using (app.SystemScope(out var db))
        {
            var open = await db.Appeals.Where(AppealDeadlines.Open()).CountAsync(a => a.Assignments.Any(x => x.AssigneeUserId == grid2 && x.EndedAt == null));
            var html = await (await app.PageClientAsync("admin")).GetStringAsync($"/Accounts/Users/Edit?id={grid2}");
            Assert.Contains($"该账户手上还有 {open} 件在办诉求", html);
            Assert.Contains($"/Appeals?queue=all&amp;assignee={grid2}", html);
        }
        var list = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals?queue=all&assignee={grid2}");
        Assert.Contains($"href=\"/Appeals/{id}\"", list);
        Assert.Contains("勾选本页全部诉求", list);
    }

    [Fact]
    public async Task Reply_templates_page_shows_field_errors_and_saves()
    {
        var client = await app.PageClientAsync("secretary1");
        var empty = await PostFormAsync(client, "/Appeals/Templates", "/Appeals/Templates?handler=Save", new() { ["Input.Title"] = "", ["Input.Text"] = "" }, htmx: false);
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写模板标题", html);
        var saved = await PostFormAsync(client, "/Appeals/Templates", "/Appeals/Templates?handler=Save",
            new() { ["Input.Title"] = "漏水已维修", ["Input.Text"] = "您反映的{地址}漏水问题已维修完毕。", ["Input.State"] = "InProgress" }, htmx: false);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        html = await client.GetStringAsync("/Appeals/Templates");
        Assert.Contains("漏水已维修", html);

        // The template is offered on an appeal in that state, filled in.
        var id = await app.InStateAsync(AppealState.InProgress);
        html = await client.GetStringAsync($"/Appeals/{id}");
        Assert.Contains("data-template-target=\"resolve-result\"", html);
        Assert.Contains("漏水问题已维修完毕", html);
        await AssertDeniedAsync(await (await app.PageClientAsync("grid1")).GetAsync("/Appeals/Templates"));
    }

    [Fact]
    public async Task Rates_notifications_and_export_pages_answer()
    {
        var client = await app.PageClientAsync("secretary1");
        var rates = await client.GetStringAsync("/Appeals/Rates");
        Assert.Contains("满意率", rates);
        Assert.Contains("各层级办结占比", rates);
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        var grid2 = await app.PageClientAsync("grid2");
        var notices = await grid2.GetStringAsync("/Appeals/Notifications");
        Assert.Contains($"/Appeals/{id}", notices);
        var export = await client.GetAsync("/Appeals?handler=Export&queue=all");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        await AssertDeniedAsync(await grid2.GetAsync("/Appeals?handler=Export"));
    }

    /// <summary>The lead unit's radio buttons as the page renders them, and which of them is ticked.</summary>
    private static (int Count, int Ticked) LeadChoices(string html) => (
        System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"radio\" name=\"Form.Lead\"").Count,
        System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"radio\" name=\"Form.Lead\" value=\"[^\"]*\" checked").Count);

    [Fact]
    public async Task The_dispatch_form_ticks_no_lead_unit_and_a_dispatch_without_one_is_refused_in_chinese()
    {
        // The first candidate ticked in advance sent the appeal to whoever was listed first when the dispatcher did not look.
        var id = await app.InStateAsync(AppealState.Accepted);
        var client = await app.PageClientAsync("window1");
        var page = $"/Appeals/{id}";
        var (count, ticked) = LeadChoices(await client.GetStringAsync(page));
        Assert.True(count > 1, "several candidates: the grid workers, the property company, the community team");
        Assert.Equal(0, ticked);

        // Sent without a choice: the form comes back with the reason typed and the refusal beside it; nothing is dispatched.
        var refused = await PostFormAsync(client, page, $"{page}?act=dispatch", new() { ["Form.Reason"] = "请带梯子上门" }, htmx: false);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请选择承办单位", html);
        Assert.Contains("value=\"请带梯子上门\"", html);
        Assert.Equal(0, LeadChoices(html).Ticked);
        Assert.Equal((int)AppealState.Accepted, (await app.GetAsync("window1", id)).GetProperty("state").GetInt32());

        var api = await app.ActAsync("window1", id, "dispatch", new { reason = "请带梯子上门" });
        Assert.Contains("请选择承办单位", await ProblemAssert.IsAsync(api, HttpStatusCode.UnprocessableEntity));

        // A transfer ticks the unit that has it (marked 当前承办): handing it back unchanged is refused as 无需改派.
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        html = await client.GetStringAsync(page);
        Assert.Equal(1, LeadChoices(html).Ticked);
        Assert.Matches("name=\"Form.Lead\" value=\"grid[^\"]*\" checked=\"checked\"[^>]*>\\s*<span>[^<]*<span class=\"muted small\">[^<]*当前承办", html);
    }

    [Fact]
    public async Task The_transfer_form_ticks_the_current_lead_and_does_not_offer_it_among_the_summoned()
    {
        // Only dropping 区市场监管局 needed the lead picked again, and 区住建局 (the lead) was offered for summoning too,
        // refused only after sending.
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "需要职能部门处理" });
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        var market = await app.DepartmentAsync("区市场监管局");
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = housing },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        });
        var street = await app.PageClientAsync("street1");
        var page = $"/Appeals/{id}";
        var html = await street.GetStringAsync(page);
        var ticked = System.Text.RegularExpressions.Regex.Matches(html, "name=\"Form.Lead\" value=\"([^\"]*)\" checked").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Matches($"^department\\|[^|]*\\|{housing}\\|区住建局$", Assert.Single(ticked));
        Assert.Matches($"<label class=\"choice\" data-summon=\"{housing}\" hidden=\"hidden\"><input type=\"checkbox\" name=\"Form.SupportingDepartmentIds\" value=\"{housing}\" />", html);
        Assert.Matches($"<label class=\"choice\" data-summon=\"{market}\"><input type=\"checkbox\" name=\"Form.SupportingDepartmentIds\" value=\"{market}\" checked=\"checked\" />", html);

        // Without script, a lead changed to a ticked department is refused and the form comes back with that box shown to clear.
        var refused = await (await PostFormAsync(street, page, $"{page}?act=transfer", new()
        {
            ["Form.Lead"] = $"department||{market}|区市场监管局", ["Form.SupportingDepartmentIds"] = market.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Reason"] = "改由市场监管牵头",
        }, htmx: false)).Content.ReadAsStringAsync();
        Assert.Contains("区市场监管局已是牵头单位，请在“同时召集的部门”中取消勾选它", refused);
        Assert.Matches($"<label class=\"choice\" data-summon=\"{market}\"><input type=\"checkbox\" name=\"Form.SupportingDepartmentIds\" value=\"{market}\" checked=\"checked\" />", refused);
        Assert.Matches($"<label class=\"choice\" data-summon=\"{housing}\"><input type=\"checkbox\" name=\"Form.SupportingDepartmentIds\" value=\"{housing}\" />", refused);

        // The form as shown, with 区市场监管局 cleared and a reason: the summons are adjusted and 区住建局 keeps the lead.
        var adjusted = await (await PostFormAsync(street, page, $"{page}?act=transfer", new()
        {
            ["Form.Lead"] = ticked[0], ["Form.Reason"] = "市场监管部门已核实，无需继续协办",
        }, htmx: true)).Content.ReadAsStringAsync();
        Assert.Contains("已调整协办单位，牵头单位不变，无需重新签收", adjusted);
    }

    [Fact]
    public void The_only_candidate_is_ticked_and_none_of_several()
    {
        var grid = new AssigneeOption(AssigneeKind.GridWorker, "网格员", "张网格", "u1", null, "本网格");
        var team = new AssigneeOption(AssigneeKind.CommunityTeam, "社区工作组", "滨河社区工作组", null, null, null);
        Assert.Same(grid, new AssigneeOptions(AppealTier.Community, false, [grid]).Preselected);
        Assert.Null(new AssigneeOptions(AppealTier.Community, false, [grid, team]).Preselected);
    }

    [Fact]
    public async Task Bulk_dispatch_chooses_nobody_in_advance_and_calls_its_note_what_it_is()
    {
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals?queue=to-dispatch");
        var form = System.Text.RegularExpressions.Regex.Match(html, "<form[^>]*id=\"bulk-form\".*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.NotEmpty(form);
        // A first dispatch needs no reason; only the rows already dispatched are transfers, which need one.
        Assert.DoesNotContain("<label for=\"reason\">改派理由", form);
        Assert.Matches("<label for=\"reason\">派单说明", form);
        Assert.Contains("已派过单的将改派，须写明理由", form);
        // Neither the kind of unit nor the grid worker is chosen until the dispatcher chooses.
        Assert.Matches("<select id=\"leadKind\" name=\"leadKind\" required>\\s*<option value=\"\">", form);
        Assert.Matches("<select id=\"leadUserId\" name=\"leadUserId\">\\s*<option value=\"\">", form);

        var a = await app.InStateAsync(AppealState.Accepted);
        var token = Forms.AntiforgeryToken(html);
        var response = await client.PostAsync("/Appeals?handler=Bulk&queue=all", new FormUrlEncodedContent(
        [
            new("selected", a.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("leadKind", "grid"), new("leadUserId", ""),
            new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("请选择要派给的网格员", await client.GetStringAsync(response.Headers.Location!.ToString()));
        Assert.Equal((int)AppealState.Accepted, (await app.GetAsync("window1", a)).GetProperty("state").GetInt32());
    }

    /// <summary>The row's tick box for bulk dispatch, if the row has one.</summary>
    private static bool HasTickBox(string html, long id) =>
        html.Contains($"name=\"selected\" value=\"{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal);

    [Fact]
    public async Task Only_appeals_the_caller_may_dispatch_offer_a_tick_box_for_bulk_dispatch()
    {
        var mine = await app.InStateAsync(AppealState.Accepted);
        var streets = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", streets, "escalate", new { reason = "需要街道协调" });
        var submitted = await app.InStateAsync(AppealState.Submitted);
        var resolved = await app.InStateAsync(AppealState.Resolved);
        var html = await (await app.PageClientAsync("window1")).GetStringAsync("/Appeals?queue=all");
        Assert.Contains($"/Appeals/{streets}\"", html); // the community still reads it
        Assert.True(HasTickBox(html, mine));
        Assert.False(HasTickBox(html, streets));
        Assert.False(HasTickBox(html, submitted));
        Assert.False(HasTickBox(html, resolved));
        // The street centre dispatches what it took over.
        Assert.True(HasTickBox(await (await app.PageClientAsync("street1")).GetStringAsync("/Appeals?queue=all"), streets));
    }

    [Fact]
    public async Task After_a_bulk_dispatch_the_address_is_the_lists_with_its_filters_and_the_outcome_is_shown()
    {
        var a = await app.InStateAsync(AppealState.Accepted);
        var streets = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", streets, "escalate", new { reason = "需要街道协调" });
        var client = await app.PageClientAsync("window1");
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/Appeals?queue=all&state=Accepted"));
        var grid1 = await app.UserIdAsync("grid1");
        string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Refused (one appeal is the street's): back on the list, the refusal names it, and the ticks and note are kept.
        var refused = await client.PostAsync("/Appeals?handler=Bulk&queue=all&state=Accepted", new FormUrlEncodedContent(
        [
            new("selected", Id(a)), new("selected", Id(streets)), new("leadKind", "grid"), new("leadUserId", grid1),
            new("reason", "请今天上门"), new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Appeals?queue=all&state=Accepted", refused.Headers.Location!.ToString());
        var html = await client.GetStringAsync(refused.Headers.Location!.ToString());
        var streetsNumber = (await app.GetAsync("window1", streets)).GetProperty("number").GetString();
        Assert.Contains($"{streetsNumber}：诉求 {streetsNumber} 已升级至街道综治中心办理", html);
        Assert.Matches($"name=\"selected\" value=\"{Id(a)}\"[^>]*checked", html);
        Assert.Contains("value=\"请今天上门\"", html);
        // A reload shows the list, not the refusal again.
        Assert.DoesNotContain("本次未派出任何诉求", await client.GetStringAsync(refused.Headers.Location!.ToString()));

        var done = await client.PostAsync("/Appeals?handler=Bulk&queue=all&state=Accepted", new FormUrlEncodedContent(
        [
            new("selected", Id(a)), new("leadKind", "grid"), new("leadUserId", grid1), new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/Appeals?queue=all&state=Accepted", done.Headers.Location!.ToString());
        Assert.Contains("已批量派单 1 条", await client.GetStringAsync(done.Headers.Location!.ToString()));

        // An address left over from before (a bookmark, a reload) opens the list instead of an empty page.
        var stale = await client.GetAsync("/Appeals?handler=Bulk&queue=all&state=Accepted");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/Appeals?queue=all&state=Accepted", stale.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_residents_own_rating_is_shown_to_staff_as_their_rating_not_as_a_follow_up_call()
    {
        var id = await app.InStateAsync(AppealState.Resolved);
        var code = (await app.GetAsync("window1", id)).GetProperty("trackingCode").GetString();
        var rated = await app.CreateClient().PostAsJsonAsync($"/api/v1/public/track/{code}/rating", new { resolved = true, satisfied = true });
        Assert.True(rated.IsSuccessStatusCode, await rated.Content.ReadAsStringAsync());

        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync($"/Appeals/{id}");
        Assert.Contains("<dd>居民已评价（社区级）</dd>", html);
        Assert.Contains("居民在查询页评价：已解决：是 · 满意：是", html);
        Assert.DoesNotContain("已回访", html);
        var view = await app.GetAsync("window1", id);
        Assert.Equal("居民已评价", view.GetProperty("stateName").GetString());
        Assert.True(view.GetProperty("ratedByResident").GetBoolean());
        var list = await client.GetStringAsync("/Appeals?queue=all&state=FollowedUp");
        Assert.Matches(new System.Text.RegularExpressions.Regex($"/Appeals/{id}\".*?<td data-label=\"状态\">居民已评价", System.Text.RegularExpressions.RegexOptions.Singleline), list);

        // Staff who called say so, and it reads as their follow-up.
        var called = await app.InStateAsync(AppealState.FollowedUp);
        html = await client.GetStringAsync($"/Appeals/{called}");
        Assert.Contains("<dd>已回访（社区级）</dd>", html);
        Assert.Contains("工作人员回访：已解决：否 · 满意：否", html);
        Assert.False((await app.GetAsync("window1", called)).GetProperty("ratedByResident").GetBoolean());
    }

    [Fact]
    public async Task A_resolved_appeals_dispatch_record_says_the_unit_has_reported_its_result_not_that_it_is_still_at_work()
    {
        var id = await app.InStateAsync(AppealState.Resolved);
        var html = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{id}");
        Assert.DoesNotContain("<td data-label=\"状态\">进行中</td>", html);
        Assert.Contains("<td data-label=\"状态\">已办结 ", html);
    }

    [Fact]
    public async Task The_transfer_form_keeps_the_summoned_departments_ticked_so_changing_the_lead_does_not_drop_them_unseen()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "需要职能部门处理" });
        var market = await app.DepartmentAsync("区市场监管局");
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = await app.DepartmentAsync("区住建局", "dept1") },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = market } },
        });
        var html = await (await app.PageClientAsync("street1")).GetStringAsync($"/Appeals/{id}");
        Assert.Matches($"<input type=\"checkbox\" name=\"Form.SupportingDepartmentIds\" value=\"{market}\" checked=\"checked\" /> <span>区市场监管局 <span class=\"muted small\">已召集", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "name=\"Form.SupportingDepartmentIds\" value=\"[0-9]+\" checked"));
    }
}
