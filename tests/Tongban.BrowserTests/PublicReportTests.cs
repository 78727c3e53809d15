using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Tests.Features.Public;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests;

/// <summary>
/// The story from the reports, on a 360 px phone: a resident scans a building's QR code and reports flying-wire
/// e-bike charging with a photo; the community accepts and dispatches to the grid worker, who inspects the same day
/// and resolves, both on the staff pages; the resident rates it; the tracking page shows the whole timeline.
/// </summary>
public sealed class PublicReportTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_resident_reports_flying_wire_charging_by_qr_and_follows_it_to_the_rating()
    {
        var building = await PublicTestData.BuildingAsync(session.App);
        var page = await session.NewPageAsync(360, 780);
        var report = new ReportPage(page);

        await report.OpenAsync(building.Code);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{building.CompoundName}{building.Name}" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-categories");

        await report.ChooseCategoryAsync("电动车充电");
        await Assertions.Expect(page.GetByText("问题类型：电动车充电")).ToBeVisibleAsync();
        await report.ChooseKindAsync("举报");
        await report.DescribeAsync("2单元楼道有人从三楼窗户拉电线下来给电动车飞线充电，晚上一直插着，很危险。");
        await report.AttachPhotoAsync("飞线充电.png", PublicTestData.Png(48, 32));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-form");

        var code = await report.SubmitAsync();
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", code);
        await Assertions.Expect(page.GetByText("提交成功！")).ToBeVisibleAsync();
        var track = new TrackPage(page);
        Assert.Equal(["通过扫码/网上提交"], (await track.StepsAsync()).Select(s => s[(s.IndexOf("居民", StringComparison.Ordinal) + 2)..].Trim()));
        var photo = page.GetByRole(AriaRole.Img, new() { Name = "照片 飞线充电.png" });
        await Assertions.Expect(photo).ToBeVisibleAsync();
        Assert.True(await photo.EvaluateAsync<int>("img => img.naturalWidth") == 48, "照片没有显示出来");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-submitted");

        // Staff side, on their phones: window1 finds it by the tracking code, accepts it and dispatches it to grid1,
        // who signs for it, goes to look the same day and resolves it with a photo of the new charging posts.
        var window = await session.NewPageAsync(360, 780);
        await new LoginPage(window).SignInAsync("window1");
        var desk = new StaffAppealPage(window);
        await desk.OpenByCodeAsync(code);
        await desk.ActAsync("受理", "已受理");
        await desk.DispatchToAsync("滨河社区第一网格网格员");
        await AssertNoHorizontalScrollAsync(window);
        await session.ScreenshotAsync(window, "story-window-dispatched");

        var phone = await session.NewPageAsync(360, 780);
        await new LoginPage(phone).SignInAsync("grid1");
        var grid = new StaffAppealPage(phone);
        await grid.OpenByCodeAsync(code);
        await grid.AcknowledgeAsync();
        await grid.ActAsync("开始办理", "已开始办理");
        await grid.RecordProgressAsync("当天到现场查看");
        await grid.ResolveAsync("已劝导住户停止飞线充电，物业在车棚加装充电桩", "充电桩.png", PublicTestData.Png(40, 30));
        await AssertNoHorizontalScrollAsync(phone);
        await session.ScreenshotAsync(phone, "story-grid-resolved");

        await track.OpenAsync(code.ToLowerInvariant());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "请您评价" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("已办结", new() { Exact = true })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "public-track-resolved");

        await track.RateAsync(resolved: true, satisfied: true, note: "当天就来看了，装了充电桩，谢谢！");
        await Assertions.Expect(page.GetByText("感谢您的评价！")).ToBeVisibleAsync();
        var steps = await track.StepsAsync();
        string[] expected =
        [
            "居民 通过扫码/网上提交", "滨河社区 已受理", "滨河社区 已派至网格员办理", "滨河社区第一网格 承办单位已签收", "滨河社区第一网格 开始办理", "滨河社区第一网格 当天到现场查看", "滨河社区第一网格 上传办理佐证材料1份",
            "滨河社区第一网格 办理结果：已劝导住户停止飞线充电，物业在车棚加装充电桩", "居民 问题已解决，满意：当天就来看了，装了充电桩，谢谢！",
        ];
        Assert.True(expected.Length == steps.Count, "时间线：" + string.Join(" | ", steps));
        for (var i = 0; i < expected.Length; i++) Assert.True(steps[i].EndsWith(expected[i], StringComparison.Ordinal), $"第{i + 1}步是“{steps[i]}”");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("赵敏", text);
        Assert.DoesNotContain("李芳", text);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "请您评价" })).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-track-rated");

        // Large-text mode for older residents, on the same page.
        await page.GetByRole(AriaRole.Button, new() { Name = "大字模式" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("large-text"));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-track-large-text");
    }

    [Fact]
    public async Task Large_text_switches_in_place_and_keeps_what_was_typed()
    {
        var page = await session.NewPageAsync(360, 780);
        var errors = PageChecks.CollectBrowserErrors(page);
        await page.GotoAsync("/track");
        await page.GetByLabel("查询码").FillAsync("K7M2P9QX");
        await page.GetByRole(AriaRole.Button, new() { Name = "大字模式" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("large-text"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "标准字号" })).ToBeVisibleAsync();
        Assert.Equal("K7M2P9QX", await page.GetByLabel("查询码").InputValueAsync()); // the page was not reloaded
        await page.ReloadAsync(); // and the choice is kept for the next page
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("large-text"));
        await page.GetByRole(AriaRole.Button, new() { Name = "标准字号" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("large-text"));
        await PageChecks.AssertNoBrowserErrorsAsync(page, errors);

        // The staff sign-in, where the site's address leads, shows residents the way to their own pages.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "反映问题" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/report$"));
    }

    [Fact]
    public async Task Booking_keeps_the_name_and_phone_when_the_resident_looks_at_another_day()
    {
        var page = await session.NewPageAsync(360, 780);
        var errors = PageChecks.CollectBrowserErrors(page);
        await page.GotoAsync("/guide/book");
        await page.GetByLabel("社区").SelectOptionAsync(new SelectOptionValue { Label = "滨河社区" });
        await page.GetByLabel("办理事项").SelectOptionAsync(new SelectOptionValue { Label = "高龄津贴" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看可预约时段" }).ClickAsync();
        await page.GetByLabel("姓名").FillAsync("冯大爷");
        await page.GetByLabel("手机号（接收预约码和提醒）").FillAsync("13612345678");
        await page.Locator("nav.chips a").Nth(2).ClickAsync();
        await Assertions.Expect(page.Locator("nav.chips a.on")).ToHaveCountAsync(1);
        Assert.Equal("冯大爷", await page.GetByLabel("姓名").InputValueAsync());
        Assert.Equal("13612345678", await page.GetByLabel("手机号（接收预约码和提醒）").InputValueAsync());
        Assert.DoesNotContain("13612345678", page.Url); // kept on the phone, not in the address
        await PageChecks.AssertNoBrowserErrorsAsync(page, errors);
    }

    [Fact]
    public async Task Staff_see_a_printable_poster_for_each_building()
    {
        var building = await PublicTestData.BuildingAsync(session.App);
        var page = await session.NewPageAsync(1280, 900);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Public/Posters?buildingId={building.Id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{building.CompoundName}{building.Name}" })).ToBeVisibleAsync();
        var box = await page.Locator(".poster-qr svg").BoundingBoxAsync();
        Assert.True(box is { Width: > 200 }, "二维码太小");
        await session.ScreenshotAsync(page, "public-poster");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await session.ScreenshotAsync(page, "public-poster-print");
    }

    /// <summary>On a phone the poster's short link may wrap, but never inside the place code a resident would type.</summary>
    [Fact]
    public async Task The_place_code_in_a_posters_short_link_never_breaks_on_a_phone()
    {
        var building = await PublicTestData.BuildingAsync(session.App);
        var page = await session.NewPageAsync(360, 900);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Public/Posters?buildingId={building.Id}");
        const string LinesOfCode = """
            () => {
              const link = document.querySelector("article.poster .poster-link strong");
              const text = link.textContent, start = text.lastIndexOf("/r/") + 3;
              const range = document.createRange(), walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
              let seen = 0, node;
              while ((node = walker.nextNode())) {
                const end = seen + node.length;
                if (start >= seen && start < end) range.setStart(node, start - seen);
                if (text.length <= end) range.setEnd(node, text.length - seen);
                seen = end;
              }
              return new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
            }
            """;
        var broken = new List<int>();
        // Phone widths from the narrowest to a large one: wherever the link wraps, the code stays on one line.
        for (var width = 300; width <= 440; width += 4)
        {
            await page.SetViewportSizeAsync(width, 900);
            if (await page.EvaluateAsync<int>(LinesOfCode) > 1) broken.Add(width);
        }
        Assert.True(broken.Count == 0, $"查询码 {building.Code} 在这些宽度下被折成两行：{string.Join("，", broken)}");
        await page.SetViewportSizeAsync(360, 900);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-poster-360");
    }

    [Fact]
    public async Task A_big_photo_is_shrunk_on_the_phone_before_upload()
    {
        var building = await PublicTestData.BuildingAsync(session.App, 1);
        var big = PublicTestData.Png(1400, 1000, noise: true);
        Assert.True(big.Length > 2 * 1024 * 1024);
        var page = await session.NewPageAsync(360, 780);
        var report = new ReportPage(page);
        await report.OpenAsync(building.Code);
        await report.ChooseCategoryAsync("楼道堆物");
        await report.DescribeAsync("楼道里堆满了旧家具，消防通道过不去");
        await report.AttachPhotoAsync("楼道.png", big);
        await Assertions.Expect(page.Locator("#photo-problem")).ToHaveTextAsync("");
        var code = await report.SubmitAsync();

        await using var scope = session.App.SystemScope(out var db);
        var attachment = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.AppealAttachments.Where(a => db.Appeals.Any(x => x.Id == a.AppealId && x.TrackingCode == code)));
        Assert.Equal("image/jpeg", attachment.ContentType);
        Assert.Equal("楼道.jpg", attachment.FileName);
        Assert.True(attachment.Size < big.Length / 2, $"压缩后仍有 {attachment.Size} 字节");
    }
}
