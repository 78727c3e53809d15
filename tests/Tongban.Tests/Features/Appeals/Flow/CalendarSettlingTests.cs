using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>The appeals factory with a settling time long enough that the test runs inside it (production: 40 s).</summary>
public sealed class SettlingNodesFactory : AppealsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [.. base.ExtraSettings, new("Appeals:CalendarSettleSeconds", "90")];
}

/// <summary>
/// Until every node has taken up a calendar change, a second change would be counted from the wrong calendar for the
/// limits counted meanwhile, so it is refused with the time it can be made. Sample dates, not the official arrangement.
/// </summary>
public sealed class CalendarSettlingTests(SettlingNodesFactory app) : IClassFixture<SettlingNodesFactory>
{
    [Fact]
    public async Task A_second_calendar_change_before_the_first_has_settled_is_refused_and_nothing_of_it_is_saved()
    {
        var admin = await app.As("admin");
        var first = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new { holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var second = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new { holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-01" } } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var detail = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("2027年安排刚改动过，各服务器要到", detail);
        Assert.Contains("才都用上新安排", detail);

        // The calendar page says so before anyone tries.
        var page = await app.PageClientAsync("admin");
        Assert.Contains("刚保存的改动要到", await page.GetStringAsync("/Appeals/Settings/Calendar"));

        var year = await (await admin.GetAsync("/api/v1/calendar/2027")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, year.GetProperty("holidays")[0].GetProperty("days").GetInt32());
    }
}
