using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>The deadline job: automatic escalation exactly once, even from two app instances at once; warnings once; holiday arithmetic.</summary>
public sealed class AppealDeadlineJobTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>A job instance (a node); the lease an earlier test's job still holds on the real clock is cleared first.</summary>
    private AppealDeadlineJob Job(IServiceProvider services, TimeProvider clock)
    {
        using (var scope = services.CreateScope())
            scope.ServiceProvider.GetRequiredService<AppDbContext>().JobLeases.Where(l => l.Name == AppealDeadlineJob.LeaseName).ExecuteDelete();
        return new(services.GetRequiredService<IServiceScopeFactory>(), clock, services.GetRequiredService<IOptions<AppealOptions>>(), NullLogger<AppealDeadlineJob>.Instance);
    }

    /// <summary>Moves an appeal's clock back so that it was submitted (and given its limits) at <paramref name="submitted"/>.</summary>
    private async Task BackdateAsync(long id, DateTimeOffset submitted, TimeSpan dispatchLimit, TimeSpan feedbackLimit)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        var utc = submitted.ToUniversalTime();
        appeal.SubmittedAt = utc;
        appeal.LastProgressAt = utc;
        appeal.AcceptedAt = appeal.AcceptedAt is null ? null : utc;
        appeal.DispatchDueAt = utc + dispatchLimit;
        appeal.FeedbackDueAt = utc + feedbackLimit;
        (appeal.FeedbackLimitFrom, appeal.PromiseMadeAt, appeal.PromisedFeedbackAt) = (utc, utc, appeal.FeedbackDueAt);
        await db.SaveChangesAsync();
        await db.JobLeases.Where(l => l.Name == AppealDeadlineJob.LeaseName).ExecuteDeleteAsync();
    }

    private async Task<(Appeal Appeal, List<AppealEvent> Events, List<AppealWarning> Warnings)> ReadAsync(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == id);
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id).OrderBy(e => e.Id).ToListAsync();
        var warnings = await db.Set<AppealWarning>().AsNoTracking().Where(w => w.AppealId == id).ToListAsync();
        return (appeal, events, warnings);
    }

    [Fact]
    public async Task Two_app_instances_running_the_job_at_once_escalate_an_overdue_appeal_exactly_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add(await app.InStateAsync(AppealState.Accepted));
        var submitted = new DateTimeOffset(2026, 11, 2, 9, 0, 0, Beijing);
        foreach (var id in ids) await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(10));
        var clock = new FakeTimeProvider(submitted.AddHours(30)); // dispatch limit passed six hours ago

        // A second node: its own host, services and connection pool, on the same database.
        await using var secondNode = app.WithWebHostBuilder(_ => { });
        var first = Job(app.Services, clock);
        var second = Job(secondNode.Services, clock);
        for (var round = 0; round < 3; round++)
        {
            var results = await Task.WhenAll(Task.Run(() => first.RunOnceAsync(default)), Task.Run(() => second.RunOnceAsync(default)));
            Assert.Single(results, r => r.Ran); // the other node found the lease taken
            if (round == 0) Assert.True(results.Sum(r => r.Escalated) >= ids.Count);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        foreach (var id in ids)
        {
            var (appeal, events, warnings) = await ReadAsync(id);
            Assert.Equal(AppealTier.Street, appeal.Tier);
            Assert.Equal(AppealState.Accepted, appeal.State);
            Assert.Single(events, e => e.Type == "escalate");
            Assert.Single(warnings, w => w.Code == AppealWarningCode.Escalated);
            Assert.Contains("超过派单时限", events.Single(e => e.Type == "escalate").Note);
            Assert.Equal("系统", events.Single(e => e.Type == "escalate").ActorName);
        }
    }

    [Fact]
    public async Task Only_one_node_holds_the_lease_until_it_expires()
    {
        await using var scope = app.SystemScope(out var db);
        var now = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
        Assert.True(await JobLeases.TryAcquireAsync(db, "test.lease", "node-a", now, TimeSpan.FromMinutes(2), default));
        Assert.False(await JobLeases.TryAcquireAsync(db, "test.lease", "node-b", now.AddMinutes(1), TimeSpan.FromMinutes(2), default));
        Assert.True(await JobLeases.TryAcquireAsync(db, "test.lease", "node-a", now.AddMinutes(1), TimeSpan.FromMinutes(2), default));
        Assert.True(await JobLeases.TryAcquireAsync(db, "test.lease", "node-b", now.AddMinutes(4), TimeSpan.FromMinutes(2), default));
        Assert.False(await JobLeases.TryAcquireAsync(db, "test.lease", "node-a", now.AddMinutes(5), TimeSpan.FromMinutes(2), default));
    }

    [Fact]
    public async Task Many_nodes_racing_for_a_new_lease_let_exactly_one_win()
    {
        var now = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await using var scope = app.SystemScope(out var db);
            return await JobLeases.TryAcquireAsync(db, "race.lease", $"node-{i}", now, TimeSpan.FromMinutes(2), default);
        })));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Escalation_climbs_to_the_district_and_then_only_warns()
    {
        var id = await app.InStateAsync(AppealState.InProgress);
        var submitted = new DateTimeOffset(2026, 6, 1, 9, 0, 0, Beijing);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        var clock = new FakeTimeProvider(submitted.AddHours(3));
        var job = Job(app.Services, clock);

        await job.RunOnceAsync(default); // feedback limit passed while in progress: to the street
        var (appeal, _, _) = await ReadAsync(id);
        Assert.Equal(AppealTier.Street, appeal.Tier);
        Assert.Null(appeal.CurrentAssigneeUserId);

        clock.SetUtcNow(appeal.DispatchDueAt.AddMinutes(1)); // the street did not dispatch in time: to the district
        await job.RunOnceAsync(default);
        (appeal, _, _) = await ReadAsync(id);
        Assert.Equal(AppealTier.District, appeal.Tier);

        clock.SetUtcNow(appeal.FeedbackDueAt.AddMinutes(1)); // the district is the last owner: red warning, no further step
        await job.RunOnceAsync(default);
        await job.RunOnceAsync(default);
        var (final, events, warnings) = await ReadAsync(id);
        Assert.Equal(AppealTier.District, final.Tier);
        Assert.Equal(2, events.Count(e => e.Type == "escalate"));
        Assert.Single(warnings, w => w.Code == AppealWarningCode.Overdue && w.Level == "red");
    }

    [Fact]
    public async Task An_unaccepted_appeal_past_its_dispatch_limit_is_accepted_by_the_system_and_escalated()
    {
        var id = await app.InStateAsync(AppealState.Submitted);
        var submitted = new DateTimeOffset(2026, 7, 6, 9, 0, 0, Beijing);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(9));
        var job = Job(app.Services, new FakeTimeProvider(submitted.AddHours(25)));
        Assert.True((await job.RunOnceAsync(default)).Escalated >= 1);
        var (appeal, events, _) = await ReadAsync(id);
        Assert.Equal(AppealState.Accepted, appeal.State);
        Assert.Equal(AppealTier.Street, appeal.Tier);
        Assert.Equal(["submit", "accept", "escalate"], events.Where(e => e.Type != "warning").Select(e => e.Type));
    }

    [Fact]
    public async Task Escalation_deadlines_skip_the_spring_festival_and_count_the_adjusted_working_saturdays()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        // Submitted Wednesday 11 Feb 2026; its 24-hour dispatch limit passed on Thursday 12 Feb at 10:00.
        var submitted = new DateTimeOffset(2026, 2, 11, 10, 0, 0, Beijing);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        var job = Job(app.Services, new FakeTimeProvider(new DateTimeOffset(2026, 2, 12, 10, 30, 0, Beijing)));
        Assert.True((await job.RunOnceAsync(default)).Escalated >= 1);
        var (appeal, _, _) = await ReadAsync(id);
        // 7 working days from Thu 12 Feb: Fri 13, Sat 14 (worked), [15-23 Spring Festival], Tue 24, 25, 26, 27, Sat 28 (worked).
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, Beijing), appeal.FeedbackDueAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 10, 30, 0, Beijing), appeal.DispatchDueAt);
    }

    [Fact]
    public async Task Time_limit_rules_from_the_database_count_working_days_in_the_official_calendar()
    {
        await using var scope = app.SystemScope(out _);
        var limits = scope.ServiceProvider.GetRequiredService<TimeLimitPolicy>();
        var noise = await app.CategoryIdAsync("noise");
        var general = await limits.ForAsync(noise, AppealUrgency.General, new DateTimeOffset(2026, 2, 12, 10, 0, 0, Beijing));
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 10, 0, 0, Beijing), general.DispatchDue);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, Beijing), general.FeedbackDue);
        // National Day 2026: 1-7 Oct off, Sat 10 Oct worked. 15 working days from Tue 29 Sep: 30 Sep, 8, 9, 10 (Sat), 12-16, 19-23, 26.
        var complex = await limits.ForAsync(noise, AppealUrgency.Complex, new DateTimeOffset(2026, 9, 29, 15, 0, 0, Beijing));
        Assert.Equal(new DateTimeOffset(2026, 10, 27, 0, 0, 0, Beijing), complex.FeedbackDue);
        // Hour limits run on the clock, holidays included.
        var urgent = await limits.ForAsync(await app.CategoryIdAsync("hazard"), AppealUrgency.Urgent, new DateTimeOffset(2026, 2, 16, 23, 30, 0, Beijing));
        Assert.Equal(new DateTimeOffset(2026, 2, 17, 1, 30, 0, Beijing), urgent.FeedbackDue);
    }

    [Fact]
    public async Task The_grid_worker_on_an_appeal_escalated_for_its_time_is_told_to_stop_not_to_dispatch()
    {
        var id = await app.InStateAsync(AppealState.Dispatched); // with grid1
        var submitted = new DateTimeOffset(2026, 9, 7, 9, 0, 0, Beijing);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        var clock = new FakeTimeProvider(submitted.AddDays(12)); // the feedback limit passed days ago
        await Job(app.Services, clock).RunOnceAsync(default);

        var (appeal, _, _) = await ReadAsync(id);
        Assert.Equal(AppealTier.Street, appeal.Tier);
        var grid1 = await app.UserIdAsync("grid1");
        await using var scope = app.SystemScope(out var db);
        var notices = await db.Notifications.Where(n => n.Link == $"/Appeals/{id}").ToListAsync();
        var toGrid = notices.Where(n => n.UserId == grid1).Select(n => n.Text).ToList();
        Assert.Contains(toGrid, t => t.Contains("无需继续办理", StringComparison.Ordinal) && t.Contains("超过办理时限", StringComparison.Ordinal));
        Assert.DoesNotContain(toGrid, t => t.Contains("前派单", StringComparison.Ordinal));
        // The owners at the new tier are the ones asked to dispatch.
        var street1 = await app.UserIdAsync("street1");
        Assert.Contains(notices, n => n.UserId == street1 && n.Text.Contains("前派单", StringComparison.Ordinal));
        // The community it went up from learns where it went.
        var window1 = await app.UserIdAsync("window1");
        Assert.Contains(notices, n => n.UserId == window1 && n.Text.Contains("现由街道综治中心办理", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_appeal_escalated_for_a_missed_dispatch_limit_counts_as_not_responded_in_time()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        var submitted = DateTimeOffset.UtcNow.AddHours(-30);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);
        Assert.Equal(AppealTier.Street, (await ReadAsync(id)).Appeal.Tier);
        // The street dispatches within its own fresh limit; the community's late response still counts as late (响应率).
        await app.OkAsync("street1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.Department, departmentId = await DepartmentAsync() } });
        Assert.False((await ReadAsync(id)).Appeal.RespondedInTime);

        // Sent up by hand within the limit, it was a response in time.
        var prompt = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", prompt, "escalate", new { reason = "涉及多个部门，社区无法协调" });
        Assert.True((await ReadAsync(prompt)).Appeal.RespondedInTime);
    }

    private async Task<int> DepartmentAsync()
    {
        await using var scope = app.SystemScope(out var db);
        return await db.Departments.Where(d => d.IsActive && d.LiaisonUserId != null).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
    }

    [Fact]
    public async Task An_escalated_appeal_the_community_had_dispatched_is_not_warned_as_never_dispatched()
    {
        // Two appeals submitted two days ago and escalated to the street today: one the community dispatched within
        // 15 hours, one it never dispatched. "No response in 24 h" is about the first dispatch (响应), so only the second is warned.
        var dispatched = await app.InStateAsync(AppealState.Dispatched);
        var never = await app.InStateAsync(AppealState.Accepted);
        var submitted = DateTimeOffset.UtcNow.AddDays(-2);
        foreach (var id in new[] { dispatched, never }) await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == dispatched);
            appeal.FirstDispatchedAt = appeal.DispatchedAt = submitted.AddHours(15);
            await db.SaveChangesAsync();
        }
        await app.OkAsync("grid1", dispatched, "acknowledge");
        foreach (var id in new[] { dispatched, never })
            await app.OkAsync("window1", id, "escalate", new { reason = "涉及多个部门，社区无法协调" });

        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);
        Assert.DoesNotContain((await ReadAsync(dispatched)).Warnings, w => w.Code == AppealWarningCode.NoResponse);
        Assert.Contains((await ReadAsync(never)).Warnings, w => w.Code == AppealWarningCode.NoResponse);
        // The light on the page and in the queue says the same.
        string Reasons(System.Text.Json.JsonElement a) => string.Join(" ", a.GetProperty("status").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("未派单", Reasons(await app.GetAsync("street1", dispatched)));
        Assert.Contains("未派单", Reasons(await app.GetAsync("street1", never)));

        // The resident's tracking page keeps the promise and names the unit that has it now.
        var code = (await ReadAsync(never)).Appeal.TrackingCode;
        var page = await app.CreateClient().GetStringAsync($"/track/{code}");
        Assert.Contains("<span class=\"muted small\">已转街道综治中心办理</span>", page);
        Assert.DoesNotContain("@if", page); // Razor code written out as text after a Chinese character
    }

    [Fact]
    public async Task Escalation_gives_the_street_time_but_the_promise_to_the_resident_stays_and_shows_as_broken()
    {
        // Submitted nine days ago with 7 days to give a result; the grid worker has had it in hand since.
        var id = await app.InStateAsync(AppealState.InProgress);
        var submitted = DateTimeOffset.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.AddDays(-9).ToUnixTimeSeconds()); // whole seconds: both engines keep them exactly
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        var promised = submitted.AddDays(7);
        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);

        // The street has fresh limits (the job does not send it on to the district), and its light is not red for them…
        var (appeal, _, _) = await ReadAsync(id);
        Assert.Equal(AppealTier.Street, appeal.Tier);
        Assert.True(appeal.FeedbackDueAt > DateTimeOffset.UtcNow);
        Assert.Equal(promised, appeal.PromisedFeedbackAt);
        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);
        Assert.Equal(AppealTier.Street, (await ReadAsync(id)).Appeal.Tier);
        // …but the promise made to the resident two days ago is kept and shown as broken: API, list, page, export, tracking page.
        var details = await app.GetAsync("street1", id);
        Assert.Equal(promised, details.GetProperty("promisedFeedbackAt").GetDateTimeOffset());
        Assert.Equal("已超出承诺2天", details.GetProperty("pastPromise").GetString());
        var items = (await (await app.As("street1")).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/appeals?status=past-promise&pageSize=100"))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("已超出承诺2天", items.Single(i => i.GetProperty("id").GetInt64() == id).GetProperty("pastPromise").GetString());
        Assert.DoesNotContain(items, i => i.GetProperty("pastPromise").ValueKind == System.Text.Json.JsonValueKind.Null);
        var staff = await app.PageClientAsync("street1");
        Assert.Contains("<strong class=\"past-promise\">已超出承诺2天</strong>", await staff.GetStringAsync($"/Appeals/{id}"));
        Assert.Contains("已超出承诺2天</span>", await staff.GetStringAsync("/Appeals?status=past-promise"));
        var export = await (await app.As("secretary1")).GetAsync("/api/v1/appeals/export?status=past-promise");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), false))
        {
            var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
                .Select(r => r.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList()).ToList();
            var column = rows[0].IndexOf("承诺反馈时限");
            var row = rows.Single(r => r[0] == appeal.Number);
            Assert.Equal(promised.ShowDeadline(), row[column]);
            Assert.Equal("已超出承诺2天", row[column + 1]);
        }
        var track = await app.CreateClient().GetStringAsync($"/track/{appeal.TrackingCode}");
        Assert.Contains($"{promised.ShowDeadline()} 前", track);
        Assert.Contains("已超过承诺的答复时限，已提级由街道综治中心督办", track);
        Assert.DoesNotContain("@if", track);
    }

    [Fact]
    public async Task An_escalated_appeal_past_the_promise_is_never_shown_as_plain_normal_beside_the_broken_promise()
    {
        var id = await app.InStateAsync(AppealState.InProgress);
        var submitted = DateTimeOffset.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.AddDays(-9).ToUnixTimeSeconds());
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);
        var appeal = (await ReadAsync(id)).Appeal;
        Assert.Equal(AppealTier.Street, appeal.Tier);

        // The light stays the street's own (the colour filters and queues say the same), but it says so, and the broken
        // promise comes first among its reasons.
        var status = (await app.GetAsync("street1", id)).GetProperty("status");
        var color = status.GetProperty("color").GetString()!;
        Assert.NotEqual("red", color);
        var label = status.GetProperty("label").GetString()!;
        Assert.StartsWith("本级", label);
        Assert.StartsWith("已超过承诺反馈时限", status.GetProperty("reasons")[0].GetString());

        var staff = await app.PageClientAsync("street1");
        var page = await staff.GetStringAsync($"/Appeals/{id}");
        Assert.Matches($"<span class=\"light light-{color}\">{label}</span>\\s*<strong class=\"past-promise\">已超出承诺2天</strong>", page);
        Assert.Contains("<dt>本级办理时限</dt>", page);

        // The list row: the light and the mark side by side, under the status filter of the light's own colour.
        var list = await staff.GetStringAsync($"/Appeals?status={color}&q={appeal.Number}");
        Assert.Matches($"<span class=\"light light-{color}\" title=\"已超过承诺反馈时限[^\"]*\">{label}</span>\\s*<span class=\"past-promise\"[^>]*>已超出承诺2天</span>", list);
        Assert.DoesNotContain($">{label[2..]}</span>", list);

        // The workbench counts it, with a link to those appeals, since 已超期 (the tier's limits) does not.
        var home = await staff.GetStringAsync("/");
        Assert.Contains("<a href=\"/Appeals?queue=mine&amp;status=past-promise\">其中已超出承诺时限</a>", home);
    }

    [Fact]
    public async Task A_warning_whose_cause_has_gone_is_shown_as_ended_not_as_something_to_do()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await BackdateAsync(id, DateTimeOffset.UtcNow.AddHours(-30), TimeSpan.FromHours(48), TimeSpan.FromDays(7));
        await Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunOnceAsync(default);
        var before = (await app.GetAsync("window1", id)).GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(before, w => w.GetProperty("code").GetString() == "NoResponse" && w.GetProperty("current").GetBoolean());

        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        var after = (await app.GetAsync("window1", id)).GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(after, w => w.GetProperty("code").GetString() == "NoResponse" && !w.GetProperty("current").GetBoolean());
        Assert.DoesNotContain(after, w => w.GetProperty("code").GetString() is "NoResponse" or "DispatchDueSoon" && w.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task Warnings_are_raised_once_each_and_reach_the_owners()
    {
        var id = await app.InStateAsync(AppealState.Dispatched);
        var submitted = new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing);
        await BackdateAsync(id, submitted, TimeSpan.FromHours(24), TimeSpan.FromDays(9));
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.Include(a => a.Assignments).SingleAsync(a => a.Id == id);
            appeal.DispatchedAt = submitted.AddHours(1).ToUniversalTime();
            foreach (var a in appeal.Assignments) a.AcknowledgeDueAt = submitted.AddHours(5).ToUniversalTime();
            await db.SaveChangesAsync();
        }
        // Four days on: not acknowledged for over 24 h, past the acknowledgement limit, no progress for over 3 days.
        var clock = new FakeTimeProvider(submitted.AddDays(4));
        var job = Job(app.Services, clock);
        var first = await job.RunOnceAsync(default);
        clock.Advance(TimeSpan.FromMinutes(5));
        await job.RunOnceAsync(default);

        var (_, events, warnings) = await ReadAsync(id);
        Assert.True(first.Warnings >= 3);
        Assert.Contains(warnings, w => w.Code == AppealWarningCode.NoResponse);
        Assert.Contains(warnings, w => w.Code == AppealWarningCode.AcknowledgeOverdue);
        Assert.Contains(warnings, w => w.Code == AppealWarningCode.NoProgress);
        Assert.Equal(warnings.Count, events.Count(e => e.Type == "warning"));
        Assert.All(events.Where(e => e.Type == "warning"), e => Assert.False(e.IsPublic));

        var window1 = await app.UserIdAsync("window1");
        var grid1 = await app.UserIdAsync("grid1");
        await using (app.SystemScope(out var db))
        {
            var keys = warnings.Select(w => w.Key).ToList();
            var notices = await db.Notifications.Where(n => n.Key != null).ToListAsync();
            var mine = notices.Where(n => keys.Any(k => n.Key!.StartsWith(k + ":", StringComparison.Ordinal))).ToList();
            Assert.Equal(warnings.Count, mine.Count(n => n.UserId == window1));
            Assert.Equal(warnings.Count, mine.Count(n => n.UserId == grid1));
        }

        var status = (await app.GetAsync("window1", id)).GetProperty("warnings").GetArrayLength();
        Assert.Equal(warnings.Count, status);
    }

    [Fact]
    public async Task New_appeals_reach_the_community_staff_once_whatever_the_channel()
    {
        var id = await app.SubmitAsync(description: "小区北门路灯不亮，晚上出行不便");
        var job = Job(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await job.RunOnceAsync(default);
        await job.RunOnceAsync(default);
        var secretary = await app.UserIdAsync("secretary1");
        var window = await app.UserIdAsync("window1");
        await using var scope = app.SystemScope(out var db);
        var notices = await db.Notifications.Where(n => n.Link == $"/Appeals/{id}" && n.Key!.StartsWith("new:")).ToListAsync();
        Assert.Single(notices, n => n.UserId == secretary);
        Assert.DoesNotContain(notices, n => n.UserId == window); // the one who registered it knows already
        Assert.Contains("新诉求待受理", notices.Single().Text);
    }

    [Fact]
    public async Task A_resolved_appeal_not_followed_up_in_time_reminds_the_owners_once()
    {
        var id = await app.InStateAsync(AppealState.Resolved);
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            appeal.ResolvedAt = DateTimeOffset.UtcNow.AddDays(-4);
            await db.SaveChangesAsync();
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var job = Job(app.Services, clock);
        await job.RunOnceAsync(default);
        clock.Advance(TimeSpan.FromMinutes(2));
        await job.RunOnceAsync(default);
        var (_, _, warnings) = await ReadAsync(id);
        Assert.Single(warnings, w => w.Code == AppealWarningCode.FollowUpOverdue);
    }
}
