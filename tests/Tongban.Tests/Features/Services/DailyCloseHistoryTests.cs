using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// 日结 reads the days it counts, not the community's history: the first close after <c>TalliedOn</c> came in (every
/// older application without it) counted every application ever received after some close as received "after the last
/// close", and marked the whole history as counted in the close's request. Own database and clock.
/// </summary>
public sealed class DailyCloseHistoryTests(DailyCloseFactory app) : IClassFixture<DailyCloseFactory>
{
    private async Task<long> ReceiveAsync(DateOnly day, TimeOnly at, string channel = "Window")
    {
        app.AtLeast(day, at);
        var window = await app.ApiClientAsync("window1");
        var started = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync("volunteer-register"), applicantName = "王秀英", channel });
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return body.GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> CloseAsync(DateOnly day)
    {
        app.AtLeast(day, new TimeOnly(20, 30));
        var closed = await (await app.ApiClientAsync("window1")).PostAsJsonAsync("/api/v1/services/daily-closes", new { });
        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        return await closed.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<DateOnly?> TalliedOnAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        return await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.TalliedOn).SingleAsync();
    }

    [Fact]
    public async Task The_first_close_after_tallies_were_kept_counts_only_the_day_and_what_came_after_the_last_close()
    {
        var first = app.Today.AddDays(1);
        while (first.DayOfWeek is not DayOfWeek.Monday) first = first.AddDays(1);
        var (second, third) = (first.AddDays(1), first.AddDays(2));

        // Monday: one received and closed, then a home visit at 21:00. Tuesday: the same.
        var mondays = await ReceiveAsync(first, new TimeOnly(10, 0));
        await CloseAsync(first);
        var mondayLate = await ReceiveAsync(first, new TimeOnly(21, 0), "HomeVisit");
        var tuesdays = await ReceiveAsync(second, new TimeOnly(10, 0));
        await CloseAsync(second);
        var tuesdayLate = await ReceiveAsync(second, new TimeOnly(21, 0), "HomeVisit");
        // As the rows stood before the close kept what it counted: none of them says so.
        await using (app.SystemScope(out var db))
            await db.ServiceApplications().ExecuteUpdateAsync(u => u.SetProperty(a => a.TalliedOn, (DateOnly?)null));

        // Wednesday's close counts its own and Tuesday evening's; Monday evening's was left by Tuesday's close as the
        // rule then was, and is not brought into Wednesday's as if it had come after Tuesday's close.
        var wednesdays = await ReceiveAsync(third, new TimeOnly(10, 0));
        var close = await CloseAsync(third);
        Assert.Equal(2, close.GetProperty("received").GetInt32());
        var late = Assert.Single(close.GetProperty("lines").GetProperty("late").EnumerateArray());
        Assert.Equal(tuesdayLate, late.GetProperty("id").GetInt64());
        Assert.Equal(third, await TalliedOnAsync(wednesdays));
        Assert.Equal(third, await TalliedOnAsync(tuesdayLate));
        Assert.Equal(second, await TalliedOnAsync(tuesdays));
        // Older rows are not read, let alone written.
        Assert.Null(await TalliedOnAsync(mondays));
        Assert.Null(await TalliedOnAsync(mondayLate));
    }
}
