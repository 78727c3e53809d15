using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>Booking a slot of a day, and what the window and the outbox say about it, for the closed-day tests.</summary>
internal static class ClosedDayBooking
{
    public static async Task<int> CommunityOfAsync(ServicesFactory app, string userName)
    {
        await using var scope = app.SystemScope(out var db);
        var path = await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaPath).SingleAsync();
        return await db.Areas.Where(a => a.AreaPath == path && a.Level == AreaLevel.Community).Select(a => a.Id).SingleAsync();
    }

    /// <summary>Books the first slot the node offers on <paramref name="day"/>; returns the code.</summary>
    public static async Task<string> BookAsync(ServicesFactory app, int community, string day, string name)
    {
        var days = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/public/appointments/slots?communityId={community}&from={day}&days=1");
        var slot = days.EnumerateArray().Single(d => d.GetProperty("date").GetString() == day).GetProperty("slots").EnumerateArray()
            .First(s => s.GetProperty("free").GetInt32() > 0);
        var booked = await app.CreateClient().PostAsJsonAsync("/api/v1/public/appointments", new
        {
            communityId = community, itemCode = "disability-nursing-subsidy", startsAt = slot.GetProperty("startsAt").GetDateTimeOffset(), name, phone = "13800138000",
        });
        var body = await booked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(booked.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("code").GetString()!;
    }

    public static async Task<JsonElement> RowAsync(ServicesFactory app, string day, string code) =>
        (await (await app.As("window1")).GetFromJsonAsync<JsonElement>($"/api/v1/services/appointments?day={day}"))
            .EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

    public static async Task<List<string>> MessagesAsync(ServicesFactory app, string code)
    {
        await using var scope = app.SystemScope(out var db);
        return await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith($"appt:{code}:")).OrderBy(m => m.Id).Select(m => m.Template).ToListAsync();
    }

    public static object NewYear(string source, params string[] workdays) => new
    {
        source, holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } }, workdays,
    };
}

/// <summary>
/// Entering 2027 made Friday 1 January a holiday while a resident had booked it (before, 1 January 2027 counted as a
/// working day): until session 19 nobody was told, and the resident came to a closed hall. Sample dates; own database.
/// </summary>
public sealed class CalendarClosedDayAppointmentTests(LateDecemberFactory app) : IClassFixture<LateDecemberFactory>
{
    [Fact]
    public async Task A_booking_on_a_day_made_a_holiday_is_counted_flagged_texted_once_and_can_be_cancelled_by_the_window()
    {
        var community = await ClosedDayBooking.CommunityOfAsync(app, "window1");
        var closed = await ClosedDayBooking.BookAsync(app, community, "2027-01-01", "孙桂兰");
        var open = await ClosedDayBooking.BookAsync(app, community, "2027-01-04", "李建国");

        var admin = await app.ApiClientAsync("admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：2027年元旦安排（测试数据）"));
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(saved.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(1, body.GetProperty("appointmentsOnClosedDays").GetInt32());

        var row = await ClosedDayBooking.RowAsync(app, "2027-01-01", closed);
        Assert.True(row.GetProperty("dayClosed").GetBoolean());
        Assert.True(row.GetProperty("canCancel").GetBoolean());
        Assert.False((await ClosedDayBooking.RowAsync(app, "2027-01-04", open)).GetProperty("dayClosed").GetBoolean());
        Assert.Equal(["service-appointment-booked", ClosedDayAppointments.Template], await ClosedDayBooking.MessagesAsync(app, closed));
        Assert.Equal(["service-appointment-booked"], await ClosedDayBooking.MessagesAsync(app, open));
        var mine = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/public/appointments/{closed}?phone=13800138000");
        Assert.True(mine.GetProperty("dayClosed").GetBoolean());

        // A later correction that still closes the day counts it again but does not text the resident twice.
        var corrected = await admin.PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：更正", "2027-01-09"));
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(["service-appointment-booked", ClosedDayAppointments.Template], await ClosedDayBooking.MessagesAsync(app, closed));

        // The day before, no reminder tells the resident to come after all.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await app.Service<AppointmentReminderJob>().RunOnceAsync(default);
        Assert.Equal(["service-appointment-booked", ClosedDayAppointments.Template], await ClosedDayBooking.MessagesAsync(app, closed));

        // The window booked the resident another time and cancels this one: the seat is freed and the resident told.
        var id = row.GetProperty("id").GetInt64();
        var window = await app.ApiClientAsync("window1"); // signed in again: the clock moved on a week
        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsync($"/api/v1/services/appointments/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsync($"/api/v1/services/appointments/{id}/cancel", null)).StatusCode);
        await using (app.SystemScope(out var db))
            Assert.Equal(AppointmentStatus.Cancelled, await db.Appointments().Where(a => a.Code == closed).Select(a => a.Status).SingleAsync());
        Assert.Equal(["service-appointment-booked", ClosedDayAppointments.Template, "service-appointment-cancelled"],
            await ClosedDayBooking.MessagesAsync(app, closed));
    }
}

/// <summary>
/// A node that had not read 2027 yet still offered Friday 1 January's slots just after the save: the booking made there
/// is flagged and texted when the change settles, once however often it settles. Sample dates; own database.
/// </summary>
public sealed class CalendarClosedDaySettlingTests(LateDecemberFactory app) : IClassFixture<LateDecemberFactory>
{
    [Fact]
    public async Task A_booking_taken_on_a_node_still_on_the_old_calendar_is_flagged_and_texted_once_when_the_change_settles()
    {
        var community = await ClosedDayBooking.CommunityOfAsync(app, "window1");
        var node = new LaggingNode(app);
        var saved = await (await app.ApiClientAsync("admin")).PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：2027年元旦安排（测试数据）"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        node.FallBehind();
        var code = await ClosedDayBooking.BookAsync(app, community, "2027-01-01", "孙桂兰");
        Assert.False((await ClosedDayBooking.RowAsync(app, "2027-01-01", code)).GetProperty("dayClosed").GetBoolean());

        await node.CatchUpAndSettleAsync();
        await node.CatchUpAndSettleAsync();

        Assert.True((await ClosedDayBooking.RowAsync(app, "2027-01-01", code)).GetProperty("dayClosed").GetBoolean());
        Assert.Equal(["service-appointment-booked", ClosedDayAppointments.Template], await ClosedDayBooking.MessagesAsync(app, code));
    }
}
