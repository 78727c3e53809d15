using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>Late December 2026 with a calendar save allowed to recount only two applications itself; own database.</summary>
public sealed class SmallRecountFactory : LateDecemberFactoryBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [.. base.ExtraSettings, new("Services:CalendarRecountInline", "2")];
}

/// <summary>
/// A calendar change touching more open applications than its save may recount leaves them whole to
/// <see cref="PromiseRecountJob"/>, which counts them afterwards in chunks, each saved on its own. Until session 17 the
/// save recounted every open application of the city inline, read with no index (30,000 open ones: 21 s on SQLite).
/// </summary>
public sealed class CalendarPromiseBoundTests(SmallRecountFactory app) : IClassFixture<SmallRecountFactory>
{
    [Fact]
    public async Task More_applications_than_the_save_may_recount_are_counted_by_the_job_after_it_once()
    {
        var window = await app.ApiClientAsync("window1");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var started = await window.PostAsJsonAsync("/api/v1/services/applications",
                new { serviceItemId = await app.ItemIdAsync("senior-allowance"), applicantName = "王秀英", channel = "Window" });
            var body = await started.Content.ReadFromJsonAsync<JsonElement>();
            var id = body.GetProperty("id").GetInt64();
            var all = body.GetProperty("checklist").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()).ToArray();
            Assert.Equal(HttpStatusCode.OK, (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/decision", new { outcome = "Accepted", receivedMaterialIds = all })).StatusCode);
            ids.Add(id);
        }
        var job = app.Service<PromiseRecountJob>();
        await job.RecountAsync(default); // the calendar as it stands: nothing to move

        var saved = await (await app.ApiClientAsync("admin")).PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "示例：2027年部分节假日安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } },
            workdays = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        // The answer says what was done in the save and what finishes later: the three are left to the job, and the
        // change settles (dates counted on the old calendar meanwhile counted again) once every server has it.
        var answer = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, answer.GetProperty("recalculatedApplications").GetInt32());
        Assert.Equal(3, answer.GetProperty("applicationsToRecalculate").GetInt32());
        Assert.Equal(app.Clock.GetUtcNow(), answer.GetProperty("settlesAt").GetDateTimeOffset()); // this factory's nodes take a change up at once
        // The calendar page says the same.
        Assert.Contains("另有3件在办办件的承诺办结日期跨过改动的日期，件数较多，正在后台按新安排重新计算",
            Tongban.Web.Features.Appeals.Staff.Settings.CalendarModel.Recalculated(new(0, 0, 0, 0, answer.GetProperty("applicationsToRecalculate").GetInt32())));

        Assert.Equal(3, await job.RecountAsync(default));
        Assert.Equal(0, await job.RecountAsync(default));
        await using var scope = app.SystemScope(out var db);
        foreach (var id in ids)
        {
            Assert.Equal(new DateOnly(2027, 1, 13), await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.PromisedOn).SingleAsync());
            var line = await db.Set<ApplicationEvent>().Where(e => e.ApplicationId == id && e.Kind == "recalculate").Select(e => e.Text).SingleAsync();
            Assert.StartsWith("承诺办结日期由 2027-01-12 改为 2027-01-13，因为工作日历有变动（2027年的节假日安排于", line);
        }
    }
}
