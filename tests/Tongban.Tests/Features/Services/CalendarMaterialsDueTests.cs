using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// 补正期限 (20 working days from the notice of what is missing) follows a calendar change as the 容缺 due date does:
/// told on Tuesday 22 December 2026 with 1 January 2027 still counted as a working day, it ran to 19 January; entering
/// 2027 (元旦 1-3 January) makes it 20 January. Until session 19 it stayed on the 19th, so the window could end the
/// handling (逾期未补正) a working day early. Sample dates; own database.
/// </summary>
public sealed class CalendarMaterialsDueTests(LateDecemberFactory app) : IClassFixture<LateDecemberFactory>
{
    private static readonly DateOnly Jan19 = new(2027, 1, 19), Jan20 = new(2027, 1, 20);

    private async Task<long> TellMissingAsync()
    {
        var (id, materials) = await app.StartAsync("window1", "senior-allowance");
        var decided = await (await app.As("window1")).PostAsJsonAsync($"/api/v1/services/applications/{id}/decision",
            new { outcome = "AcceptedMissing", receivedMaterialIds = materials[..2] });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return id;
    }

    private async Task<(DateOnly? Due, List<string> Lines)> DueAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var due = await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.MaterialsDueOn).SingleAsync();
        var lines = await db.Set<ApplicationEvent>().Where(e => e.ApplicationId == id && e.Kind == "recalculate").OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
        return (due, lines);
    }

    [Fact]
    public async Task Entering_2027_moves_the_materials_due_date_in_the_save_and_one_told_on_a_lagging_node_when_it_settles()
    {
        var told = await TellMissingAsync();
        Assert.Equal(Jan19, (await DueAsync(told)).Due);

        var node = new LaggingNode(app);
        var saved = await (await app.ApiClientAsync("admin")).PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：2027年元旦安排（测试数据）"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var (due, lines) = await DueAsync(told);
        Assert.Equal(Jan20, due);
        Assert.Equal("补正期限由 2027-01-19 改为 2027-01-20，因为录入了2027年的节假日安排", Assert.Single(lines));

        // Told on a node that has not read 2027 yet: counted on the old calendar, moved once every node has it.
        node.FallBehind();
        var late = await TellMissingAsync();
        Assert.Equal(Jan19, (await DueAsync(late)).Due);
        await node.CatchUpAndSettleAsync();
        Assert.Equal(Jan20, (await DueAsync(late)).Due);
        Assert.Single((await DueAsync(told)).Lines);
    }
}

/// <summary>A change touching more applications than its save may recount: the job moves their 补正期限 too. Own database.</summary>
public sealed class CalendarMaterialsDueJobTests(SmallRecountFactory app) : IClassFixture<SmallRecountFactory>
{
    [Fact]
    public async Task The_recount_job_moves_the_materials_due_dates_the_save_left_to_it()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var (id, materials) = await app.StartAsync("window1", "senior-allowance");
            Assert.Equal(HttpStatusCode.OK, (await (await app.As("window1")).PostAsJsonAsync($"/api/v1/services/applications/{id}/decision",
                new { outcome = "AcceptedMissing", receivedMaterialIds = materials[..2] })).StatusCode);
            ids.Add(id);
        }
        var saved = await (await app.ApiClientAsync("admin")).PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：2027年元旦安排（测试数据）"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        Assert.Equal(3, await app.Service<PromiseRecountJob>().RecountAsync(default));
        await using var scope = app.SystemScope(out var db);
        Assert.All(await db.ServiceApplications().Where(a => ids.Contains(a.Id)).Select(a => a.MaterialsDueOn).ToListAsync(),
            d => Assert.Equal(new DateOnly(2027, 1, 20), d));
    }
}

/// <summary>Late December 2026 with the production's settling time (every node reads the calendar every 10 s); own database.</summary>
public sealed class ProductionSettlingFactory : LateDecemberFactoryBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [.. base.ExtraSettings, new("Appeals:CalendarSettleSeconds", new Tongban.Web.Features.Appeals.AppealOptions().CalendarSettleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>
/// An administrator who saved a year with a slip waited 90 s before the correction was taken (every node had to read
/// the first change, read every 30 s). Nodes now read it every 10 s, so the wait is 40 s, and the refusal says when.
/// </summary>
public sealed class CalendarSecondSaveTests(ProductionSettlingFactory app) : IClassFixture<ProductionSettlingFactory>
{
    [Fact]
    public async Task A_correction_is_refused_with_the_time_it_can_be_made_and_taken_45_seconds_after_the_first_save()
    {
        var admin = await app.ApiClientAsync("admin");
        var saved = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：有误"))).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var early = await admin.PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：更正", "2027-01-09"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var detail = (await early.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString()!;
        var at = saved.AddSeconds(40).ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"请在 {at}（约35秒后）之后再保存", detail);

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/calendar/2027", ClosedDayBooking.NewYear("示例：更正", "2027-01-09"))).StatusCode);
    }
}
