using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// The appeals factory where a calendar change recounts at most one appeal in its own save (and per chunk), and the
/// deadline job's lease of 0 s leaves each of its runs time for one chunk only.
/// </summary>
public sealed class OneAtATimeRecountFactory : AppealsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [.. base.ExtraSettings, new("Appeals:CalendarRecountInline", "1"), new("Appeals:Jobs:LeaseSeconds", "0")];
}

/// <summary>
/// A calendar change that touches more open appeals than one transaction should hold: on the 5M-appeal city 63,000
/// appeals held the writer for 16 s (SQLite) and 60 s (PostgreSQL). The save records the recount and the deadline job
/// does it in chunks, escalating nothing until it is done. The 2027 dates are sample dates, not the official arrangement.
/// </summary>
public sealed class CalendarRecountInBackgroundTests(OneAtATimeRecountFactory app) : IClassFixture<OneAtATimeRecountFactory>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, Beijing);

    private async Task CountedFromAsync(long id, DateTimeOffset from)
    {
        var calendar = app.Service<WorkingCalendar>();
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        (appeal.PromiseMadeAt, appeal.FeedbackLimitFrom) = (from.ToUniversalTime(), from.ToUniversalTime());
        appeal.FeedbackDueAt = calendar.DeadlineAfterWorkingDays(from, 7);
        appeal.PromisedFeedbackAt = appeal.FeedbackDueAt;
        await db.SaveChangesAsync();
    }

    private async Task<(string Feedback, List<AppealEvent> Recalculations, AppealTier Tier)> ReadAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == id);
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id && e.Type == "recalculate").ToListAsync();
        return (appeal.FeedbackDueAt.ShowDeadline(), events, appeal.Tier);
    }

    private AppealDeadlineJob Job(TimeProvider clock) => new(app.Services.GetRequiredService<IServiceScopeFactory>(), clock,
        app.Services.GetRequiredService<IOptions<AppealOptions>>(), NullLogger<AppealDeadlineJob>.Instance);

    [Fact]
    public async Task A_recount_larger_than_the_save_takes_is_done_by_the_deadline_job_in_chunks_and_nothing_escalates_until_it_is_done()
    {
        // Three general complaints submitted on Tuesday 29 December 2026, 2027 not entered: 1 January counted as a working
        // day, so their 7 working days end on Thursday 7 January.
        var crossing = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            crossing.Add(await app.InStateAsync(AppealState.Accepted));
            await CountedFromAsync(crossing[^1], At(2026, 12, 29));
        }
        // One whose dispatch limit passed long ago: the job would escalate it at once.
        var overdue = await app.InStateAsync(AppealState.Accepted);
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == overdue);
            appeal.DispatchDueAt = At(2026, 11, 3).ToUniversalTime();
            await db.SaveChangesAsync();
        }

        var admin = await app.As("admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "示例：2027年部分节假日安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2027-01-01", to = "2027-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, answer.GetProperty("recalculatedAppeals").GetInt32());
        Assert.Equal(3, answer.GetProperty("appealsToRecalculate").GetInt32());
        foreach (var id in crossing) Assert.Equal(("2027-01-07 24:00", 0), ((await ReadAsync(id)).Feedback, (await ReadAsync(id)).Recalculations.Count));

        // Counted just after the save on a node that had not taken up the new calendar yet (another node reads it up to
        // 30 s later): 7 working days from 29 December as the old calendar counts them. The recount, which read the
        // appeals at the save, does not see it; once the change has settled the job moves it as well.
        var later = await app.InStateAsync(AppealState.Accepted);
        await CountedFromAsync(later, At(2026, 12, 29));
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == later);
            appeal.FeedbackDueAt = At(2027, 1, 8, 0).ToUniversalTime(); // the end of 7 January, as the old calendar counted
            appeal.PromisedFeedbackAt = appeal.FeedbackDueAt;
            await db.SaveChangesAsync();
        }

        var page = await app.PageClientAsync("admin");
        Assert.Contains("已处理0件，共约3件", await page.GetStringAsync("/Appeals/Settings/Calendar"));

        // Another change before the recount is done would be counted from a calendar some appeals have not reached: refused.
        var second = await admin.PutAsJsonAsync("/api/v1/calendar/2028", new { holidays = new object[] { new { name = "元旦", from = "2028-01-01", to = "2028-01-01" } } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("还在后台重新计算（已处理0件，共约3件）", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/calendar/2028")).StatusCode);

        var job = Job(new FakeTimeProvider(At(2026, 11, 25, 15)));
        for (var run = 1; run <= 3; run++)
        {
            var result = await job.RunOnceAsync(default);
            Assert.True(result.Ran);
            Assert.Equal(0, result.Escalated); // the recount is not done: no escalation on limits being corrected
            Assert.Equal(AppealTier.Community, (await ReadAsync(overdue)).Tier);
            Assert.Equal(run, (await Task.WhenAll(crossing.Select(ReadAsync))).Count(r => r.Recalculations.Count == 1));
            Assert.Contains($"已处理{run}件，共约3件（其中{run}件时限已改）", await page.GetStringAsync("/Appeals/Settings/Calendar"));
        }

        // The fourth run finds nothing more, marks the recount done and goes on to escalate.
        Assert.True((await job.RunOnceAsync(default)).Escalated >= 1);
        Assert.Equal(AppealTier.Street, (await ReadAsync(overdue)).Tier);
        Assert.DoesNotContain("正在后台", await page.GetStringAsync("/Appeals/Settings/Calendar"));
        foreach (var id in crossing)
        {
            var (feedback, lines, _) = await ReadAsync(id);
            Assert.Equal("2027-01-08 24:00", feedback); // 1 January is a holiday now
            var line = Assert.Single(lines);
            Assert.Equal("办理时限由 2027-01-07 24:00 改为 2027-01-08 24:00；承诺反馈时限由 2027-01-07 24:00 改为 2027-01-08 24:00，因为录入了2027年的节假日安排", line.Note);
            Assert.Equal("系统管理员", line.ActorName);
        }
        var (laterFeedback, laterLines, _) = await ReadAsync(later);
        Assert.Equal("2027-01-08 24:00", laterFeedback);
        Assert.Equal("办理时限由 2027-01-07 24:00 改为 2027-01-08 24:00；承诺反馈时限由 2027-01-07 24:00 改为 2027-01-08 24:00，因为录入了2027年的节假日安排",
            Assert.Single(laterLines).Note);

        // Settling twice moves nothing twice: every limit is on the new calendar now.
        await job.RunOnceAsync(default);
        foreach (var id in crossing.Append(later)) Assert.Single((await ReadAsync(id)).Recalculations);
    }
}
