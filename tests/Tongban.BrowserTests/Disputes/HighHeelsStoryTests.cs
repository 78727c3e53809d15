using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Disputes;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Disputes;

/// <summary>
/// The story from the reports: upstairs high heels at night disturb a student in the last year of high school; the
/// community takes the case, the named mediator visits both households, an agreement is reached (no heels at night,
/// an apology), and the follow-up visit records that it is kept. Screenshots of the agreement as printed.
/// </summary>
public sealed class HighHeelsStoryTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_community_settles_the_high_heels_dispute_and_the_follow_up_finds_it_kept()
    {
        string mediatorName;
        await using (var scope = session.App.SystemScope(out var db))
            mediatorName = await db.Users.Where(u => u.UserName == "mediator1").Select(u => u.DisplayName).SingleAsync();

        // The community secretary takes the case at a phone's width and names the community's mediator.
        var secretary = await session.NewPageAsync(360, 800);
        await new LoginPage(secretary).SignInAsync("secretary1");
        var pages = new DisputePages(secretary);
        await secretary.GotoAsync("/Disputes/New");
        await AssertNoHorizontalScrollAsync(secretary);
        await session.ScreenshotAsync(secretary, "dispute-new-form");
        var id = await pages.RegisterAsync("楼上夜间高跟鞋噪音影响高三学生",
            "楼下201室李建国反映：楼上301室王丽夜间常穿高跟鞋在室内走动，声音很响，孩子读高三，晚上学习和睡眠受到影响，多次敲门沟通未果。",
            [("李建国", "滨河小区3号楼1单元201室", "13812345678"), ("王丽", "滨河小区3号楼1单元301室", null)]);
        await session.ScreenshotAsync(secretary, "dispute-registered");
        await pages.AssessAndAssignAsync(mediatorName);
        await AssertNoHorizontalScrollAsync(secretary);

        // The mediator visits both households separately and records each visit.
        var mediator = await session.NewPageAsync(360, 800);
        await new LoginPage(mediator).SignInAsync("mediator1");
        await mediator.GotoAsync("/Disputes");
        await AssertNoHorizontalScrollAsync(mediator);
        await session.ScreenshotAsync(mediator, "dispute-list-mediator");
        await mediator.GetByRole(AriaRole.Link, new() { Name = await NumberAsync(id) }).ClickAsync();
        var work = new DisputePages(mediator);
        var now = DateTimeOffset.UtcNow;
        await work.RecordVisitSessionAsync(now, "3号楼1单元201室（李建国家）", "李建国、李建国之子（高三学生）",
            "上门听取李家意见：孩子读高三，晚上十点后常被楼上高跟鞋声吵醒，希望楼上夜间注意。");
        await work.RecordVisitSessionAsync(now, "3号楼1单元301室（王丽家）", "王丽",
            "上门向王丽说明楼下孩子备考情况，王丽表示此前不知道声音这么大，愿意夜间不穿高跟鞋并向李家道歉。");
        await work.DraftAgreementAsync(
            "王丽家住301室，夜间常穿高跟鞋在室内走动，声音传至楼下201室，影响李建国之子（高三学生）晚间学习和休息。",
            "楼上夜间生活噪音是否影响楼下正常休息，以及如何避免。",
            "王丽对夜间噪音负有注意义务，应当采取措施避免影响邻居；李建国一方应理解邻里正常生活声音。",
            "一、王丽自签字之日起每日22时至次日7时在室内不穿高跟鞋，并在客厅铺设地垫；\n二、王丽就此前造成的打扰向李建国一家当面道歉。",
            "第一项由王丽自觉遵守，社区调解员回访了解；第二项于签字当日当面履行。",
            "第一项自签字之日起长期履行；第二项于签字当日履行完毕。");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await work.FinaliseAsync(today);
        await session.ScreenshotAsync(mediator, "dispute-agreed");

        // The agreement as printed: every Art. 29 part, a copy per party and one for the archive.
        foreach (var width in new[] { 1280, 360 })
        {
            var print = await session.NewPageAsync(width, 1100);
            await new LoginPage(print).SignInAsync("mediator1");
            await print.GotoAsync($"/Disputes/{id}/Documents/agreement");
            await Assertions.Expect(print.Locator("section.agreement")).ToHaveCountAsync(3);
            foreach (var part in new[] { "纠纷的主要事实", "争议事项", "各方当事人的责任", "协议内容", "履行方式", "履行期限", "按指印处", "存档联" })
                await Assertions.Expect(print.Locator("body")).ToContainTextAsync(part);
            await Assertions.Expect(print.Locator("body")).ToContainTextAsync("不穿高跟鞋");
            await Assertions.Expect(print.Locator("body")).ToContainTextAsync("当面道歉");
            await AssertNoHorizontalScrollAsync(print);
            await session.ScreenshotAsync(print, "dispute-agreement-screen");
            await print.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await session.ScreenshotAsync(print, "dispute-agreement-printed");
        }

        // The follow-up visit finds the agreement kept.
        await work.RecordFollowUpAsync(today, "李建国家、王丽家", "楼下反映夜间已听不到高跟鞋声，王丽已当面道歉，孩子休息正常。");
        await Assertions.Expect(mediator.Locator(".facts")).ToContainTextAsync("已履行");
        await Assertions.Expect(mediator.Locator("#timeline")).ToContainTextAsync("协议已履行");
        await AssertNoHorizontalScrollAsync(mediator);
        await session.ScreenshotAsync(mediator, "dispute-followed-up");

        // The whole file (一案一卷): contents (registration, assessment, two visits, agreement, outcome, follow-up, timeline, files), then each.
        var archive = await session.NewPageAsync(1280, 1100);
        await new LoginPage(archive).SignInAsync("mediator1");
        await archive.GotoAsync($"/Disputes/{id}/Documents/archive");
        await Assertions.Expect(archive.GetByRole(AriaRole.Heading, new() { Name = "卷内目录" })).ToBeVisibleAsync();
        await Assertions.Expect(archive.Locator("section.toc a")).ToHaveCountAsync(9);
        await archive.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await session.ScreenshotAsync(archive, "dispute-archive-printed");

        await using (var scope = session.App.SystemScope(out var db))
        {
            var c = await db.Set<DisputeCase>().Include(x => x.Sessions).SingleAsync(x => x.Id == id);
            Assert.Equal(DisputeState.FollowedUp, c.State);
            Assert.Equal(PerformanceStatus.Fulfilled, c.Performance);
            Assert.Equal(2, c.Sessions.Count);
            Assert.Equal(mediatorName, c.LeadMediatorName);
        }
    }

    private async Task<string> NumberAsync(long id)
    {
        await using var scope = session.App.SystemScope(out var db);
        return await db.Set<DisputeCase>().Where(c => c.Id == id).Select(c => c.Number).SingleAsync();
    }
}
