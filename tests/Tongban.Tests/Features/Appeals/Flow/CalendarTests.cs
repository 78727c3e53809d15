using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Calendar;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// 工作日历 kept by the administrator: a year entered through the API or the page applies to the calendar at once and
/// is kept in the database. The 2027 and 2028 dates are sample dates, not the official arrangements.
/// </summary>
public sealed class CalendarTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static object Sample2027(params string[] workdays) => new
    {
        source = "示例：2027年部分节假日安排（测试数据）",
        holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" }, new { name = "春节", from = "2027-02-06", to = "2027-02-13" } },
        workdays,
    };

    [Fact]
    public async Task A_year_entered_through_the_api_applies_at_once_and_can_be_dropped_again()
    {
        var admin = await app.As("admin");
        var monday = await admin.PutAsJsonAsync("/api/v1/calendar/2027", Sample2027("2027-02-15"));
        Assert.Contains("调休上班日2027-02-15是周一，应为周六或周日", await ProblemAssert.IsAsync(monday, HttpStatusCode.UnprocessableEntity));
        var backwards = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new { holidays = new[] { new { name = "春节", from = "2027-02-13", to = "2027-02-06" } } });
        Assert.Contains("结束日期不能早于开始日期", await ProblemAssert.IsAsync(backwards, HttpStatusCode.UnprocessableEntity));
        var empty = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new { holidays = Array.Empty<object>() });
        Assert.Contains("请至少填写一个节假日", await ProblemAssert.IsAsync(empty, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("window1")).PutAsJsonAsync("/api/v1/calendar/2027", Sample2027())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/calendar")).StatusCode);
        var calendar = app.Service<WorkingCalendar>();
        Assert.True(calendar.IsWorkingDay(D("2027-02-08")));

        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027", Sample2027("2027-02-20"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("entered").GetBoolean());
        Assert.Equal("admin", view.GetProperty("updatedBy").GetString());
        Assert.Equal(8, view.GetProperty("holidays")[1].GetProperty("days").GetInt32());
        Assert.False(calendar.IsWorkingDay(D("2027-02-08")));
        Assert.True(calendar.IsWorkingDay(D("2027-02-20")));
        var years = await (await app.As("grid1")).GetFromJsonAsync<JsonElement>("/api/v1/calendar");
        var entered = years.EnumerateArray().ToDictionary(y => y.GetProperty("year").GetInt32(), y => y.GetProperty("entered").GetBoolean());
        Assert.False(entered[2025]);
        Assert.False(entered[2026]);
        Assert.True(entered[2027]);

        // Kept in the database: what another node (or this one after a restart) applies.
        var restarted = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));
        await using (var scope = app.SystemScope(out var db))
            await CalendarRefresh.ApplyAsync(db, restarted, CancellationToken.None);
        Assert.False(restarted.IsWorkingDay(D("2027-02-08")));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/calendar/2027")).StatusCode);
        Assert.True(calendar.IsWorkingDay(D("2027-02-08")));
        Assert.Contains("随程序提供的年份不能删除", await ProblemAssert.IsAsync(await admin.DeleteAsync("/api/v1/calendar/2026"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task The_page_asks_for_the_missing_year_and_takes_the_notice_as_text()
    {
        var admin = await app.PageClientAsync("admin");
        const string page = "/Appeals/Settings/Calendar";
        var html = await admin.GetStringAsync(page);
        var today = app.Service<TimeProvider>().Today();
        if (app.Service<WorkingCalendar>().YearToEnter(today) is { } missing)
        {
            Assert.Contains($"{missing}年的法定节假日安排还没有录入", html);
            // The administrator's workbench says so too; a window clerk's does not (it is not theirs to enter).
            Assert.Contains($"{missing}年的法定节假日安排还没有录入", await admin.GetStringAsync("/"));
            Assert.DoesNotContain("法定节假日安排还没有录入", await (await app.PageClientAsync("window1")).GetStringAsync("/"));
        }
        Assert.Contains("随程序提供", html);

        var token = Forms.AntiforgeryToken(html);
        var bad = await admin.PostAsync($"{page}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = "2028", ["Input.HolidaysText"] = "元旦 2028-01-01\n春节 正月初一起", ["Input.WorkdaysText"] = "", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("第2行", html);
        Assert.Contains("春节 正月初一起", html); // what was typed stays in the box

        var saved = await admin.PostAsync($"{page}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = "2028", ["Input.HolidaysText"] = "元旦 2028-01-01\n春节 2028-01-25 至 2028-02-01", ["Input.WorkdaysText"] = "2028-01-22",
            ["Input.Source"] = "示例通知（测试数据）", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        html = await admin.GetStringAsync(page);
        Assert.Contains("已保存2028年的节假日安排：2个节假日共9天，调休上班1天", html);
        Assert.Contains("1月25日—2月1日（8天）", html);
        Assert.False(app.Service<WorkingCalendar>().IsWorkingDay(D("2028-01-27")));
        Assert.Contains("春节 2028-01-25 至 2028-02-01", await admin.GetStringAsync($"{page}?year=2028"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.PageClientAsync("secretary1")).GetAsync(page)).StatusCode);
    }
}
