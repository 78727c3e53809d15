using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;

namespace Tongban.BrowserTests.Outreach;

/// <summary>A secretary's mobile desk pages over the demo data: the plan, a reschedule for rain, the coverage map and a building's notice.</summary>
public sealed class DeskPagesTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(360, 780)]
    public async Task The_secretary_sees_the_rotation_moves_a_desk_for_rain_and_prints_a_notice(int width, int height)
    {
        var page = await session.NewPageAsync(width, height);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Outreach/Desk");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流动办公桌", Exact = true })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "outreach-desk-plans");

        await page.GetByRole(AriaRole.Link, new() { Name = "流动办公桌（示例）" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "轮换安排" })).ToBeVisibleAsync();
        var firstScheduled = page.Locator("tr", new() { Has = page.GetByText("改期", new() { Exact = true }) }).First;
        await firstScheduled.GetByText("改期", new() { Exact = true }).ClickAsync();
        await firstScheduled.GetByRole(AriaRole.Button, new() { Name = "确认改期" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已改期。")).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "outreach-desk-plan");

        var notice = page.GetByRole(AriaRole.Link, new() { Name = "张贴通知" }).First;
        var href = await notice.GetAttributeAsync("href");
        await page.GotoAsync(href!);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流动办公桌开到楼下" })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "outreach-desk-notice");

        await page.GotoAsync("/Outreach/Coverage");
        await Assertions.Expect(page.Locator("#desk-map .leaflet-interactive").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "各网格走访（" })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "outreach-coverage");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "覆盖页出现横向滚动");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Coverage_dates_are_typed_in_chinese_and_a_wrong_one_is_refused_beside_its_box(int width)
    {
        // The boxes were the browser's date pickers: 10/31/2026 in an English browser. They take 2026年10月1日 now.
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Outreach/Coverage");
        await page.GetByLabel("从", new() { Exact = true }).FillAsync("2026年10月1日");
        await page.GetByLabel("到", new() { Exact = true }).FillAsync("10/31/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "统计" }).ClickAsync();
        await Assertions.Expect(page.Locator("#to-error")).ToHaveTextAsync("“10/31/2026”不是有效的日期，请按 2026-11-25 或 2026年11月25日 的格式填写");
        await Assertions.Expect(page.GetByLabel("从", new() { Exact = true })).ToHaveValueAsync("2026-10-01");
        await Assertions.Expect(page.GetByLabel("到", new() { Exact = true })).ToHaveValueAsync("10/31/2026");
        await PageChecks.AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-coverage-date-refused");
    }
}
