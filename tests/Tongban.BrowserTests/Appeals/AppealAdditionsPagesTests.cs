using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Tests.Features.Public;
using Tongban.Web.Features.Appeals;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Appeals;

/// <summary>The Open311 key page and a resident asking for an appeal to be handled again, at desktop and phone width.</summary>
public sealed class AppealAdditionsPagesTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task An_administrator_issues_an_open311_key_and_sees_it_once(int width)
    {
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("admin");
        await page.GotoAsync("/Accounts/Open311");
        await page.GetByRole(AriaRole.Button, new() { Name = "发放密钥" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error").First).ToContainTextAsync("接入单位");
        await page.GetByLabel("接入单位或系统名称").FillAsync($"区12345热线系统（{width}）");
        await page.GetByLabel("可以提交诉求的区域").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.GetByRole(AriaRole.Button, new() { Name = "发放密钥" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-key")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "open311-keys");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task A_resident_rates_unsatisfied_and_asks_for_it_to_be_handled_again(int width)
    {
        var building = await PublicTestData.BuildingAsync(session.App, width == 360 ? 3 : 4);
        var page = await session.NewPageAsync(width, 900);
        var report = new ReportPage(page);
        await report.OpenAsync(building.Code);
        await report.ChooseCategoryAsync("房屋漏水");
        await report.DescribeAsync("卫生间天花板一直往下滴水，楼上长期没人住");
        var code = await report.SubmitAsync();
        var grid1 = await PublicTestData.UserIdAsync(session.App, "grid1");
        await PublicTestData.AdvanceAsync(session.App, code, new Actor(null, "窗口", "滨河社区"), new Actor(grid1, "网格员", "滨河社区第一网格"), grid1, resolve: true);

        var track = new TrackPage(page);
        await track.OpenAsync(code);
        await track.RateAsync(resolved: false, satisfied: false, note: "只是擦干了，还在漏");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "问题还没解决？" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申请重新办理" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error").First).ToContainTextAsync("至少5个字");
        await page.GetByLabel("还有哪些没有解决").FillAsync("天花板还在滴水，防水没有修好");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "track-reopen-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "申请重新办理" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已申请重新办理")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "track-reopened");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task The_street_hands_a_case_to_another_department_and_the_first_keeps_its_record(int width)
    {
        // The demo has appeals with 区住建局 (liaison dept1) in 东湖街道 (street1) and in street2's area;
        // each width has its street hand one of them on.
        var dept = await session.NewPageAsync(width);
        await new LoginPage(dept).SignInAsync("dept1");
        await dept.GotoAsync("/Appeals?queue=mine");
        var links = await dept.Locator("#results a.appeal-title").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);

        var street = await session.NewPageAsync(width);
        await new LoginPage(street).SignInAsync(width == 1280 ? "street1" : "street2");
        string? address = null;
        foreach (var link in links)
        {
            var response = await street.GotoAsync(link);
            if (response?.Status == 200) { address = link; break; }
        }
        Assert.NotNull(address);
        await dept.GotoAsync(address);
        await Assertions.Expect(dept.GetByRole(AriaRole.Heading, new() { Name = "办理过程" })).ToBeVisibleAsync();
        await new StaffAppealPage(street).TransferToAsync("区城管局", "现场核实为违章搭建，转城管部门处理");

        await dept.ReloadAsync();
        // The page stays open to the department, now with 区城管局 on the case and no action left for it. (The demo's
        // reporters here are anonymous; the withheld contact is checked in the page tests.)
        await Assertions.Expect(dept.GetByRole(AriaRole.Heading, new() { Name = "办理过程" })).ToBeVisibleAsync();
        await Assertions.Expect(dept.Locator("#appeal")).ToContainTextAsync("区城管局");
        await Assertions.Expect(dept.Locator("details.action")).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(dept);
        await session.ScreenshotAsync(dept, "appeal-handed-on-liaison");
    }
}
