using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>Reminders reach every booking in the test (a window wider than the 14 days one can book ahead).</summary>
public sealed class AppointmentsFactory : ServicesFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [.. base.ExtraSettings, new("Services:ReminderHoursBefore", "480")];
}

/// <summary>Slots with evening and Saturday hours, booking, codes, reminders, the day list, and the last seat under concurrency.</summary>
public sealed class AppointmentTests(AppointmentsFactory app) : IClassFixture<AppointmentsFactory>
{
    private async Task<int> CommunityOfAsync(string userName)
    {
        await using var scope = app.SystemScope(out var db);
        var path = await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaPath).SingleAsync();
        return await db.Areas.Where(a => a.AreaPath == path && a.Level == AreaLevel.Community).Select(a => a.Id).SingleAsync();
    }

    /// <summary>
    /// The bookable slots of the next 14 days. Tests of this class share the database, so each picks a slot with a free
    /// seat: between 09:30 and 10:00 Beijing time, the first free slot that one test books is today's 10:00 slot.
    /// </summary>
    private async Task<List<JsonElement>> SlotsAsync(int community)
    {
        var days = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/public/appointments/slots?communityId={community}&days=14");
        return [.. days.EnumerateArray().SelectMany(d => d.GetProperty("slots").EnumerateArray())];
    }

    private static object Booking(int community, JsonElement slot, string item = "disability-nursing-subsidy", string name = "孙桂兰", string phone = "13800138000") =>
        new { communityId = community, itemCode = item, startsAt = slot.GetProperty("startsAt").GetDateTimeOffset(), name, phone };

    [Fact]
    public async Task Slots_include_evening_and_saturday_hours_and_an_evening_booking_gets_a_code_a_message_and_a_reminder()
    {
        var community = await CommunityOfAsync("window1");
        var slots = await SlotsAsync(community);
        Assert.Contains(slots, s => s.GetProperty("isExtended").GetBoolean() && s.GetProperty("time").GetString()!.StartsWith("18:00"));
        Assert.Contains(slots, s => s.GetProperty("isExtended").GetBoolean() && s.GetProperty("time").GetString()!.StartsWith("09:00"));
        var evening = slots.Last(s => s.GetProperty("isExtended").GetBoolean() && s.GetProperty("time").GetString()!.StartsWith("19:30"));

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/public/appointments", Booking(community, evening));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = booked.GetProperty("code").GetString()!;
        Assert.Equal(8, code.Length);
        Assert.True(booked.GetProperty("isExtended").GetBoolean());
        Assert.NotEmpty(booked.GetProperty("checklist").EnumerateArray());

        var reminders = await app.Service<AppointmentReminderJob>().RunOnceAsync(CancellationToken.None);
        Assert.True(reminders >= 1);
        Assert.Equal(0, await app.Service<AppointmentReminderJob>().RunOnceAsync(CancellationToken.None));
        await using (var scope = app.SystemScope(out var db))
        {
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == $"appt:{code}:booked"));
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == $"appt:{code}:remind" && m.RecipientMasked == "138****8000"));
        }

        var day = evening.GetProperty("day").GetString();
        var list = await (await app.As("window1")).GetFromJsonAsync<JsonElement>($"/api/v1/services/appointments?day={day}");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("code").GetString() == code && a.GetProperty("time").GetString() == "19:30-20:00");
        var elsewhere = await (await app.As("window2")).GetFromJsonAsync<JsonElement>($"/api/v1/services/appointments?day={day}");
        Assert.DoesNotContain(elsewhere.EnumerateArray(), a => a.GetProperty("code").GetString() == code);

        var found = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/public/appointments/{code}?phone=13800138000");
        Assert.Equal("重度残疾人护理补贴", found.GetProperty("itemName").GetString());
        Assert.True(found.GetProperty("canCancel").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/v1/public/appointments/{code}?phone=13900000000")).StatusCode);
    }

    [Fact]
    public async Task A_full_past_or_invented_slot_and_an_unpublished_item_are_refused_in_chinese()
    {
        var community = await CommunityOfAsync("window1");
        var slot = (await SlotsAsync(community)).First(s => s.GetProperty("time").GetString()!.StartsWith("10:00") && s.GetProperty("free").GetInt32() > 0);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: "周一"))).StatusCode);
        var full = await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: "周二"));
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("已约满", await full.Content.ReadAsStringAsync());

        var past = await client.PostAsJsonAsync("/api/v1/public/appointments",
            new { communityId = community, itemCode = "senior-allowance", startsAt = DateTimeOffset.UtcNow.AddHours(-2), name = "吴三", phone = "13800138001" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Contains("已经过去", await past.Content.ReadAsStringAsync());

        var odd = await client.PostAsJsonAsync("/api/v1/public/appointments",
            new { communityId = community, itemCode = "senior-allowance", startsAt = slot.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(7), name = "吴三", phone = "13800138001" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, odd.StatusCode);
        Assert.Contains("不是社区的开放预约时段", await odd.Content.ReadAsStringAsync());

        await using (var scope = app.SystemScope(out var db))
        {
            var item = new ServiceItem { Code = "appt-draft", CreatedAt = DateTimeOffset.UtcNow };
            item.Versions.Add(new ServiceItemVersion { Number = 1, Name = "未发布事项", Group = "其他", DecidingUnit = "社区", Eligibility = "无", Steps = "无" });
            db.ServiceItems().Add(item);
            await db.SaveChangesAsync();
        }
        var draft = await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, item: "appt-draft", name: "郑四"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, draft.StatusCode);
        Assert.Contains("尚未发布一次性告知清单", await draft.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Of_many_concurrent_bookings_of_the_last_seat_exactly_one_wins()
    {
        var community = await CommunityOfAsync("window3");
        var slot = (await SlotsAsync(community)).First(s => s.GetProperty("time").GetString()!.StartsWith("15:00") && s.GetProperty("free").GetInt32() > 0);
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var client = app.CreateClient();
            return await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: $"居民{i}", phone: $"1380013{i:0000}"));
        })).ToList();
        var responses = await Task.WhenAll(attempts);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var scope = app.SystemScope(out var db);
        var startsAt = slot.GetProperty("startsAt").GetDateTimeOffset().ToUniversalTime();
        Assert.Equal(1, await db.Appointments().CountAsync(a => a.CommunityId == community && a.StartsAt == startsAt && a.ActiveKey != null));
    }

    [Fact]
    public async Task Arrival_brings_the_booked_phone_into_the_intake_and_pressing_it_again_opens_the_same_intake()
    {
        var community = await CommunityOfAsync("window1");
        var slot = (await SlotsAsync(community)).First(s => s.GetProperty("free").GetInt32() > 0);
        var booked = await (await app.CreateClient().PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: "钱到场", phone: "13600136000")))
            .Content.ReadFromJsonAsync<JsonElement>();
        long id;
        int itemId;
        await using (var scope = app.SystemScope(out var db))
        {
            var code = booked.GetProperty("code").GetString();
            (id, itemId) = await db.Appointments().Where(a => a.Code == code).Select(a => new ValueTuple<long, int>(a.Id, a.ServiceItemId)).SingleAsync();
        }
        var client = await app.PageClientAsync("window1");
        var list = await client.GetStringAsync($"/Services/Appointments?day={slot.GetProperty("day").GetString()}");
        Task<HttpResponseMessage> Arrive() => client.PostAsync($"/Services/Appointments?handler=Arrived&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(list), ["itemId"] = itemId.ToString(), ["name"] = "钱到场",
        }));

        var first = await Arrive();
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var intakeUrl = first.Headers.Location!.ToString();
        var intake = await client.GetStringAsync(intakeUrl);
        Assert.Contains("136****6000", intake);
        var again = await Arrive(); // a double click: the same intake, not a 409 page
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(intakeUrl, again.Headers.Location!.ToString());

        var started = await client.PostAsync("/Services", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(intake), ["Input.ServiceItemId"] = itemId.ToString(), ["Input.ApplicantName"] = "钱到场",
            ["Input.ApplicantPhone"] = "", ["Input.Channel"] = "Appointment", ["Input.AppointmentId"] = id.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var applicationUrl = started.Headers.Location!.ToString();
        Assert.Contains("136****6000", await client.GetStringAsync(applicationUrl));
        await using (var scope = app.SystemScope(out var db))
            Assert.False(string.IsNullOrEmpty(await db.ServiceApplications().Where(a => a.AppointmentId == id).Select(a => a.ApplicantPhoneCipher).SingleAsync()));

        var later = await Arrive(); // once received, arrival opens the application itself
        Assert.Equal(applicationUrl, later.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_application_can_only_start_from_a_live_appointment_of_its_own_community_and_only_once()
    {
        var own = await CommunityOfAsync("window3");
        var other = await CommunityOfAsync("window4");
        var client = app.CreateClient();
        async Task<(long Id, int ItemId)> BookAsync(int community, string phone)
        {
            var slot = (await SlotsAsync(community)).Last(s => s.GetProperty("free").GetInt32() > 0);
            var response = await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: "周预约", phone: phone));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
            await using var scope = app.SystemScope(out var db);
            return await db.Appointments().Where(a => a.Code == code).Select(a => new ValueTuple<long, int>(a.Id, a.ServiceItemId)).SingleAsync();
        }
        var elsewhere = await BookAsync(other, "13500135001");
        var cancelled = await BookAsync(own, "13500135002");
        await using (var scope = app.SystemScope(out var db))
        {
            var row = await db.Appointments().SingleAsync(a => a.Id == cancelled.Id);
            row.Status = AppointmentStatus.Cancelled;
            row.ActiveKey = null;
            await db.SaveChangesAsync();
        }
        var live = await BookAsync(own, "13500135003");

        var window = await app.ApiClientAsync("window3");
        async Task<HttpResponseMessage> StartAsync((long Id, int ItemId) appointment) =>
            await window.PostAsJsonAsync("/api/v1/services/applications", new
            {
                serviceItemId = appointment.ItemId, applicantName = "周预约", channel = "Appointment", appointmentId = appointment.Id,
            });
        async Task<int> ApplicationsAsync()
        {
            await using var scope = app.SystemScope(out var db);
            return await db.ServiceApplications().CountAsync(a => a.ApplicantName == "周预约");
        }

        var refused = await StartAsync(elsewhere); // another community's booking: its phone must not come along
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("预约", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("appointmentId")[0].GetString());
        var gone = await StartAsync(cancelled);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, gone.StatusCode);
        Assert.Contains("已取消", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("appointmentId")[0].GetString());
        Assert.Equal(0, await ApplicationsAsync());

        Assert.Equal(HttpStatusCode.Created, (await StartAsync(live)).StatusCode);
        var twice = await StartAsync(live);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("已开始办件", (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(1, await ApplicationsAsync());
    }

    [Fact]
    public async Task Cancelling_frees_the_seat_for_someone_else()
    {
        var community = await CommunityOfAsync("window2");
        var slot = (await SlotsAsync(community)).First(s => s.GetProperty("time").GetString()!.StartsWith("14:00") && s.GetProperty("free").GetInt32() > 0);
        var client = app.CreateClient();
        var first = await (await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, phone: "13700137000"))).Content.ReadFromJsonAsync<JsonElement>();
        var code = first.GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/public/appointments/{code}/cancel?phone=13700137000", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/public/appointments", Booking(community, slot, name: "后来者", phone: "13700137001"))).StatusCode);
    }
}
