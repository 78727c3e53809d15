using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>The services district in late December 2026, before 2027's holidays were entered; own database, as the test enters 2027.</summary>
public sealed class LateDecemberFactory : LateDecemberFactoryBase;

public abstract class LateDecemberFactoryBase : ServicesFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// Entering a year's holidays corrects the promised dates already given across it, as it does the appeals' limits: an
/// application accepted on 29 December 2026 with a 15-working-day limit, while 2027 was not yet entered, had 1 January
/// counted as a working day. The 2027 dates are sample dates, not the official arrangement.
/// </summary>
public sealed class CalendarPromiseTests(LateDecemberFactory app) : IClassFixture<LateDecemberFactory>
{
    private const string Item = "senior-allowance"; // 15 working days; one minor material may follow within 5 working days (容缺)

    private async Task<(long Id, int[] Materials)> StartAsync(HttpClient window)
    {
        var response = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync(Item), applicantName = "王秀英", channel = "Window" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetInt64(), [.. body.GetProperty("checklist").EnumerateArray().Select(m => m.GetProperty("id").GetInt32())]);
    }

    private static async Task DecideAsync(HttpClient window, long id, string outcome, int[] received)
    {
        var decided = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/decision", new { outcome, receivedMaterialIds = received });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
    }

    private async Task<(DateOnly? Promised, DateOnly? ToleranceDue, List<string> Lines)> DatesAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var a = await db.ServiceApplications().AsNoTracking().SingleAsync(a => a.Id == id);
        var lines = await db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.ApplicationId == id && e.Kind == "recalculate")
            .OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
        return (a.PromisedOn, a.ToleranceDueOn, lines);
    }

    private static readonly DateOnly Jan19 = new(2027, 1, 19), Jan20 = new(2027, 1, 20);

    [Fact]
    public async Task Entering_2027_moves_the_open_applications_promised_dates_from_where_they_were_counted()
    {
        // Tuesday 22 December: received with the bank card missing; the limit will run from the day it is brought.
        var window = await app.ApiClientAsync("window1");
        var (awaited, materials) = await StartAsync(window);
        await DecideAsync(window, awaited, "AcceptedMissing", [.. materials.Where(m => m != materials[2])]);

        // Tuesday 29 December: the card is brought (counted from today, not from the 22nd), and three more are received.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 29, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        window = await app.ApiClientAsync("window1");
        Assert.Equal(HttpStatusCode.OK, (await window.PostAsJsonAsync($"/api/v1/services/applications/{awaited}/trips", new { receivedMaterialIds = new[] { materials[2] } })).StatusCode);
        var (accepted, all) = await StartAsync(window);
        await DecideAsync(window, accepted, "Accepted", all);
        // 容缺: the proxy's papers (minor) to follow within 5 working days.
        var (tolerated, some) = await StartAsync(window);
        await DecideAsync(window, tolerated, "AcceptedTolerated", some[..3]);
        // Finished: what it was promised stays on its record.
        var (finished, every) = await StartAsync(window);
        await DecideAsync(window, finished, "Accepted", every);
        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsJsonAsync($"/api/v1/services/applications/{finished}/complete", new { text = "已审定，次月发放" })).StatusCode);
        // Promised before the start was kept: the recount works it out from the record.
        var (older, its) = await StartAsync(window);
        await DecideAsync(window, older, "Accepted", its);
        await using (app.SystemScope(out var db))
            await db.ServiceApplications().Where(a => a.Id == older).ExecuteUpdateAsync(u => u.SetProperty(a => a.PromisedFrom, (DateOnly?)null));

        // 1 January 2027 counted as a working day: the fifteenth working day after 29 December is Tuesday 19 January.
        foreach (var id in new[] { awaited, accepted, tolerated, finished, older }) Assert.Equal(Jan19, (await DatesAsync(id)).Promised);
        Assert.Equal(new DateOnly(2027, 1, 5), (await DatesAsync(tolerated)).ToleranceDue);

        var admin = await app.ApiClientAsync("admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "示例：2027年部分节假日安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" }, new { name = "春节", from = "2027-02-06", to = "2027-02-13" } },
            workdays = Array.Empty<string>(),
        });
        var answer = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(4, answer.GetProperty("recalculatedApplications").GetInt32());

        // 1 January is a holiday now: one working day later, with the timeline saying what moved and why.
        foreach (var id in new[] { awaited, accepted, older })
        {
            var (promised, _, lines) = await DatesAsync(id);
            Assert.Equal(Jan20, promised);
            Assert.Equal("承诺办结日期由 2027-01-19 改为 2027-01-20，因为录入了2027年的节假日安排", Assert.Single(lines));
        }
        var (_, due, toleratedLines) = await DatesAsync(tolerated);
        Assert.Equal(new DateOnly(2027, 1, 6), due);
        Assert.Equal("承诺办结日期由 2027-01-19 改为 2027-01-20；容缺材料补交期限由 2027-01-05 改为 2027-01-06，因为录入了2027年的节假日安排",
            Assert.Single(toleratedLines));
        Assert.Equal((Jan19, (DateOnly?)null), ((await DatesAsync(finished)).Promised, (await DatesAsync(finished)).ToleranceDue));
        Assert.Empty((await DatesAsync(finished)).Lines);
        await using (app.SystemScope(out var db))
            Assert.Equal(new DateOnly(2026, 12, 29), await db.ServiceApplications().Where(a => a.Id == older).Select(a => a.PromisedFrom).SingleAsync());
        // The window's view of the application shows the new date.
        Assert.Equal("2027-01-20", (await window.GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{accepted}")).GetProperty("promisedOn").GetString());

        // A correction on the calendar page (元旦 entered by mistake) moves them back, and the page says how many.
        var page = await app.PageClientAsync("admin");
        const string settings = "/Appeals/Settings/Calendar";
        var corrected = await Forms.PostAsync(page, settings, "Save",
            ("Input.Year", "2027"), ("Input.HolidaysText", "春节 2027-02-06 至 2027-02-13"), ("Input.WorkdaysText", ""));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains("另有4件在办办件的承诺办结日期（或容缺补交期限、补正期限）随之调整", await page.GetStringAsync(settings));
        Assert.Equal(Jan19, (await DatesAsync(awaited)).Promised);
        Assert.Equal(new DateOnly(2027, 1, 5), (await DatesAsync(tolerated)).ToleranceDue);
        Assert.EndsWith("因为更正了2027年的节假日安排", (await DatesAsync(older)).Lines[^1]);
    }
}
