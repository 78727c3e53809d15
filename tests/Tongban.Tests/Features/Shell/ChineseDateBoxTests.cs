using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Shell;

/// <summary>
/// Staff date boxes outside the window pages were the browser's date pickers, drawn in the browser's locale
/// (mm/dd/yyyy in an English browser). They are now text boxes (partial _DateBox) that take 2026-11-25 or
/// 2026年11月25日, post the same fields, show the day as 2026-11-25 and refuse anything else in Chinese beside the box.
/// </summary>
public sealed class ChineseDateBoxTests(TongbanFactory app) : IClassFixture<TongbanFactory>
{
    [Theory]
    [InlineData("2026-11-25", 2026, 11, 25)]
    [InlineData("2026/11/5", 2026, 11, 5)]
    [InlineData("2026.1.5", 2026, 1, 5)]
    [InlineData("2026年11月25日", 2026, 11, 25)]
    [InlineData(" 2026 年 11 月 25 日 周三 ", 2026, 11, 25)]
    [InlineData("２０２６年１１月２５日", 2026, 11, 25)]
    public void A_day_is_read_as_staff_type_it(string typed, int y, int m, int d)
    {
        Assert.True(ChineseDates.TryParseDay(typed, out var day));
        Assert.Equal(new DateOnly(y, m, d), day);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026年13月1日")]
    [InlineData("11/25/2026")]
    [InlineData("25.11.2026")]
    [InlineData("明天")]
    [InlineData("2026-11-25 14:30")]
    [InlineData("")]
    public void What_is_no_day_is_refused(string typed) => Assert.False(ChineseDates.TryParseDay(typed, out _));

    [Theory]
    [InlineData("2026-11-25 14:30", 14, 30)]
    [InlineData("2026-11-25T09:05", 9, 5)]
    [InlineData("2026年11月25日 14点30分", 14, 30)]
    [InlineData("2026年11月25日下午", -1, 0)]
    [InlineData("2026-11-25 24:00", -1, 0)]
    [InlineData("2026-11-25", -1, 0)]
    public void A_date_and_time_is_read_with_its_hour_and_minute(string typed, int hour, int minute)
    {
        Assert.Equal(hour >= 0, ChineseDates.TryParseMinute(typed, out var at));
        if (hour >= 0) Assert.Equal(new DateTime(2026, 11, 25, hour, minute, 0), at);
    }

    [Theory]
    [InlineData("/Appeals?queue=all", "from", "to")]
    [InlineData("/Appeals/Rates", "from", "to")]
    [InlineData("/Disputes/Figures", "from", "to")]
    [InlineData("/Accounts/Audit", "From", "To")]
    [InlineData("/Outreach/Coverage", "from", "to")]
    public async Task A_filter_takes_a_chinese_date_and_refuses_a_wrong_one_in_chinese_beside_its_box(string page, string from, string to)
    {
        var client = await app.PageClientAsync("admin");
        var blank = await client.GetStringAsync(page);
        Assert.DoesNotContain("type=\"date\"", blank);
        Assert.Contains($"name=\"{from}\"", blank);
        Assert.Contains("placeholder=\"如 2026-11-25\"", blank);

        var address = $"{page}{(page.Contains('?') ? "&" : "?")}{from}={Uri.EscapeDataString("2026年11月1日")}&{to}={Uri.EscapeDataString("11/25/2026")}";
        var response = await client.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"name=\"{from}\" value=\"2026-11-01\"", html);
        Assert.Matches($"name=\"{to}\" value=\"11/25/2026\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("“11/25/2026”不是有效的日期，请按 2026-11-25 或 2026年11月25日 的格式填写", html);
        Assert.DoesNotContain("is not valid", html);
    }

    [Fact]
    public async Task The_appeal_queue_shows_a_refused_date_whether_the_page_or_only_its_results_are_redrawn()
    {
        // The box sits in 更多筛选, closed when no filter was read, so its refusal was hidden; the filter form (htmx)
        // redraws only the results, which say which filter could not be read.
        var client = await app.PageClientAsync("admin");
        var page = await client.GetStringAsync("/Appeals?queue=all&to=2026-11");
        Assert.Contains("<details class=\"more-filters\" open=\"open\">", page);
        Assert.Contains("“2026-11”不是有效的日期", page);
        var request = new HttpRequestMessage(HttpMethod.Get, "/Appeals?queue=all&to=2026-11");
        request.Headers.Add("HX-Request", "true");
        var results = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.StartsWith("<section id=\"results\"", results.TrimStart());
        Assert.Contains("筛选条件无法识别：提交日期到“2026-11”，请重新选择或填写（日期如 2026-11-25 或 2026年11月25日）。", results);
    }

    [Fact]
    public async Task A_desk_plan_with_a_start_date_that_is_no_date_comes_back_with_it_and_plans_nothing()
    {
        var page = await app.PageClientAsync("secretary1");
        var html = await page.GetStringAsync("/Outreach/Desk");
        Assert.DoesNotContain("type=\"date\"", html);
        var posted = await page.PostAsync("/Outreach/Desk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["Input.Name"] = "日期写错的轮次", ["Input.StartDate"] = "2026年13月1日",
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var body = await posted.Content.ReadAsStringAsync();
        Assert.Contains("“2026年13月1日”不是有效的日期", body);
        Assert.Contains("name=\"Input.StartDate\" value=\"2026年13月1日\"", body);
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.DeskPlans.AnyAsync(p => p.Name == "日期写错的轮次"));
    }
}
