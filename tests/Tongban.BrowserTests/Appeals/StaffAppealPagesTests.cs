using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Appeals;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Appeals;

/// <summary>The staff appeal pages in Chromium at desktop and phone width, on the demo appeals; htmx actions under the CSP.</summary>
public sealed class StaffAppealPagesTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private async Task SeedAsync()
    {
        await using var scope = session.App.SystemScope(out var db);
        await DemoAppeals.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), default);
    }

    /// <summary>The first demo appeal in window1's community that matches (one a test has not changed yet).</summary>
    private async Task<long> Window1AppealAsync(System.Linq.Expressions.Expression<Func<Appeal, bool>> matching)
    {
        await using var scope = session.App.SystemScope(out var db);
        var path = await db.Users.Where(u => u.UserName == "window1").Select(u => u.AreaPath).SingleAsync();
        return await db.Appeals.Where(a => a.AreaPath.StartsWith(path)).Where(matching).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
    }

    /// <summary>Answers the page's confirmation dialogs (accepting while <paramref name="accept"/> says so) and keeps what they asked.</summary>
    private static List<string> AnswerDialogs(IPage page, Func<bool> accept)
    {
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (accept()) await dialog.AcceptAsync(); else await dialog.DismissAsync();
        };
        return asked;
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Queue_search_and_appeal_page_fit_the_screen(int width)
    {
        await SeedAsync();
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync("/Appeals");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "民情诉求" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeals-queue");

        // Searched among all the appeals of the community: the demo's noise complaints are not all waiting on the window.
        await page.GotoAsync("/Appeals?queue=all");
        await page.GetByLabel("搜索").FillAsync("噪音");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "q=");
        var first = page.Locator("#results a.appeal-title").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "appeals-search-noise");

        // The demo leaves nothing red at the community: what passed a limit went up to the street as the deadline job sends it.
        await page.GotoAsync("/Appeals?queue=all&tier=Street");
        await session.ScreenshotAsync(page, "appeals-street-tier");
        await page.Locator("#results a.appeal-title").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "办理过程" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-detail");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task A_departing_grid_workers_appeals_are_handed_over_from_their_account_page(int width)
    {
        // A grid worker of window1's community (an account of this test's own) with two appeals in hand, and grid1 to take them.
        string leaving, successor;
        int grid, building, category;
        await using (var scope = session.App.SystemScope(out var db))
        {
            var community = await db.Users.Where(u => u.UserName == "window1").Select(u => u.AreaPath).SingleAsync();
            grid = await db.Areas.Where(a => a.AreaPath.StartsWith(community) && a.Level == Tongban.Web.Features.Places.AreaLevel.Grid)
                .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            building = await db.Buildings.Where(b => b.AreaPath.StartsWith(community)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
            category = await db.AppealCategories.Where(c => c.Code == "noise").Select(c => c.Id).SingleAsync();
            successor = await db.Users.Where(u => u.UserName == "grid1").Select(u => u.Id).SingleAsync();
        }
        var admin = await session.App.ApiClientAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName = $"leaving{width}", displayName = $"调岗网格员{width}", roles = new[] { "grid_worker" }, areaId = grid, password = Tongban.Tests.Infrastructure.TongbanFactory.DemoPassword,
        });
        leaving = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var window = await session.App.ApiClientAsync("window1");
        foreach (var text in new[] { "楼上夜里装修电钻声音很大", "广场舞音响太响影响休息" })
        {
            var submitted = await window.PostAsJsonAsync("/api/v1/appeals", new
            {
                kind = (int)AppealKind.Complaint, categoryId = category, description = text, buildingId = building, channel = (int)AppealChannel.Window, reporterName = "王先生",
            });
            var id = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
            (await window.PostAsJsonAsync($"/api/v1/appeals/{id}/accept", new { })).EnsureSuccessStatusCode();
            (await window.PostAsJsonAsync($"/api/v1/appeals/{id}/dispatch", new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = leaving } })).EnsureSuccessStatusCode();
        }

        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("admin");
        await page.GotoAsync($"/Accounts/Users/Edit?id={leaving}");
        await Assertions.Expect(page.Locator(".side-card")).ToContainTextAsync("该账户手上还有 2 件在办诉求");
        await session.ScreenshotAsync(page, "account-in-hand");
        await page.GetByRole(AriaRole.Link, new() { Name = "列出这些诉求" }).ClickAsync();
        var rows = page.Locator("#results input[name=selected]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var count = 2;

        await page.Locator("details.bulk > summary").ClickAsync();
        await page.GetByLabel("勾选本页全部诉求").CheckAsync();
        for (var i = 0; i < count; i++) await Assertions.Expect(rows.Nth(i)).ToBeCheckedAsync();
        await page.GetByLabel("批量派给").SelectOptionAsync("grid");
        await page.GetByLabel("派单说明").FillAsync("人员调整，工作交接");
        // Sent without a grid worker: refused, and back on the list (not ?handler=Bulk) with the ticks and the note kept.
        await page.GetByRole(AriaRole.Button, new() { Name = "派单所勾选的诉求" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.bad")).ToContainTextAsync("请选择要派给的网格员");
        Assert.DoesNotContain("handler=", page.Url, StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++) await Assertions.Expect(rows.Nth(i)).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("派单说明")).ToHaveValueAsync("人员调整，工作交接");
        await session.ScreenshotAsync(page, "handover-refused");
        await page.GetByLabel("网格员", new() { Exact = true }).SelectOptionAsync(successor);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "handover-selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "派单所勾选的诉求" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync($"已批量派单 {count} 条");
        await Assertions.Expect(page.Locator("#results input[name=selected]")).ToHaveCountAsync(0);
        // Back on the list's own address with its filters: a reload shows the list again and sends nothing.
        Assert.DoesNotContain("handler=", page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("assignee=", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync(page, "handover-done");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("民情诉求");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Accept_and_dispatch_with_htmx_in_the_browser(int width)
    {
        await SeedAsync();
        var id = await Window1AppealAsync(a => a.State == AppealState.Submitted);
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Appeals/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已受理");
        Assert.EndsWith($"/Appeals/{id}", page.Url); // swapped in place by htmx, no navigation
        await session.ScreenshotAsync(page, "appeal-accepted");
        // Nobody is chosen for the dispatcher: the lead unit is ticked by hand.
        await Assertions.Expect(page.Locator("input[name='Form.Lead']:checked")).ToHaveCountAsync(0);
        await page.Locator("input[name='Form.Lead']").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已派单");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("已派单");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-dispatched");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "关闭", Exact = true }).CountAsync());
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task A_reporters_name_and_phone_are_erased_at_their_request(int width)
    {
        await SeedAsync();
        var id = await Window1AppealAsync(a => a.ReporterName != null && a.ContactErasedAt == null && a.State == AppealState.InProgress);
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Appeals/{id}");
        await page.GetByText("删除反映人信息").ClickAsync();
        await page.GetByLabel("依据").FillAsync("反映人来电要求删除个人信息");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-erase-contact-form");
        // It cannot be undone, so the page asks first: declined, nothing is erased and the reason stays typed.
        var accept = false;
        var asked = AnswerDialogs(page, () => accept);
        await page.GetByRole(AriaRole.Button, new() { Name = "删除姓名和电话" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("依据")).ToHaveValueAsync("反映人来电要求删除个人信息");
        Assert.Contains("不能恢复", Assert.Single(asked));
        Assert.Equal(0, await page.Locator(".notice.ok").CountAsync());
        accept = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "删除姓名和电话" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已删除反映人的姓名和电话");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("姓名和电话已于");
        Assert.Equal(0, await page.GetByText("删除反映人信息").CountAsync()); // nothing left to erase
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-erase-contact-done");
    }

    [Fact]
    public async Task Deleting_a_reply_template_asks_first_like_the_appeal_pages_other_irreversible_actions()
    {
        var page = await session.NewPageAsync(360);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Appeals/Templates");
        await page.GetByLabel("标题").FillAsync("楼道灯已更换");
        await page.GetByLabel("内容").FillAsync("您反映的{地址}楼道灯已更换。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "楼道灯已更换" });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        var accept = false;
        var asked = AnswerDialogs(page, () => accept);
        await row.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(1); // declined: the template stays
        Assert.Contains("楼道灯已更换", Assert.Single(asked));
        accept = true;
        await row.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已删除模板");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-template-deleted");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Window_staff_register_an_appeal_for_a_resident(int width)
    {
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync("/Appeals");
        await page.GetByRole(AriaRole.Link, new() { Name = "登记诉求" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登记诉求" })).ToBeVisibleAsync();
        await page.GetByLabel("求助").CheckAsync();
        await page.GetByLabel("问题分类").SelectOptionAsync(new SelectOptionValue { Label = "房屋漏水" });
        await page.GetByLabel("楼栋", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("详细位置").FillAsync("3单元502室");
        await page.GetByLabel("问题描述").FillAsync("卫生间天花板渗水，楼上住户长期不在家联系不上");
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync("孙阿姨");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-intake");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync("已登记诉求");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-intake-done");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Rates_templates_and_notices_fit_the_screen(int width)
    {
        await SeedAsync();
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Appeals/Rates");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "三率统计" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeals-rates");
        await page.GotoAsync("/Appeals/Templates");
        await page.GetByLabel("标题").FillAsync($"噪音已协调{width}");
        await page.GetByLabel("内容").FillAsync("您反映的{地址}噪音问题（{编号}）已协调处理。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已新增模板");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeals-templates");

        var grid = await session.NewPageAsync(width);
        await new LoginPage(grid).SignInAsync("grid1");
        await grid.GotoAsync("/Appeals");
        await AssertNoHorizontalScrollAsync(grid);
        await session.ScreenshotAsync(grid, "appeals-grid-mine");
        await grid.GotoAsync("/Appeals/Notifications");
        await AssertNoHorizontalScrollAsync(grid);
        await session.ScreenshotAsync(grid, "appeals-notifications");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task A_street_officer_sees_whose_limit_the_light_measures_beside_the_broken_promise(int width)
    {
        await SeedAsync();
        long id;
        await using (var scope = session.App.SystemScope(out var db))
        {
            // An escalated demo appeal given fresh street limits, while the promise to the resident passed two days ago.
            var appeal = await db.Appeals.Where(a => a.Tier == AppealTier.Street && a.State == AppealState.Accepted).OrderBy(a => a.Id).FirstAsync();
            var now = DateTimeOffset.UtcNow;
            (appeal.DispatchDueAt, appeal.FeedbackDueAt, appeal.PromisedFeedbackAt) = (now.AddDays(2), now.AddDays(10), now.AddDays(-2));
            await db.SaveChangesAsync();
            id = appeal.Id;
        }
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("street1");

        await Assertions.Expect(page.Locator("a[href='/Appeals?queue=mine&status=past-promise']")).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "street-workbench-past-promise");

        await page.GotoAsync("/Appeals?queue=mine&status=past-promise");
        var row = page.Locator("#results tr", new() { Has = page.Locator($"a[href='/Appeals/{id}']") });
        await Assertions.Expect(row.Locator(".light")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^本级"));
        await Assertions.Expect(row.Locator(".past-promise")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已超出承诺"));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "street-past-promise-list");

        await page.GotoAsync($"/Appeals/{id}");
        await Assertions.Expect(page.Locator(".appeal-title-row .light")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^本级"));
        await Assertions.Expect(page.Locator(".appeal-title-row .past-promise")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "street-past-promise-appeal");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task The_street_adjusts_the_summoned_departments_without_choosing_the_lead_again(int width)
    {
        // The transfer form ticked no lead, so adding a 协办 department meant picking 区住建局 again, and 区住建局 was
        // offered among the departments to summon as well. Each width has its street take its own demo case.
        await SeedAsync();
        var officer = width == 1280 ? "street1" : "street2";
        long id;
        await using (var scope = session.App.SystemScope(out var db))
        {
            var path = await db.Users.Where(u => u.UserName == officer).Select(u => u.AreaPath).SingleAsync();
            // Led by 区住建局 with no department summoned yet.
            id = await db.AppealAssignments.Where(x => x.IsLead && x.EndedAt == null && x.AssigneeName == "区住建局"
                    && !db.AppealAssignments.Any(o => o.AppealId == x.AppealId && !o.IsLead && o.EndedAt == null))
                .OrderBy(x => x.AppealId).Select(x => x.AppealId).Join(db.Appeals.Where(a => a.AreaPath.StartsWith(path) && a.Tier == AppealTier.Street
                    && (a.State == AppealState.Dispatched || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress)),
                    x => x, a => a.Id, (x, a) => a.Id).FirstAsync();
        }
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync(officer);
        await page.GotoAsync($"/Appeals/{id}");
        var section = page.Locator("details.action", new() { Has = page.Locator("summary", new() { HasTextString = "改派" }) });
        if (await section.GetAttributeAsync("open") is null) await section.Locator("summary").ClickAsync();
        ILocator Lead(string name) => section.Locator("label.choice", new() { HasText = name, Has = page.Locator("input[name='Form.Lead']") }).Locator("input");
        ILocator Summon(string name) => section.Locator("label[data-summon]", new() { HasText = name });

        await Assertions.Expect(Lead("区住建局")).ToBeCheckedAsync();
        await Assertions.Expect(Summon("区住建局")).ToBeHiddenAsync();
        await Summon("区城管局").Locator("input").CheckAsync();
        await section.GetByLabel("改派或调整的理由").FillAsync("涉及占道搭建，请城管协办");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeal-adjust-summons");
        await section.GetByRole(AriaRole.Button, new() { Name = "改派 / 调整协办单位" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已调整协办单位，牵头单位不变，无需重新签收");

        // Handing the lead to 区城管局 takes it out of the summoned (cleared), and offers 区住建局 to stay on as 协办.
        section = page.Locator("details.action", new() { Has = page.Locator("summary", new() { HasTextString = "改派" }) });
        if (await section.GetAttributeAsync("open") is null) await section.Locator("summary").ClickAsync();
        await Assertions.Expect(Lead("区住建局")).ToBeCheckedAsync();
        await Assertions.Expect(Summon("区城管局").Locator("input")).ToBeCheckedAsync();
        await Lead("区城管局").CheckAsync();
        await Assertions.Expect(Summon("区城管局")).ToBeHiddenAsync();
        await Assertions.Expect(Summon("区城管局").Locator("input")).Not.ToBeCheckedAsync();
        await Summon("区住建局").Locator("input").CheckAsync();
        await section.GetByLabel("改派或调整的理由").FillAsync("主要是违章搭建，改由城管牵头");
        await session.ScreenshotAsync(page, "appeal-transfer-keeps-former-lead");
        await section.GetByRole(AriaRole.Button, new() { Name = "改派 / 调整协办单位" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已改派");
        await Assertions.Expect(page.Locator("#appeal")).ToContainTextAsync("改派至区城管局（牵头）及区住建局");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task The_queue_takes_a_chinese_date_and_says_so_above_the_results_when_one_is_no_date(int width)
    {
        // The date boxes were the browser's pickers (mm/dd/yyyy in an English browser); the form redraws only the results.
        await SeedAsync();
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync("/Appeals?queue=all");
        await page.Locator("details.more-filters summary").ClickAsync();
        await page.GetByLabel("提交日期从").FillAsync("2026年11月1日");
        await page.GetByLabel("到", new() { Exact = true }).FillAsync("2026-11");
        await page.GetByLabel("到", new() { Exact = true }).PressAsync("Tab");
        await Assertions.Expect(page.Locator("#results .notice.bad")).ToContainTextAsync("筛选条件无法识别：提交日期到“2026-11”，请重新选择或填写（日期如 2026-11-25 或 2026年11月25日）");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeals-queue-date-refused");
    }

    [Fact]
    public async Task On_a_phone_a_refused_action_shows_why_where_the_button_was_pressed()
    {
        await SeedAsync();
        var id = await Window1AppealAsync(a => a.State == AppealState.Accepted);
        var page = await session.NewPageAsync(360, 780);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Appeals/{id}");
        var details = page.Locator("details", new() { Has = page.Locator("summary", new() { HasText = "合并重复诉求" }) });
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        await page.GetByLabel("并入的主诉求编号").FillAsync("SQ000000000000");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "合并", Exact = true }).ClickAsync();
        var refusal = details.Locator(".notice.bad");
        await Assertions.Expect(refusal).ToContainTextAsync("找不到编号为 SQ000000000000 的诉求");
        await Assertions.Expect(refusal).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByLabel("并入的主诉求编号")).ToHaveValueAsync("SQ000000000000");
        await session.ScreenshotAsync(page, "appeal-refused-merge-viewport");
    }
}
