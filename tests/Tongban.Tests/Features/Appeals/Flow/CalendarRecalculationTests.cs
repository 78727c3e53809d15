using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// Entering a year's holidays corrects the limits already given across it: an appeal submitted in late December 2026,
/// while 2027 was not yet entered, had its 7 working days counted over 1 January as a working day. The 2027 dates
/// are sample dates, not the official arrangement. Own class (own database): the other calendar tests enter 2027 too.
/// </summary>
public sealed class CalendarRecalculationTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, Beijing);

    /// <summary>Gives the appeal limits as they were counted then: the tier's from <paramref name="limitFrom"/>, the promise from <paramref name="promiseFrom"/>.</summary>
    private async Task StartLimitsAsync(long id, DateTimeOffset promiseFrom, DateTimeOffset limitFrom)
    {
        var calendar = app.Service<WorkingCalendar>();
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        (appeal.PromiseMadeAt, appeal.PromisedFeedbackAt) = (promiseFrom.ToUniversalTime(), calendar.DeadlineAfterWorkingDays(promiseFrom, 7));
        (appeal.FeedbackLimitFrom, appeal.FeedbackDueAt) = (limitFrom.ToUniversalTime(), calendar.DeadlineAfterWorkingDays(limitFrom, 7));
        await db.SaveChangesAsync();
    }

    private async Task<(string Feedback, string Promised, List<AppealEvent> Recalculations)> LimitsAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == id);
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id && e.Type == "recalculate").OrderBy(e => e.Id).ToListAsync();
        return (appeal.FeedbackDueAt.ShowDeadline(), appeal.PromisedFeedback.ShowDeadline(), events);
    }

    [Fact]
    public async Task A_limit_counted_on_the_old_calendar_just_after_a_change_is_moved_once_the_change_settles()
    {
        var admin = await app.As("admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2028", new
        {
            source = "示例：2028年元旦安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2028-01-01", to = "2028-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // Two general complaints (7 working days) counted from Thursday 30 December 2027 just after the save: one on a node
        // that had not taken up 2028 yet (3 January a working day: the limit ends on Monday 10 January), one on a node
        // that had (ends on Tuesday 11 January).
        var stale = await app.InStateAsync(AppealState.Accepted);
        var current = await app.InStateAsync(AppealState.Accepted);
        await using (app.SystemScope(out var db))
        {
            foreach (var (id, due) in new[] { (stale, At(2028, 1, 11, 0)), (current, At(2028, 1, 12, 0)) })
            {
                var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
                (appeal.PromiseMadeAt, appeal.FeedbackLimitFrom) = (At(2027, 12, 30).ToUniversalTime(), At(2027, 12, 30).ToUniversalTime());
                (appeal.FeedbackDueAt, appeal.PromisedFeedbackAt) = (due.ToUniversalTime(), due.ToUniversalTime());
            }
            await db.SaveChangesAsync();
        }

        // The deadline job settles the change (this factory's nodes take a change up at once), twice here.
        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.SystemScope(out _);
            Assert.True(await scope.ServiceProvider.GetRequiredService<RecalculateAppealLimits>().ContinueAsync(TimeSpan.FromSeconds(10), default));
        }
        var (feedback, promised, lines) = await LimitsAsync(stale);
        Assert.Equal(("2028-01-11 24:00", "2028-01-11 24:00"), (feedback, promised));
        Assert.Equal("办理时限由 2028-01-10 24:00 改为 2028-01-11 24:00；承诺反馈时限由 2028-01-10 24:00 改为 2028-01-11 24:00，因为录入了2028年的节假日安排",
            Assert.Single(lines).Note);
        Assert.Equal(("2028-01-11 24:00", 0), ((await LimitsAsync(current)).Feedback, (await LimitsAsync(current)).Recalculations.Count));
    }

    [Fact]
    public async Task Entering_2027_moves_the_open_limits_counted_across_it_and_no_others()
    {
        // A general complaint (7 working days) submitted on Tuesday 29 December 2026, 2027 not entered: Jan 1 counted as
        // a working day, so the limit ends on Thursday 7 January.
        var late = await app.InStateAsync(AppealState.Accepted);
        await StartLimitsAsync(late, At(2026, 12, 29), At(2026, 12, 29));
        // Escalated to the street on 30 December: its tier's limit runs into 2027, the promise made on 22 December does not.
        var escalated = await app.InStateAsync(AppealState.Accepted);
        await StartLimitsAsync(escalated, At(2026, 12, 22), At(2026, 12, 30));
        // The same limits, but closed: what it was given stays on its record.
        var closed = await app.InStateAsync(AppealState.Closed);
        await StartLimitsAsync(closed, At(2026, 12, 29), At(2026, 12, 29));
        // Submitted on 10 December: its limit ends before 2027.
        var early = await app.InStateAsync(AppealState.Accepted);
        await StartLimitsAsync(early, At(2026, 12, 10), At(2026, 12, 10));
        Assert.Equal(("2027-01-07 24:00", "2027-01-07 24:00"), ((await LimitsAsync(late)).Feedback, (await LimitsAsync(late)).Promised));
        var (escalatedBefore, promisedBefore, _) = await LimitsAsync(escalated);
        Assert.Equal(("2027-01-08 24:00", "2026-12-31 24:00"), (escalatedBefore, promisedBefore));
        var closedBefore = await LimitsAsync(closed);
        var earlyBefore = await LimitsAsync(early);

        var admin = await app.As("admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "示例：2027年部分节假日安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" }, new { name = "春节", from = "2027-02-06", to = "2027-02-13" } },
            workdays = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recalculatedAppeals").GetInt32());

        // 1 January is a holiday now: the seventh working day after 29 December is Friday 8 January.
        var (feedback, promised, lines) = await LimitsAsync(late);
        Assert.Equal(("2027-01-08 24:00", "2027-01-08 24:00"), (feedback, promised));
        var line = Assert.Single(lines);
        Assert.False(line.IsPublic);
        Assert.Equal("办理时限由 2027-01-07 24:00 改为 2027-01-08 24:00；承诺反馈时限由 2027-01-07 24:00 改为 2027-01-08 24:00，因为录入了2027年的节假日安排", line.Note);
        // Counted from the escalation, not the submission; the promise ended on 31 December and stays.
        (feedback, promised, lines) = await LimitsAsync(escalated);
        Assert.Equal(("2027-01-11 24:00", "2026-12-31 24:00"), (feedback, promised));
        Assert.Equal("办理时限由 2027-01-08 24:00 改为 2027-01-11 24:00，因为录入了2027年的节假日安排", Assert.Single(lines).Note);
        Assert.Equal(closedBefore.Feedback, (await LimitsAsync(closed)).Feedback);
        Assert.Empty((await LimitsAsync(closed)).Recalculations);
        Assert.Equal((earlyBefore.Feedback, earlyBefore.Promised), ((await LimitsAsync(early)).Feedback, (await LimitsAsync(early)).Promised));
        Assert.Empty((await LimitsAsync(early)).Recalculations);

        // The staff API and the resident's tracking page show the new promise.
        Assert.Equal(new DateTimeOffset(2027, 1, 9, 0, 0, 0, Beijing), (await app.GetAsync("window1", late)).GetProperty("promisedFeedbackAt").GetDateTimeOffset());
        string code;
        await using (app.SystemScope(out var db)) code = await db.Appeals.Where(a => a.Id == late).Select(a => a.TrackingCode).SingleAsync();
        Assert.Contains("2027-01-08 24:00 前", await app.CreateClient().GetStringAsync($"/track/{code}"));

        // A correction on the page (元旦 entered by mistake: 1 January is worked after all) moves both back, and the page says how many.
        var page = await app.PageClientAsync("admin");
        const string settings = "/Appeals/Settings/Calendar";
        var token = Forms.AntiforgeryToken(await page.GetStringAsync(settings));
        var corrected = await page.PostAsync($"{settings}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = "2027", ["Input.HolidaysText"] = "春节 2027-02-06 至 2027-02-13", ["Input.WorkdaysText"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains("已按新安排重新计算2件在办诉求的时限", await page.GetStringAsync(settings));
        Assert.Equal(("2027-01-07 24:00", "2027-01-07 24:00"), ((await LimitsAsync(late)).Feedback, (await LimitsAsync(late)).Promised));
        Assert.Equal("2027-01-08 24:00", (await LimitsAsync(escalated)).Feedback);
        Assert.EndsWith("因为更正了2027年的节假日安排", (await LimitsAsync(late)).Recalculations[^1].Note);

        // Dropping the entered year (back to plain weekends) counts them again too.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-01" } },
        })).StatusCode);
        Assert.Equal("2027-01-08 24:00", (await LimitsAsync(late)).Feedback);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/calendar/2027")).StatusCode);
        (feedback, promised, lines) = await LimitsAsync(late);
        Assert.Equal(("2027-01-07 24:00", "2027-01-07 24:00"), (feedback, promised));
        Assert.EndsWith("因为删除了录入的2027年节假日安排", lines[^1].Note);
        Assert.Empty((await LimitsAsync(closed)).Recalculations);
    }
}
