using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Appeals.Flow;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Public;

/// <summary>办理公开 (/results and /api/v1/public/results): the figures staff see on 三率, per community, for anyone, and nothing more.</summary>
public sealed class PublicResultsTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private const string Secret = "楼下烧烤店油烟直冲六楼窗户";

    [Fact]
    public async Task Residents_see_each_communitys_counts_and_rates_as_staff_count_them_and_no_text()
    {
        // A satisfied one, an unsatisfied one (both followed up and closed), one still open whose text must not leak.
        var satisfied = await app.InStateAsync(AppealState.Resolved);
        await app.OkAsync("window1", satisfied, "follow-up", new { resolved = true, satisfied = true });
        await app.OkAsync("window1", satisfied, "close");
        await app.InStateAsync(AppealState.Closed);
        await app.SubmitAsync(description: Secret);

        var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/api/v1/public/results?period=30");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("烧烤", text);
        Assert.DoesNotContain("王先生", text);
        var results = JsonDocument.Parse(text).RootElement;
        var from = results.GetProperty("from").GetString();
        var to = results.GetProperty("to").GetString();

        var staff = await (await app.As("admin")).GetFromJsonAsync<JsonElement>($"/api/v1/appeals/rates?by=community&from={from}&to={to}");
        var communities = results.GetProperty("streets").EnumerateArray().SelectMany(s => s.GetProperty("communities").EnumerateArray()).ToList();
        var units = staff.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("unit").GetString() != "未关联社区").ToList();
        Assert.NotEmpty(units);
        foreach (var unit in units)
        {
            var shown = communities.Single(c => c.GetProperty("name").GetString() == unit.GetProperty("unit").GetString());
            Assert.Equal(unit.GetProperty("total").GetInt32(), shown.GetProperty("received").GetInt32());
            foreach (var rate in new[] { "responseRate", "resolutionRate", "satisfactionRate", "score" })
                Assert.Equal(unit.GetProperty(rate).ToString(), shown.GetProperty(rate).ToString());
        }
        Assert.Equal(staff.GetProperty("overall").GetProperty("total").GetInt32(), results.GetProperty("overall").GetProperty("received").GetInt32());

        await using (var scope = app.SystemScope(out var db))
        {
            // Every community of the district is listed, those with nothing to show too; closed is what closed.
            Assert.Equal(await db.Areas.CountAsync(a => a.Level == AreaLevel.Community), communities.Count);
            var binhe = await db.Areas.Where(a => a.Name == "滨河社区").Select(a => a.Id).SingleAsync();
            var since = new DateTimeOffset(DateOnly.Parse(from!).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
            var closedThere = await db.Appeals.CountAsync(a => a.CommunityId == binhe && a.SubmittedAt >= since && a.ClosedAtTier != null && a.State != AppealState.Merged);
            Assert.True(closedThere >= 2);
            Assert.Equal(closedThere, communities.Single(c => c.GetProperty("name").GetString() == "滨河社区").GetProperty("closed").GetInt32());
        }
        var binheRates = communities.Single(c => c.GetProperty("name").GetString() == "滨河社区");
        Assert.True(binheRates.GetProperty("satisfactionRate").GetDouble() is > 0 and < 1);

        // Figures are computed once per period for ten minutes: a new appeal does not make anonymous callers regroup the city.
        await app.SubmitAsync();
        var again = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/public/results?period=30");
        Assert.Equal(results.GetProperty("computedAt").GetString(), again.GetProperty("computedAt").GetString());
        Assert.Equal(results.GetProperty("overall").GetProperty("received").GetInt32(), again.GetProperty("overall").GetProperty("received").GetInt32());
    }

    [Fact]
    public async Task An_unknown_period_is_a_chinese_problem_and_the_page_still_shows_the_default()
    {
        var anonymous = app.CreateClient();
        var problem = await anonymous.GetAsync("/api/v1/public/results?period=week");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Contains("统计期间只能是", (await problem.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var page = await anonymous.GetAsync("/results?period=week");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("统计期间只能是", html);
        Assert.Contains("近90天", html);
        Assert.Contains("滨河社区", html);
    }

    [Fact]
    public async Task The_page_is_public_in_chinese_and_linked_from_the_resident_pages()
    {
        var anonymous = app.CreateClient();
        var page = await anonymous.GetAsync("/results?period=year");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("utf-8", page.Content.Headers.ContentType?.CharSet);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("诉求办理公开", html);
        Assert.Contains("本年度", html);
        Assert.Contains("响应率", html);
        Assert.Contains("西苑街道", html);
        Assert.Contains("href=\"/results\"", await anonymous.GetStringAsync("/track"));
    }
}
