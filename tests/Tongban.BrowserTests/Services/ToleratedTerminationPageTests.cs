using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>
/// A 容缺 application whose proxy papers never came, ended after its period (终止办理) on a phone and a desk screen;
/// and the desk's month and day lists, written in Chinese, on both.
/// </summary>
public sealed class ToleratedTerminationPageTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360, "钱淑珍")]
    [InlineData(1280, "冯桂芳")]
    public async Task Window_staff_end_a_tolerated_application_whose_material_never_came_with_a_reason(int width, string applicant)
    {
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await new LoginPage(page).SignInAsync("window1");
        var desk = new WindowDeskPage(page);
        await desk.ReceiveAsync("高龄津贴", applicant);
        await desk.TickAllAsync();
        await page.Locator("label.check-line", new() { HasText = "代办人身份证及委托书" }).GetByRole(AriaRole.Checkbox).UncheckAsync();
        await page.Locator("summary", new() { HasText = "缺材料" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^容缺受理") }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        // Within the period the card only says when it may be ended.
        await Assertions.Expect(page.GetByTestId("terminate")).ToContainTextAsync("期满仍未补交的，可在此终止办理");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "终止办理" })).ToHaveCountAsync(0);

        // The period ran out yesterday. (The application by its address: the demo's residents may share the name.)
        var id = long.Parse(new Uri(page.Url).Segments.Last().TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.ShanghaiDay().AddDays(-1);
        await using (session.App.SystemScope(out var db))
            await db.ServiceApplications().Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.ToleranceDueOn, yesterday));
        await page.ReloadAsync();
        var end = page.GetByRole(AriaRole.Button, new() { Name = "终止办理" });
        await end.ClickAsync();
        await Assertions.Expect(page.Locator(".errors")).ToContainTextAsync("请写明终止办理的理由");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-terminate-form");

        await page.GetByLabel("终止理由（会告知申请人）").FillAsync("代办人身份证及委托书逾期未补交，电话联系后申请人表示不再申请");
        await end.ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.Locator("p.notice.ok")).ToContainTextAsync("已终止办理");
        await Assertions.Expect(page.Locator("dt", new() { HasText = "终止办理" }).Locator("+ dd")).ToContainTextAsync("逾期未补交");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("终止办理：代办人身份证及委托书逾期未补交");
        await Assertions.Expect(page.GetByTestId("terminate")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("dt", new() { HasText = "容缺补交" }).Locator("+ dd")).ToContainTextAsync("逾期未补交");
        await Assertions.Expect(page.Locator("dt", new() { HasText = "承诺办结" })).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-terminated");

        await using (session.App.SystemScope(out var db))
            Assert.Equal(ApplicationState.Terminated, await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.State).SingleAsync());

        // The desk's month and day lists read in Chinese, whatever the browser's locale.
        await page.GotoAsync("/Services/Rota");
        var today = DateTimeOffset.UtcNow.ShanghaiDay();
        await Assertions.Expect(page.GetByLabel("月份")).ToHaveValueAsync(today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByLabel("月份").Locator("option:checked")).ToHaveTextAsync($"{today.Year}年{today.Month}月");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-rota-month");
        await page.GotoAsync("/Services/Appointments");
        await Assertions.Expect(page.GetByLabel("日期").Locator("option:checked")).ToContainTextAsync($"今天 {today.Year}年{today.Month}月{today.Day}日");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-appointments-day");
    }
}
