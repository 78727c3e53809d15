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
}
