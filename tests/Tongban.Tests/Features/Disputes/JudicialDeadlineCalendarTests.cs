using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Disputes;

/// <summary>
/// The judicial-confirmation deadline's last day moves off rest days and holidays, so entering a year's holidays moves
/// the deadlines not yet used that end among them. The 2027 dates are sample dates. Own class: it enters 2027.
/// </summary>
public sealed class JudicialDeadlineCalendarTests(DisputesFactory app) : IClassFixture<DisputesFactory>
{
    private async Task<long> AgreedOnAsync(DateOnly effective, JudicialStatus judicial)
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)) });
        await using var scope = app.SystemScope(out var db);
        var c = await db.Set<DisputeCase>().SingleAsync(x => x.Id == id);
        (c.AgreementEffectiveOn, c.JudicialDeadlineOn, c.Judicial) = (effective, DisputeDeadlines.JudicialDeadline(effective, app.Service<WorkingCalendar>()), judicial);
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Entering_2027_moves_an_unused_judicial_deadline_off_new_year_but_not_one_already_applied_for()
    {
        // Effective on 2 December 2026: the 30th day is Friday 1 January 2027, a working day while 2027 is not entered.
        var unused = await AgreedOnAsync(new DateOnly(2026, 12, 2), JudicialStatus.None);
        var applied = await AgreedOnAsync(new DateOnly(2026, 12, 2), JudicialStatus.Applied);
        Assert.Equal("2027-01-01", (await app.GetAsync("mediator1", unused)).GetProperty("judicialDeadlineOn").GetString());

        var saved = await (await app.As("admin")).PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(1, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recalculatedDisputes").GetInt32());

        // Civil Code Art. 203: a last day on a holiday moves to the next working day, Monday 4 January.
        Assert.Equal("2027-01-04", (await app.GetAsync("mediator1", unused)).GetProperty("judicialDeadlineOn").GetString());
        Assert.Equal("2027-01-01", (await app.GetAsync("mediator1", applied)).GetProperty("judicialDeadlineOn").GetString());
        await using var scope = app.SystemScope(out var db);
        var lines = await db.Set<DisputeEvent>().Where(e => e.Type == "judicial-deadline").Select(e => new { e.CaseId, e.Note }).ToListAsync();
        var line = Assert.Single(lines);
        Assert.Equal(unused, line.CaseId);
        Assert.Equal("司法确认申请期限由2027-01-01改为2027-01-04，因为录入了2027年的节假日安排", line.Note);
    }
}
