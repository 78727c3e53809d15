using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// A day nobody closed is not lost: while it may be made up the close page names it (in Chinese, whatever the
/// browser's locale), and once it is past <see cref="CloseDay.MaxDaysBack"/> days its applications are counted by the
/// community's next close, listed apart. Until session 17 such a day's applications were counted by no close. Own
/// database and clock.
/// </summary>
public sealed class DailyCloseUnclosedDayTests(DailyCloseFactory app) : IClassFixture<DailyCloseFactory>
{
    private async Task<string> ReceiveAsync(DateOnly day)
    {
        app.AtLeast(day, new TimeOnly(10, 0));
        var window = await app.ApiClientAsync("window3");
        var started = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync("volunteer-register"), applicantName = "王秀英", channel = "Window" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    private async Task<JsonElement> CloseTodayAsync()
    {
        app.AfterHours();
        var closed = await (await app.ApiClientAsync("window3")).PostAsJsonAsync("/api/v1/services/daily-closes", new { });
        var body = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(closed.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    [Fact]
    public async Task A_day_never_closed_is_named_on_the_close_page_and_past_the_limit_counted_by_the_next_close()
    {
        var forgotten = app.Today.AddDays(1);
        while (forgotten.DayOfWeek is not DayOfWeek.Monday) forgotten = forgotten.AddDays(1);
        var number = await ReceiveAsync(forgotten);
        // The next day is closed, the forgotten Monday is not.
        await ReceiveAsync(forgotten.AddDays(1));
        Assert.Equal(1, (await CloseTodayAsync()).GetProperty("received").GetInt32());

        // A week later the close page names the Monday, in Chinese, and offers it in its list of days.
        app.AtLeast(forgotten.AddDays(7), new TimeOnly(9, 0));
        var page = await (await app.PageClientAsync("window3")).GetStringAsync("/Services/Close");
        Assert.Contains($"{forgotten.Year}年{forgotten.Month}月{forgotten.Day}日 周一（1件）", page);
        Assert.Contains($"<option value=\"{forgotten:yyyy-MM-dd}\">", page);
        Assert.DoesNotContain("type=\"date\"", page);

        // Past the limit it can no longer be made up; the next close counts its application, apart, and only once.
        app.AtLeast(forgotten.AddDays(CloseDay.MaxDaysBack + 2), new TimeOnly(9, 0));
        var close = await CloseTodayAsync();
        // Only it: the demo's sample mobile-desk applications of those weeks stand as counted by their (imagined) closes.
        var unclosed = Assert.Single(close.GetProperty("lines").GetProperty("unclosed").EnumerateArray());
        Assert.Equal(number, unclosed.GetProperty("number").GetString());
        Assert.Equal(1, close.GetProperty("received").GetInt32());
        app.AtLeast(app.Today.AddDays(1), new TimeOnly(9, 0));
        var again = (await CloseTodayAsync()).GetProperty("lines");
        Assert.DoesNotContain(number, again.GetProperty("unclosed").ToString() + again.GetProperty("late"));

        // Every application of the community from before the last day a close may still be made up is counted, each by
        // exactly one close.
        await using var scope = app.SystemScope(out var db);
        var community = await db.Users.Where(u => u.UserName == "window3").Select(u => u.AreaPath).SingleAsync();
        var limit = new DateTimeOffset(app.Today.AddDays(-CloseDay.MaxDaysBack).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        Assert.False(await db.ServiceApplications().AnyAsync(a => a.AreaPath.StartsWith(community) && a.TalliedOn == null && a.ReceivedAt < limit));
        // (The demo's sample applications stand as counted by closes it did not write: the test's own are compared.)
        var since = new DateTimeOffset(forgotten.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        Assert.Equal(await db.ServiceApplications().CountAsync(a => a.AreaPath.StartsWith(community) && a.TalliedOn != null && a.ReceivedAt >= since),
            await db.DailyCloses().Where(c => c.AreaPath.StartsWith(community)).SumAsync(c => c.Received));
        var closePage = await (await app.PageClientAsync("window3")).GetStringAsync("/Services/Close");
        Assert.Contains("未日结日子的办件", closePage);
    }
}

/// <summary>
/// A day that passed the limit before the closes swept (session 17) is not lost: until session 18 each close swept only
/// the days that passed the limit in the month before the previous close, taking that close to have swept the ones
/// before, which a close made before the sweep existed had not. Own database and clock.
/// </summary>
public sealed class DailyCloseLegacySweepTests(DailyCloseFactory app) : IClassFixture<DailyCloseFactory>
{
    [Fact]
    public async Task A_day_past_the_limit_before_a_close_that_did_not_sweep_is_counted_by_the_next_close_once()
    {
        var forgotten = app.Today.AddDays(1);
        app.AtLeast(forgotten, new TimeOnly(10, 0));
        var window = await app.ApiClientAsync("window3");
        var started = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync("volunteer-register"), applicantName = "王秀英", channel = "Window" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A close made 35 days on by the code of before session 17, which swept nothing (and left no word of how far it
        // swept); the forgotten day was past the limit by then.
        var legacy = forgotten.AddDays(CloseDay.MaxDaysBack + 4);
        await using (var scope = app.SystemScope(out var db))
        {
            var path = await db.Users.Where(u => u.UserName == "window3").Select(u => u.AreaPath).SingleAsync();
            var community = await db.Areas.Where(a => a.AreaPath == path).Select(a => new { a.Id, a.AreaPath }).SingleAsync();
            db.DailyCloses().Add(new DailyClose
            {
                CommunityId = community.Id, AreaPath = community.AreaPath, Day = legacy, ClosedBy = "旧版日结",
                ClosedAt = new DateTimeOffset(legacy.ToDateTime(new TimeOnly(20, 30)), TimeSpan.FromHours(8)).ToUniversalTime(),
                LinesJson = """{"ByItemAndOutcome":[],"Open":[]}""",
            });
            await db.SaveChangesAsync();
        }

        app.AtLeast(legacy.AddDays(1), new TimeOnly(20, 30));
        window = await app.ApiClientAsync("window3");
        var closed = await window.PostAsJsonAsync("/api/v1/services/daily-closes", new { });
        var body = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(closed.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Contains(body.GetProperty("lines").GetProperty("unclosed").EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);

        // The next close does not count it again, nor read that history again: it sweeps from where this one stopped.
        app.AtLeast(legacy.AddDays(2), new TimeOnly(20, 30));
        window = await app.ApiClientAsync("window3");
        var next = await (await window.PostAsJsonAsync("/api/v1/services/daily-closes", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(next.GetProperty("lines").GetProperty("unclosed").EnumerateArray());
        await using (var scope = app.SystemScope(out var db))
        {
            Assert.Equal(legacy.AddDays(1), await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.TalliedOn).SingleAsync());
            Assert.Equal(legacy.AddDays(2).AddDays(-CloseDay.MaxDaysBack),
                await db.DailyCloses().Where(c => c.Day == legacy.AddDays(2)).Select(c => c.SweptBefore).SingleAsync());
        }
    }
}
