using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// An application accepted on a node that had not yet read a calendar change had its promised date counted on the old
/// calendar, after the save's recount; until session 18 it was corrected only if <see cref="PromiseRecountJob"/>
/// happened to pass after it. The change now settles it with the appeals' limits. Sample dates; own database.
/// </summary>
public sealed class CalendarPromiseSettlingTests(LateDecemberFactory app) : IClassFixture<LateDecemberFactory>
{
    [Fact]
    public async Task A_promise_made_on_a_node_still_on_the_old_calendar_just_after_the_save_is_moved_when_the_change_settles()
    {
        var node = new LaggingNode(app);
        var saved = await (await app.ApiClientAsync("admin")).PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "示例：2027年元旦安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // Tuesday 22 December on a node that has not read 2027 yet: fifteen working days with 1 January worked end on 12 January.
        node.FallBehind();
        var (id, materials) = await app.StartAsync("window1", "senior-allowance");
        var decided = await (await app.As("window1")).PostAsJsonAsync($"/api/v1/services/applications/{id}/decision", new { outcome = "Accepted", receivedMaterialIds = materials });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await using (app.SystemScope(out var db))
            Assert.Equal(new DateOnly(2027, 1, 12), await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.PromisedOn).SingleAsync());

        // The node reads the change; once every node has it, the deadline job settles the change.
        await node.CatchUpAndSettleAsync();

        await using (app.SystemScope(out var db))
        {
            Assert.Equal(new DateOnly(2027, 1, 13), await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.PromisedOn).SingleAsync());
            var lines = await db.Set<ApplicationEvent>().Where(e => e.ApplicationId == id && e.Kind == "recalculate").Select(e => e.Text).ToListAsync();
            Assert.Equal("承诺办结日期由 2027-01-12 改为 2027-01-13，因为录入了2027年的节假日安排", Assert.Single(lines));
        }
    }
}
