using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.Services;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Outreach;

/// <summary>
/// A secretary records a mobile desk session with the network off (a desk downstairs, no signal): the form is kept on
/// the phone, sent once when the network returns, and the application started at the desk for a catalog item is a real
/// Services application with the secretary as first-inquiry owner, linked from the session.
/// </summary>
public sealed class OfflineDeskSessionTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360, 780)]
    [InlineData(1280, 900)]
    public async Task A_desk_session_recorded_offline_is_sent_once_when_the_network_returns(int width, int height)
    {
        var summary = $"楼下流动办公，无信号时登记（{width}）";
        var applicant = width == 360 ? "离线甲" : "离线乙";
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).AddDays(-1);
        var page = await session.NewPageAsync(width, height);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Outreach/Desk/Session");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登记流动办公" })).ToBeVisibleAsync();

        await page.Context.SetOfflineAsync(true);
        await page.GetByLabel("楼栋").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("日期").FillAsync(yesterday.ToString("yyyy-MM-dd"));
        await page.GetByLabel("开始").FillAsync("18:00");
        await page.GetByLabel("结束").FillAsync("20:00");
        await page.GetByLabel("服务人次").FillAsync("15");
        await page.GetByLabel("居民问什么").First.FillAsync("父亲满80岁了，高龄津贴怎么申请");
        await page.GetByLabel("涉及服务事项（可不选）").First.SelectOptionAsync(new SelectOptionValue { Label = "高龄津贴" });
        await page.GetByLabel("如何答复").First.FillAsync("材料齐全，当场接待");
        await page.GetByLabel("当场发起办理（我为首问负责人）").First.CheckAsync();
        await page.GetByLabel("申请人姓名（发起办理时填）").First.FillAsync(applicant);
        await page.GetByLabel("小结").FillAsync(summary);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-desk-session-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#offline-status")).ToContainTextAsync("没有网络");
        await session.ScreenshotAsync(page, "outreach-desk-session-saved-offline");
        await using (var scope = session.App.SystemScope(out var db))
            Assert.False(await db.DeskSessions.AnyAsync(s => s.Summary == summary));

        await page.Context.SetOfflineAsync(false);
        await PageChecks.WaitForAddressAsync(page, "/Outreach/Desk/Session/");
        await Assertions.Expect(page.GetByText("已登记。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "办件 " })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-desk-session-sent");

        // Back on the desk page nothing is waiting and the flush finds nothing more to send: one session, one application.
        await page.GotoAsync("/Outreach/Desk");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流动办公桌", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#offline-outbox")).ToBeHiddenAsync();
        await using (var scope = session.App.SystemScope(out var db))
        {
            var recorded = await db.DeskSessions.Include(s => s.Questions).Where(s => s.Summary == summary).ToListAsync();
            var question = Assert.Single(Assert.Single(recorded).Questions);
            var application = await db.ServiceApplications().SingleAsync(a => a.ApplicantName == applicant);
            Assert.Equal(application.Id, question.ApplicationId);
            Assert.Equal(IntakeChannel.MobileDesk, application.Channel);
            Assert.Equal(await db.Users.Where(u => u.UserName == "secretary1").Select(u => u.Id).SingleAsync(), application.OwnerUserId);
        }
    }
}
