using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;

namespace Tongban.BrowserTests;

public sealed class ShellTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Sign_in_page_and_home_render_in_chinese_without_horizontal_scrolling(int width)
    {
        var page = await session.NewPageAsync(width);
        await page.GotoAsync("/Accounts/Login");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await session.ScreenshotAsync(page, "login");
        await new LoginPage(page).SignInAsync("admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作台" })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"页面在 {width}px 宽度下出现横向滚动");
        await session.ScreenshotAsync(page, "home-admin");
    }

    [Fact]
    public async Task Unknown_page_shows_the_chinese_404_page()
    {
        var page = await session.NewPageAsync(360);
        await new LoginPage(page).SignInAsync("grid1");
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "error-404");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task A_resident_with_a_mistyped_link_gets_the_404_page_not_the_staff_sign_in(int width)
    {
        var page = await session.NewPageAsync(width);
        var response = await page.GotoAsync("/gudie");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
        Assert.DoesNotContain("/Accounts/Login", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "去办事指南" })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "error-404-anonymous");
    }
}
