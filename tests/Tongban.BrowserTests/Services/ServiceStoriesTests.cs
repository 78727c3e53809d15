using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>
/// The two stories of issue 4: a window staff member handles a severe-disability nursing subsidy for a resident in
/// one visit and prints the one-time checklist; a resident books an evening appointment on a 360 px phone.
/// </summary>
public sealed class ServiceStoriesTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Window_staff_handles_a_severe_disability_nursing_subsidy_in_one_visit_and_prints_the_checklist(int width)
    {
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await new LoginPage(page).SignInAsync("window1");
        var desk = new WindowDeskPage(page);
        await desk.ReceiveAsync("重度残疾人护理补贴", width == 360 ? "李桂芳" : "王建国");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "重度残疾人护理补贴" })).ToBeVisibleAsync();
        Assert.True(await desk.Materials.CountAsync() >= 5);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-application-checklist");

        // Transfer: the unit field offers the item's deciding unit (区民政局) among others, and the item's level is chosen.
        var transfer = page.Locator("summary", new() { HasText = "转办或不予受理" });
        await transfer.ClickAsync();
        await Assertions.Expect(page.Locator("#transferTo")).ToHaveAttributeAsync("placeholder", "如 区民政局");
        await Assertions.Expect(page.Locator("#transferLevel")).ToHaveValueAsync("Department");
        Assert.Contains("区民政局", await page.Locator("#transferUnits option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-application-transfer");
        await transfer.ClickAsync();

        await desk.TickAllAsync();
        await desk.ChooseAsync("受理");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已受理，承诺");
        await Assertions.Expect(page.GetByText("1 次", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("办理中（材料齐全受理）")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-application-accepted");
        // Every material is in hand: nothing to tick, but a second visit stays possible (the deciding unit may ask for
        // something outside the checklist, a 一次告知缺陷), and progress can be written.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "全部已收" })).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Materials.First).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "再次来办" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "登记本次来办", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("说明", new() { Exact = true }).FillAsync("材料已报区民政局审核");
        await page.GetByRole(AriaRole.Button, new() { Name = "只记录进展（用上面的说明）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("进展已记录");
        await Assertions.Expect(page.GetByText("材料已报区民政局审核")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-application-accepted-progress");

        var sheet = await desk.OpenPrintSheetAsync();
        await Assertions.Expect(sheet.GetByText("材料已收齐。")).ToBeVisibleAsync();
        await Assertions.Expect(sheet.Locator(".sheet-qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(sheet.GetByRole(AriaRole.Button, new() { Name = "打印（A4）" })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(sheet);
        await sheet.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(sheet.GetByRole(AriaRole.Button, new() { Name = "打印（A4）" })).ToBeHiddenAsync();
        await session.ScreenshotAsync(sheet, "services-application-sheet-print");

        await using var scope = session.App.SystemScope(out var db);
        var application = await db.ServiceApplications().OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(ApplicationState.InProgress, application.State);
        Assert.Equal(1, application.Trips);
        Assert.False(application.HasDefect);
    }

    [Fact]
    public async Task A_resident_books_an_evening_appointment_on_a_phone()
    {
        string community;
        await using (var scope = session.App.SystemScope(out var db))
            community = await db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).Select(a => a.Name).FirstAsync();
        var page = await session.NewPageAsync(360, 780);
        var guide = new GuideBookingPage(page);
        await guide.SearchAsync("残疾");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "重度残疾人护理补贴", Exact = true })).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-guide-search");

        await guide.OpenItemAsync("重度残疾人护理补贴");
        await Assertions.Expect(page.GetByText("第二代残疾人证").First).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-guide-item");

        await guide.StartBookingAsync(community);
        await guide.ChooseEveningDayAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-book-slots");
        await guide.ChooseSlotAsync("19:00-19:30");
        var code = await guide.ConfirmAsync("孙桂兰", "13800138000");
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", code);
        await Assertions.Expect(page.GetByText("延时服务")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("19:00-19:30")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-book-done");
        await page.SetViewportSizeAsync(1280, 900);
        await session.ScreenshotAsync(page, "services-book-done");
        await page.SetViewportSizeAsync(360, 780);

        await using var check = session.App.SystemScope(out var db2);
        var appointment = await db2.Appointments().SingleAsync(a => a.Code == code);
        Assert.True(appointment.IsExtended);
        Assert.True(await db2.OutboxMessages.AnyAsync(m => m.IdempotencyKey == $"appt:{code}:booked"));

        // Plans change: she finds the booking again with its code and her phone number, and gives the seat back.
        await guide.LookUpFromConfirmationAsync("13800138000");
        await Assertions.Expect(page.GetByTestId("appointment-status")).ToHaveTextAsync("已预约");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-booking-found");
        await guide.CancelAsync();
        await Assertions.Expect(page.GetByTestId("appointment-status")).ToHaveTextAsync("已取消");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-booking-cancelled");
        await page.SetViewportSizeAsync(1280, 900);
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-booking-cancelled");
        await using var after = session.App.SystemScope(out var db3);
        Assert.Equal(AppointmentStatus.Cancelled, (await db3.Appointments().SingleAsync(a => a.Code == code)).Status);
    }
}
