using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>
/// An application told its missing materials in one go (一次性告知) whose resident never came back, ended after its
/// 补正期限 (终止办理, 逾期未补正) on a phone and a desk screen.
/// </summary>
public sealed class MissingMaterialsTerminationPageTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360, "沈秀梅")]
    [InlineData(1280, "韩玉珍")]
    public async Task Window_staff_end_an_application_whose_missing_materials_never_came_after_its_period(int width, string applicant)
    {
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await new LoginPage(page).SignInAsync("window1");
        var desk = new WindowDeskPage(page);
        await desk.ReceiveAsync("高龄津贴", applicant);
        await page.Locator("summary", new() { HasText = "缺材料" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "受理并一次性告知所缺材料" }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.Locator("p.notice.ok")).ToContainTextAsync("前补正");
        await Assertions.Expect(page.Locator("dt", new() { HasText = "补正期限" }).Locator("+ dd")).ToContainTextAsync("前补正");
        await Assertions.Expect(page.GetByTestId("terminate")).ToContainTextAsync("期满仍未补交的，可在此终止办理");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "终止办理" })).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-missing-due");

        // The period ran out yesterday.
        var id = long.Parse(new Uri(page.Url).Segments.Last().TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.ShanghaiDay().AddDays(-1);
        await using (session.App.SystemScope(out var db))
            await db.ServiceApplications().Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.MaterialsDueOn, yesterday));
        // The owner's queue flags it.
        await page.GotoAsync("/Services?queue=mine");
        var row = page.Locator("tr", new() { Has = page.Locator($"a[href='/Services/Applications/{id}']") });
        await Assertions.Expect(row).ToContainTextAsync("逾期未补正");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-missing-queue");
        await page.GotoAsync($"/Services/Applications/{id}");
        await Assertions.Expect(page.Locator("dt", new() { HasText = "补正期限" }).Locator("+ dd")).ToContainTextAsync("逾期未补正");
        await page.GetByLabel("终止理由（会告知申请人）").FillAsync("所缺材料逾期未补正，电话联系后申请人表示暂不申请");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-missing-terminate-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "终止办理" }).ClickAsync();
        await page.WaitForURLAsync("**done=*");
        await Assertions.Expect(page.Locator("p.notice.ok")).ToContainTextAsync("已终止办理");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("逾期未补正");
        await Assertions.Expect(page.GetByTestId("terminate")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("dt", new() { HasText = "补正期限" }).Locator("+ dd")).ToContainTextAsync("逾期未补正");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-missing-terminated");

        await using (session.App.SystemScope(out var db))
            Assert.Equal(ApplicationState.Terminated, await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.State).SingleAsync());
    }
}
