using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Tests.Features.Public;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests;

/// <summary>
/// The resident pages as many residents meet them: an older person's phone on a slow mobile network (Chromium throttled to
/// 400 kbps with 400 ms latency), a thumb instead of a mouse, a connection that drops in the middle of sending.
/// </summary>
public sealed class PublicPhoneTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static readonly Dictionary<string, object> SlowNetwork = new()
    {
        ["offline"] = false, ["latency"] = 400, ["downloadThroughput"] = 400 * 1024 / 8, ["uploadThroughput"] = 400 * 1024 / 8,
    };

    private const string DoubleTap = """
        selector => {
          const form = document.querySelector(selector);
          form.querySelector("button[type=submit]").click();
          setTimeout(() => form.requestSubmit(), 300);
        }
        """;

    private ILocator Submit(IPage page) => page.Locator(".report-form button[type=submit]");

    private async Task<(int Appeals, int Photos)> FiledAsync(string description)
    {
        await using var scope = session.App.SystemScope(out var db);
        var ids = await db.Appeals.Where(a => a.Description == description).Select(a => a.Id).ToListAsync();
        return (ids.Count, await db.AppealAttachments.CountAsync(x => ids.Contains(x.AppealId)));
    }

    private static async Task<int> ChosenPhotosAsync(IPage page) => await page.Locator("#Photos").EvaluateAsync<int>("input => input.files.length");

    /// <summary>A phone at the report form of the n-th demo building, the category chosen and the text typed.</summary>
    private async Task<(IPage Page, ReportPage Report, TestBuilding Building)> FormAsync(int building, string category, string text)
    {
        var at = await PublicTestData.BuildingAsync(session.App, building);
        var page = await session.NewPageAsync(360, 780);
        var report = new ReportPage(page);
        await report.OpenAsync(at.Code);
        await report.ChooseCategoryAsync(category);
        await report.DescribeAsync(text);
        return (page, report, at);
    }

    /// <summary>Sends the form, then has the staff resolve the appeal; returns its tracking code.</summary>
    private async Task<string> ResolvedAsync(ReportPage report)
    {
        var code = await report.SubmitAsync();
        var grid = await PublicTestData.UserIdAsync(session.App, "grid1");
        await PublicTestData.AdvanceAsync(session.App, code, new("w", "赵敏", "滨河社区"), new(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);
        return code;
    }

    /// <summary>
    /// A neighbour on the same poster sees the report and taps 我也遇到了 after it was resolved: told why, on the same
    /// building's page with the form to report it afresh (the tap used to post to /report and come back without the place).
    /// </summary>
    [Fact]
    public async Task Me_too_refused_because_the_matter_was_resolved_meanwhile_stays_on_the_buildings_page()
    {
        var (_, report, at) = await FormAsync(10, "噪音扰民", $"楼下KTV每晚唱到一点（{Guid.NewGuid():N}）");
        var code = await report.SubmitAsync();
        var neighbour = await session.NewPageAsync(360, 780);
        var errors = CollectBrowserErrors(neighbour);
        var theirs = new ReportPage(neighbour);
        await theirs.OpenAsync(at.Code);
        await theirs.ChooseCategoryAsync("噪音扰民");
        long id;
        await using (var scope = session.App.SystemScope(out var db)) id = await db.Appeals.Where(a => a.TrackingCode == code).Select(a => a.Id).SingleAsync();
        var grid = await PublicTestData.UserIdAsync(session.App, "grid1");
        await PublicTestData.AdvanceAsync(session.App, code, new("w", "赵敏", "滨河社区"), new(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);

        await neighbour.Locator($"form:has(input[name=appealId][value='{id}'])").GetByRole(AriaRole.Button, new() { Name = "我也遇到了" }).ClickAsync();
        await Assertions.Expect(neighbour.GetByRole(AriaRole.Alert)).ToContainTextAsync("这条诉求当前为“已办结”，不能再附议");
        await Assertions.Expect(neighbour.Locator("h1.place-title")).ToHaveTextAsync(at.CompoundName + at.Name);
        await Assertions.Expect(neighbour.GetByLabel("问题描述")).ToBeVisibleAsync();
        Assert.Contains($"/r/{at.Code}", neighbour.Url);
        await AssertNoHorizontalScrollAsync(neighbour);
        await session.ScreenshotAsync(neighbour, "public-me-too-refused");
        await AssertNoBrowserErrorsAsync(neighbour, errors);
    }

    [Fact]
    public async Task On_a_slow_network_the_report_shows_its_upload_and_a_second_tap_sends_nothing()
    {
        var text = $"慢网测试：楼道里堆满纸箱，消防通道过不去（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(2, "楼道堆物", text);
        var errors = CollectBrowserErrors(page);
        var posts = 0;
        page.Request += (_, r) => { if (r.Method == "POST") Interlocked.Increment(ref posts); };
        await report.AttachPhotoAsync("楼道.png", PublicTestData.Png(300, 300, noise: true)); // ~270 KB: under the size the phone shrinks
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", SlowNetwork);

        // A tap, and 0.3 s later the second tap of an impatient thumb while the first is still on its way (the button is
        // disabled by then, so the form is submitted as the Enter key would).
        await page.EvaluateAsync(DoubleTap, ".report-form");
        // The resident sees the photo going up, not a frozen page.
        await Assertions.Expect(page.Locator("#send-text")).ToContainTextAsync("正在上传：");
        await Assertions.Expect(page.Locator("#send-progress")).ToHaveAttributeAsync("value", new System.Text.RegularExpressions.Regex("^[1-9][0-9]?$"));
        await Assertions.Expect(page.Locator("#send-status")).ToBeInViewportAsync();
        await session.ScreenshotAsync(page, "public-report-uploading");
        await PageChecks.WaitForAddressAsync(page, "/track/", 60_000);
        await Assertions.Expect(page.GetByText("提交成功！")).ToBeVisibleAsync();

        Assert.Equal(1, posts);
        Assert.Equal((1, 1), await FiledAsync(text));
        await AssertNoBrowserErrorsAsync(page, errors);
    }

    [Fact]
    public async Task A_photo_of_half_a_megabyte_is_shrunk_before_it_goes_up_the_slow_network()
    {
        var text = $"楼道里的自行车挡住了路（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(7, "楼道堆物", text);
        var photo = PublicTestData.Png(420, 420, noise: true);
        Assert.InRange(photo.Length, 450 * 1024, 1000 * 1024); // below the 1 MB from which photos used to be shrunk
        await report.AttachPhotoAsync("自行车.png", photo);
        await Assertions.Expect(page.Locator("#photo-problem")).ToHaveTextAsync("");
        await report.SubmitAsync();
        await using var scope = session.App.SystemScope(out var db);
        var sent = await db.AppealAttachments.SingleAsync(a => db.Appeals.Any(x => x.Id == a.AppealId && x.Description == text));
        Assert.Equal("image/jpeg", sent.ContentType);
        Assert.True(sent.Size < photo.Length / 2, $"上传了 {sent.Size} 字节");
    }

    [Fact]
    public async Task A_send_that_fails_on_the_way_keeps_the_text_and_the_photo_for_another_try_and_files_once()
    {
        var text = $"断网测试：三楼楼梯口堆了旧沙发（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(3, "楼道堆物", text);
        await report.AttachPhotoAsync("沙发.png", PublicTestData.Png(40, 30));

        // The connection drops as the resident taps 提交 (before: the browser's own error page, and the text was gone).
        await page.Context.SetOfflineAsync(true);
        await Submit(page).ClickAsync();
        await Assertions.Expect(page.Locator("#send-text")).ToContainTextAsync("网络不通，没有提交成功。您填写的内容和照片都还在");
        await Assertions.Expect(Submit(page)).ToHaveTextAsync("重新提交");
        await Assertions.Expect(Submit(page)).ToBeEnabledAsync();
        Assert.Equal(text, await page.GetByLabel("问题描述").InputValueAsync());
        Assert.Equal(1, await ChosenPhotosAsync(page));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-send-failed");

        await page.Context.SetOfflineAsync(false);
        await Submit(page).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/track/");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "照片 沙发.png" })).ToBeVisibleAsync();
        Assert.Equal((1, 1), await FiledAsync(text));
    }

    [Fact]
    public async Task A_form_whose_cookies_the_phone_dropped_is_still_sent_once()
    {
        var text = $"单元门禁坏了，陌生人随便进出（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(8, "楼道堆物", text);
        await report.AttachPhotoAsync("门禁.png", PublicTestData.Png(40, 30));
        // WeChat's browser was closed while the camera was open: the tab comes back, its session cookies do not, and the
        // form's safety token no longer matches (before: 没有提交成功 after every try).
        await page.Context.ClearCookiesAsync();
        await Submit(page).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/track/");
        await Assertions.Expect(page.GetByText("提交成功！")).ToBeVisibleAsync();
        Assert.Equal((1, 1), await FiledAsync(text));
    }

    [Fact]
    public async Task Back_at_the_sent_form_a_changed_report_is_filed_anew_and_an_unchanged_one_is_not_filed_twice()
    {
        var first = $"二单元楼道灯不亮（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(9, "楼道堆物", first);
        var firstCode = await report.SubmitAsync();

        // Back to the form (the browser's page cache keeps what was typed), and sent again unchanged: the same report.
        await page.GoBackAsync();
        Assert.Equal(first, await page.GetByLabel("问题描述").InputValueAsync());
        await Assertions.Expect(Submit(page)).ToHaveTextAsync("提交");
        Assert.Equal(firstCode, await report.SubmitAsync());
        await Assertions.Expect(page.GetByText("这次提交之前已经收到，没有重复登记。")).ToBeVisibleAsync();

        // Back again, and the text changed to another problem at the same building: before, it was answered with the first
        // report (之前已经收到) and the second problem was never filed.
        await page.GoBackAsync();
        var second = $"三单元门口的垃圾桶满了（{Guid.NewGuid():N}）";
        await page.GetByLabel("问题描述").FillAsync(second);
        var secondCode = await report.SubmitAsync();
        Assert.NotEqual(firstCode, secondCode);
        await Assertions.Expect(page.GetByText("提交成功！")).ToBeVisibleAsync();
        Assert.Equal((1, 0), await FiledAsync(first));
        Assert.Equal((1, 0), await FiledAsync(second));
    }

    [Fact]
    public async Task A_mistake_found_by_the_server_is_shown_in_place_and_the_chosen_photo_stays_chosen()
    {
        var text = $"楼道灯坏了一个月没人修（{Guid.NewGuid():N}）";
        var (page, report, _) = await FormAsync(4, "楼道堆物", text);
        var errors = CollectBrowserErrors(page);
        await report.AttachPhotoAsync("楼道灯.png", PublicTestData.Png(40, 30));
        await page.GetByText("留下联系方式（选填，便于回访）").ClickAsync();
        await page.GetByLabel("手机号").FillAsync("1381234567"); // one digit short
        await Submit(page).ClickAsync();

        await Assertions.Expect(page.Locator(".errors")).ToContainTextAsync("手机号应为以1开头的11位数字");
        await Assertions.Expect(page.Locator(".errors")).ToBeFocusedAsync();
        Assert.Equal(1, await ChosenPhotosAsync(page)); // before: the photo had to be chosen again, and nothing said so
        await Assertions.Expect(page.Locator("[data-photos-lost]")).ToBeHiddenAsync();
        Assert.Equal(text, await page.GetByLabel("问题描述").InputValueAsync());
        Assert.Equal("1381234567", await page.GetByLabel("手机号").InputValueAsync());
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-phone-mistake");

        await page.GetByLabel("手机号").FillAsync("13812345678");
        await Submit(page).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/track/");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "照片 楼道灯.png" })).ToBeVisibleAsync();
        Assert.Equal((1, 1), await FiledAsync(text));
        await AssertNoBrowserErrorsAsync(page, errors);
    }

    /// <summary>
    /// The problem type changed after the text was written (更换 reloads the page), or the phone reloaded the page behind
    /// the camera: what was typed is still there. Once the report is filed the draft is gone.
    /// </summary>
    [Fact]
    public async Task What_was_typed_survives_changing_the_problem_type_and_a_reload_until_the_report_is_filed()
    {
        var text = $"晚上十点以后楼下车棚有人修电动车，敲打声很大（{Guid.NewGuid():N}）";
        var (page, report, building) = await FormAsync(5, "噪音扰民", text);
        var errors = CollectBrowserErrors(page);
        await page.GetByLabel("具体位置（选填）").FillAsync("东侧车棚");
        await page.GetByText("留下联系方式（选填，便于回访）").ClickAsync();
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync("陈大爷");
        await page.GetByLabel("手机号或座机").FillAsync("0351-7654321-802");

        await page.GetByRole(AriaRole.Link, new() { Name = "更换" }).ClickAsync();
        await report.ChooseCategoryAsync("电动车充电");
        await Assertions.Expect(page.GetByText("问题类型：电动车充电")).ToBeVisibleAsync();
        async Task AssertKeptAsync()
        {
            Assert.Equal(text, await page.GetByLabel("问题描述").InputValueAsync());
            Assert.Equal("东侧车棚", await page.GetByLabel("具体位置（选填）").InputValueAsync());
            await Assertions.Expect(page.GetByLabel("姓名", new() { Exact = true })).ToBeVisibleAsync(); // the contact part is open
            Assert.Equal("陈大爷", await page.GetByLabel("姓名", new() { Exact = true }).InputValueAsync());
            Assert.Equal("0351-7654321-802", await page.GetByLabel("手机号或座机").InputValueAsync());
            await Assertions.Expect(page.Locator("#description-count")).ToHaveTextAsync($"已输入{text.Length}字，最多4000字");
        }
        await AssertKeptAsync();
        await page.ReloadAsync();
        await AssertKeptAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-draft-kept");

        await report.SubmitAsync();
        Assert.Equal((1, 0), await FiledAsync(text));
        await page.GotoAsync($"/r/{building.Code}");
        await report.ChooseCategoryAsync("电动车充电");
        Assert.Equal("", await page.GetByLabel("问题描述").InputValueAsync());
        Assert.Equal("", await page.GetByLabel("手机号或座机").InputValueAsync());
        await AssertNoBrowserErrorsAsync(page, errors);
    }

    [Fact]
    public async Task A_double_tap_on_the_rating_records_it_once_and_says_thank_you()
    {
        var (page, report, _) = await FormAsync(5, "电动车充电", $"车棚里的充电插座坏了（{Guid.NewGuid():N}）");
        var code = await ResolvedAsync(report);

        await new TrackPage(page).OpenAsync(code);
        await page.GetByLabel("已解决", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("满意", new() { Exact = true }).CheckAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", SlowNetwork);
        await page.EvaluateAsync(DoubleTap, "#rate form");
        await PageChecks.WaitForAddressAsync(page, "rated=1", 60_000);
        await Assertions.Expect(page.GetByText("感谢您的评价！")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".errors")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Each_building_poster_prints_on_one_a4_sheet_with_a_qr_code_of_12_cm_and_its_short_link()
    {
        var building = await PublicTestData.BuildingAsync(session.App);
        var page = await session.NewPageAsync(1280, 900);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync($"/Public/Posters?compoundId={building.CompoundId}");
        var posters = await page.Locator("article.poster").CountAsync();
        Assert.True(posters > 2, $"只有{posters}张海报");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        // 120 mm at 96 px per inch; a phone camera reads it from two metres, an older resident from close up.
        var qr = await page.Locator("article.poster .poster-qr svg").First.BoundingBoxAsync();
        Assert.InRange(qr!.Width, 450, 460);
        await Assertions.Expect(page.Locator("article.poster").Nth(1).Locator(".poster-link")).ToContainTextAsync($"/r/{building.Code}");
        var pdf = System.Text.Encoding.Latin1.GetString(await page.PdfAsync(new() { PreferCSSPageSize = true }));
        Assert.Equal(posters, System.Text.RegularExpressions.Regex.Matches(pdf, @"/Type\s*/Page[^s]").Count);
    }

    /// <summary>In large text the problem tiles still fill their half of the row (and its height, so a row's two tiles match), text at the left.</summary>
    [Fact]
    public async Task In_large_text_every_problem_tile_fills_its_half_of_the_row()
    {
        var building = await PublicTestData.BuildingAsync(session.App, 7);
        var page = await session.NewPageAsync(360, 780);
        await page.Context.AddCookiesAsync([new() { Name = Tongban.Web.Features.Shared.ShellModule.LargeTextCookie, Value = "1", Url = session.App.BaseUrl }]);
        await new ReportPage(page).OpenAsync(building.Code);
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("large-text"));
        var narrow = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll(".tiles li")).map(li => [li, li.querySelector("a.tile")])
              .filter(([li, a]) => Math.abs(li.getBoundingClientRect().width - a.getBoundingClientRect().width) > 1
                || Math.abs(li.getBoundingClientRect().height - a.getBoundingClientRect().height) > 1 || getComputedStyle(a).textAlign === "center" || getComputedStyle(a).alignItems === "center")
              .map(([li, a]) => a.firstChild.textContent.trim() + " " + Math.round(a.getBoundingClientRect().width) + "×" + Math.round(a.getBoundingClientRect().height) + "/" + Math.round(li.getBoundingClientRect().width) + "×" + Math.round(li.getBoundingClientRect().height))
            """);
        Assert.True(narrow.Length == 0, "没有占满格子或居中的分类：" + string.Join("，", narrow));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "public-report-categories-large-text");
    }

    /// <summary>Every link, button and choice on the resident pages is at least 44 px high (WCAG 2.5.5), in both text sizes.</summary>
    [Fact]
    public async Task Every_tap_target_on_the_resident_pages_is_a_finger_high()
    {
        var (page, report, building) = await FormAsync(6, "电动车充电", $"车棚顶漏雨，充电线泡在水里（{Guid.NewGuid():N}）");
        var code = await ResolvedAsync(report);
        int ev;
        await using (var scope = session.App.SystemScope(out var db)) ev = await db.AppealCategories.Where(c => c.Name == "电动车充电").Select(c => c.Id).FirstAsync();

        string[] paths = [$"/r/{building.Code}", $"/r/{building.Code}?c={ev}", $"/r/{building.CompoundCode}?c={ev}", $"/report?c={ev}", "/track", $"/track/{code}", "/results"];
        var small = new List<string>();
        foreach (var large in new[] { false, true })
        {
            if (large)
                await page.Context.AddCookiesAsync([new() { Name = Tongban.Web.Features.Shared.ShellModule.LargeTextCookie, Value = "1", Url = session.App.BaseUrl }]);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                var viewport = await page.GetAttributeAsync("meta[name=viewport]", "content") ?? "";
                Assert.DoesNotContain("user-scalable=no", viewport); // residents may zoom
                Assert.DoesNotContain("maximum-scale", viewport);
                var found = await page.EvaluateAsync<string[]>("""
                    () => Array.from(document.querySelectorAll("main a, header a, main button, header button, main select, main input, main summary"))
                      .filter(e => e.type !== "hidden" && e.getClientRects().length > 0)
                      .map(e => e.closest("label") || e)
                      .map(e => [e, e.getBoundingClientRect()])
                      .filter(([e, r]) => r.height < 44 || r.width < 44)
                      .map(([e, r]) => e.tagName + " “" + (e.textContent || e.getAttribute("name") || "").trim().slice(0, 16) + "” " + Math.round(r.width) + "×" + Math.round(r.height))
                    """);
                small.AddRange(found.Select(f => $"{(large ? "大字 " : "")}{path}: {f}"));
            }
        }
        Assert.True(small.Count == 0, "太小的点按目标：\n" + string.Join("\n", small.Distinct()));
    }
}
