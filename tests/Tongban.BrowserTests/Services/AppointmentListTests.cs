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
