using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Services;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>
/// A 容缺 application walked to its end on a phone: accepted with the proxy's papers (a minor material) still to come,
/// the later hand-in recorded, and finished.
/// </summary>
public sealed class ToleratedApplicationTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Window_staff_accept_a_senior_allowance_with_the_proxy_papers_tolerated_record_their_hand_in_and_finish_it()
    {
        var page = await session.NewPageAsync(360, 780);
        await new LoginPage(page).SignInAsync("window1");
        var desk = new WindowDeskPage(page);
        await desk.ReceiveAsync("高龄津贴", "周玉兰");

        // Everything but the proxy's ID and letter, which may follow (可容缺).
        await desk.TickAllAsync();
        var proxy = page.Locator("label.check-line", new() { HasText = "代办人身份证及委托书" }).GetByRole(AriaRole.Checkbox);
        await proxy.UncheckAsync();
        await page.Locator("summary", new() { HasText = "缺材料" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^容缺受理") }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.GetByText("办理中（容缺受理）")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dt", new() { HasText = "容缺补交" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dt", new() { HasText = "承诺办结" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-tolerated-accepted");

        // No result before the papers are in: the 办结 card says what it waits for.
        await Assertions.Expect(page.GetByTestId("owed-tolerated")).ToContainTextAsync("代办人身份证及委托书");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "办结", Exact = true })).ToHaveCountAsync(0);

        // Days later the son brings the papers: ticked and recorded as this visit's.
        await Assertions.Expect(proxy).ToBeEnabledAsync();
        await proxy.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记本次来办（勾选补交的材料）" }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.Locator("label.check-line", new() { HasText = "代办人身份证及委托书" })).ToContainTextAsync("已收");
        await Assertions.Expect(page.GetByText("2 次", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("第2次来办，补交代办人身份证及委托书");
        await Assertions.Expect(page.Locator("dt", new() { HasText = "容缺补交" }).Locator("+ dd")).ToHaveTextAsync("已补交");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-tolerated-handed-in");

        await page.GetByLabel("办理结果").FillAsync("区民政局审定通过，次月起发放");
        await page.GetByRole(AriaRole.Button, new() { Name = "办结", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.GetByText("已办结", new() { Exact = true })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-tolerated-completed");

        await using var scope = session.App.SystemScope(out var db);
        var application = await db.ServiceApplications().Include(a => a.Materials).Where(a => a.ApplicantName == "周玉兰").SingleAsync();
        Assert.Equal(ApplicationState.Completed, application.State);
        Assert.Equal(ApplicationOutcome.AcceptedTolerated, application.Outcome);
        Assert.All(application.Materials, m => Assert.Equal(MaterialStatus.Received, m.Status));
        Assert.False(application.HasDefect);
    }
}
