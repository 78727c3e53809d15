using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Disputes;

/// <summary>
/// An agreement finalised on a node that had not yet read a calendar change (up to 30 s) had its judicial-confirmation
/// deadline counted on the old calendar, and until session 18 nothing corrected it: only the calendar's own save moved
/// deadlines. The change now settles it with the appeals' limits. Sample dates; own class (it enters 2027).
/// </summary>
public sealed class JudicialDeadlineSettlingTests(DisputesFactory app) : IClassFixture<DisputesFactory>
{
    [Fact]
    public async Task A_deadline_counted_on_a_node_still_on_the_old_calendar_just_after_the_save_is_moved_when_the_change_settles()
    {
        var node = new LaggingNode(app);
        var saved = await (await app.As("admin")).PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // This node plays one that has not read 2027 yet: an agreement in effect from 2 December 2026 gets Friday 1
        // January, a working day on the old calendar, as its last day.
        node.FallBehind();
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)) });
        await using (app.SystemScope(out var db))
        {
            var c = await db.Set<DisputeCase>().SingleAsync(x => x.Id == id);
            (c.AgreementEffectiveOn, c.JudicialDeadlineOn) = (new DateOnly(2026, 12, 2), DisputeDeadlines.JudicialDeadline(new DateOnly(2026, 12, 2), app.Service<WorkingCalendar>()));
            await db.SaveChangesAsync();
        }
        Assert.Equal("2027-01-01", (await app.GetAsync("mediator1", id)).GetProperty("judicialDeadlineOn").GetString());

        // The node reads the change; once every node has it, the deadline job settles the change.
        await node.CatchUpAndSettleAsync();

        // Civil Code Art. 203: moved to the next working day, Monday 4 January, once, with a line on the case record.
        Assert.Equal("2027-01-04", (await app.GetAsync("mediator1", id)).GetProperty("judicialDeadlineOn").GetString());
        await using (app.SystemScope(out var db))
        {
            var lines = await db.Set<DisputeEvent>().Where(e => e.CaseId == id && e.Type == "judicial-deadline").Select(e => e.Note).ToListAsync();
            Assert.Equal("司法确认申请期限由2027-01-01改为2027-01-04，因为录入了2027年的节假日安排", Assert.Single(lines));
        }
    }
}
