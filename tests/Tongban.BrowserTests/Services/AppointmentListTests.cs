using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>The day's appointment list: a booking whose contact was erased says so, and only the desk sees the arrival buttons.</summary>
public sealed class AppointmentListTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task The_day_list_shows_an_erased_booking_and_offers_arrival_only_to_the_desk(int width)
    {
        var day = new DateOnly(2026, 3, 2);
        await using (var scope = session.App.SystemScope(out var db))
        {
            if (!await db.Appointments().AnyAsync(a => a.Code == "ER000001"))
            {
                var community = await db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).FirstAsync();
                var item = await db.ServiceItems().Where(i => i.Code == "senior-allowance").Select(i => i.Id).SingleAsync();
                Appointment Booking(string code, string name, int hour, DateTimeOffset? erased) => new()
                {
                    Code = code, CommunityId = community.Id, AreaPath = community.AreaPath, ServiceItemId = item,
                    StartsAt = AppointmentSlots.Utc(day, new TimeOnly(hour, 0)), EndsAt = AppointmentSlots.Utc(day, new TimeOnly(hour, 30)),
                    ApplicantName = name, PhoneCipher = "", PhoneMasked = name == "" ? "" : "138****8000", Status = AppointmentStatus.Booked,
                    CreatedAt = DateTimeOffset.UtcNow, ContactErasedAt = erased,
                };
                db.Appointments().AddRange(Booking("ER000001", "", 9, DateTimeOffset.UtcNow), Booking("ER000002", "孙桂兰", 10, null));
                await db.SaveChangesAsync();
            }
        }
        foreach (var (user, mayHandle) in new[] { ("secretary1", true), ("street1", false) })
        {
            var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
            await new LoginPage(page).SignInAsync(user);
            await page.GotoAsync($"/Services/Appointments?day={day:yyyy-MM-dd}");
            await Assertions.Expect(page.GetByText("（姓名和电话已按期删除）")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("孙桂兰")).ToBeVisibleAsync();
            Assert.Equal(mayHandle ? 2 : 0, await page.GetByRole(AriaRole.Button, new() { Name = "到场，开始接待" }).CountAsync());
            await AssertNoHorizontalScrollAsync(page);
            await session.ScreenshotAsync(page, $"services-appointments-{user}");
        }
    }
}

/// <summary>
/// A booking whose day a calendar change closed: the list names the days still holding such bookings, badges the row
/// (该日已调整为休息日，请联系群众改约), offers 取消预约 instead of arrival, and cancelling says so.
/// </summary>
public sealed class ClosedDayAppointmentListTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task A_booking_on_a_day_made_a_holiday_is_flagged_and_the_window_can_cancel_it(int width)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(3);
        var code = $"CD{width:000000}";
        await using (var scope = session.App.SystemScope(out var db))
        {
            var path = await db.Users.Where(u => u.UserName == "window1").Select(u => u.AreaPath).SingleAsync();
            var community = await db.Areas.Where(a => a.AreaPath == path && a.Level == AreaLevel.Community).SingleAsync();
            var item = await db.ServiceItems().Where(i => i.Code == "senior-allowance").Select(i => i.Id).SingleAsync();
            var hour = width == 360 ? 9 : 10;
            db.Appointments().Add(new Appointment
            {
                Code = code, CommunityId = community.Id, AreaPath = community.AreaPath, ServiceItemId = item,
                StartsAt = AppointmentSlots.Utc(day, new TimeOnly(hour, 0)), EndsAt = AppointmentSlots.Utc(day, new TimeOnly(hour, 30)),
                ApplicantName = "周玉梅", PhoneCipher = "", PhoneMasked = "139****6621", Status = AppointmentStatus.Booked,
                CreatedAt = DateTimeOffset.UtcNow, DayClosedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync("/Services/Appointments");
        await Assertions.Expect(page.GetByTestId("closed-day-bookings")).ToContainTextAsync("请联系群众改约");
        await page.GetByTestId("closed-day-bookings").GetByRole(AriaRole.Link).First.ClickAsync();
        var row = page.Locator("tr", new() { Has = page.GetByText(code) });
        await Assertions.Expect(row.GetByTestId("day-closed")).ToHaveTextAsync("该日已调整为休息日，请联系群众改约");
        Assert.Equal(0, await row.GetByRole(AriaRole.Button, new() { Name = "到场，开始接待" }).CountAsync());
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, $"services-appointments-closed-day-{width}");
        await row.GetByRole(AriaRole.Button, new() { Name = "取消预约" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已取消该预约，名额已释放")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(code)).ToHaveCountAsync(0);
    }
}

/// <summary>The resident looking up a booking whose day a calendar change closed is told the hall is closed that day.</summary>
public sealed class ClosedDayBookingLookupTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task The_resident_is_told_the_day_is_closed_and_may_cancel(int width)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(4);
        var code = $"CL{width:000000}";
        await using (var scope = session.App.SystemScope(out var db))
        {
            var protector = scope.ServiceProvider.GetRequiredService<Tongban.Web.Infrastructure.SensitiveDataProtector>();
            var community = await db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).FirstAsync();
            var item = await db.ServiceItems().Where(i => i.Code == "senior-allowance").Select(i => i.Id).SingleAsync();
            db.Appointments().Add(new Appointment
            {
                Code = code, CommunityId = community.Id, AreaPath = community.AreaPath, ServiceItemId = item,
                StartsAt = AppointmentSlots.Utc(day, new TimeOnly(9, 0)), EndsAt = AppointmentSlots.Utc(day, new TimeOnly(9, 30)),
                ApplicantName = "周玉梅", PhoneCipher = protector.Encrypt("13912346621")!, PhoneMasked = "139****6621", Status = AppointmentStatus.Booked,
                CreatedAt = DateTimeOffset.UtcNow, DayClosedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await page.GotoAsync("/guide/booking");
        await page.Locator("#code").FillAsync(code);
        await page.Locator("#phone").FillAsync("13912346621");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("appointment-day-closed")).ToContainTextAsync("这一天服务窗口休息");
        await Assertions.Expect(page.GetByTestId("cancel-appointment")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, $"guide-booking-closed-day-{width}");
    }
}
