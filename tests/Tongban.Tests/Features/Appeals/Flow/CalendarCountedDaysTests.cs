using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// A calendar change counts limits again with the working days they were counted with, not with what the rule says by
/// then: until session 18 settling took the appeal's rule now, so a rule changed in the same minute as the calendar
/// left a limit counted on the old calendar as it was; and the recount skipped a limit in working days whose rule had
/// since gone over to hours. Sample dates, not the official arrangement. Own class (own database and rules).
/// </summary>
public sealed class CalendarCountedDaysTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    /// <summary>An accepted general appeal of the category, its limits as the rule gives them at submission (N working days, recorded).</summary>
    private async Task<long> AcceptedAsync(string category)
    {
        var id = await app.SubmitAsync(category: category);
        await app.OkAsync("window1", id, "accept");
        return id;
    }

    /// <summary>Both limits counted from <paramref name="from"/> and ending at <paramref name="due"/>, as a node counted them; the working days stay as recorded.</summary>
    private async Task CountedAsync(long id, DateTimeOffset from, DateTimeOffset due)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        (appeal.PromiseMadeAt, appeal.FeedbackLimitFrom) = (from.ToUniversalTime(), from.ToUniversalTime());
        (appeal.FeedbackDueAt, appeal.PromisedFeedbackAt) = (due.ToUniversalTime(), due.ToUniversalTime());
        await db.SaveChangesAsync();
    }

    private async Task RuleAsync(string category, int? workingDays, int? hours)
    {
        var rule = await (await app.As("admin")).PostAsJsonAsync("/api/v1/appeals/time-limit-rules", new
        {
            categoryId = await app.CategoryIdAsync(category), urgency = (int)AppealUrgency.General, dispatchHours = 24,
            feedbackWorkingDays = workingDays, feedbackHours = hours, acknowledgeHours = 4,
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
    }

    private async Task<(string Feedback, string Promised, List<string> Lines)> LimitsAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == id);
        var lines = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id && e.Type == "recalculate").OrderBy(e => e.Id).Select(e => e.Note).ToListAsync();
        return (appeal.FeedbackDueAt.ShowDeadline(), appeal.PromisedFeedback.ShowDeadline(), lines);
    }

    [Fact]
    public async Task A_stale_limit_settles_though_its_rule_changed_in_the_same_minute_as_the_calendar()
    {
        // Seven working days (the general rule), recorded when counted.
        var id = await AcceptedAsync("noise");
        var saved = await (await app.As("admin")).PutAsJsonAsync("/api/v1/calendar/2028", new
        {
            source = "示例：2028年元旦安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2028-01-01", to = "2028-01-03" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        // Just after the save, a node that had not read 2028 yet counted from Thursday 30 December 2027 with 3 January a
        // working day: the seventh working day is Monday 10 January.
        await CountedAsync(id, At(2027, 12, 30), At(2028, 1, 11, 0));
        // The same minute, the administrator gives noise complaints ten working days.
        await RuleAsync("noise", workingDays: 10, hours: null);

        await using (var scope = app.SystemScope(out _))
            Assert.True(await scope.ServiceProvider.GetRequiredService<RecalculateAppealLimits>().ContinueAsync(TimeSpan.FromSeconds(10), default));

        // Counted again with the seven days it was given, on the new calendar: Tuesday 11 January.
        var (feedback, promised, lines) = await LimitsAsync(id);
        Assert.Equal(("2028-01-11 24:00", "2028-01-11 24:00"), (feedback, promised));
        Assert.Equal("办理时限由 2028-01-10 24:00 改为 2028-01-11 24:00；承诺反馈时限由 2028-01-10 24:00 改为 2028-01-11 24:00，因为录入了2028年的节假日安排",
            Assert.Single(lines));
    }

    [Fact]
    public async Task A_limit_in_working_days_is_recounted_though_its_rule_has_since_gone_over_to_hours()
    {
        // Seven working days from Friday 29 December 2028, 2029 not entered (1 January a working day): ends Tuesday 9 January.
        var id = await AcceptedAsync("leak");
        await CountedAsync(id, At(2028, 12, 29), At(2029, 1, 10, 0));
        // Leaks are now answered within 48 hours; the appeal keeps the seven working days it was given.
        await RuleAsync("leak", workingDays: null, hours: 48);

        var saved = await (await app.As("admin")).PutAsJsonAsync("/api/v1/calendar/2029", new
        {
            source = "示例：2029年元旦安排（测试数据）",
            holidays = new object[] { new { name = "元旦", from = "2029-01-01", to = "2029-01-01" } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var (feedback, promised, lines) = await LimitsAsync(id);
        Assert.Equal(("2029-01-10 24:00", "2029-01-10 24:00"), (feedback, promised));
        Assert.Equal("办理时限由 2029-01-09 24:00 改为 2029-01-10 24:00；承诺反馈时限由 2029-01-09 24:00 改为 2029-01-10 24:00，因为录入了2029年的节假日安排",
            Assert.Single(lines));
    }
}
