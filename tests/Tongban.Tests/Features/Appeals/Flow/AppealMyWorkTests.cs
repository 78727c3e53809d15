using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// 我的待办 holds what waits on the caller or their desk: for those who run the process (window, secretary, street
/// centre, district) the appeals to accept, to dispatch and to follow up at their own tier, beside what is dispatched to
/// them; for a grid worker or a department what is dispatched to them. Each row says what it waits for.
/// </summary>
public sealed class AppealMyWorkTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private sealed record Row(long Id, string? Awaiting);

    private async Task<(List<Row> Rows, bool HasNext)> PageAsync(string user, int page, int pageSize)
    {
        var body = await (await app.As(user)).GetFromJsonAsync<JsonElement>($"/api/v1/appeals?queue=mine&page={page}&pageSize={pageSize}");
        var rows = body.GetProperty("items").EnumerateArray()
            .Select(i => new Row(i.GetProperty("id").GetInt64(), i.TryGetProperty("awaiting", out var w) ? w.GetString() : null)).ToList();
        return (rows, body.GetProperty("hasNext").GetBoolean());
    }

    private async Task<List<Row>> AllAsync(string user)
    {
        var all = new List<Row>();
        for (var page = 1; ; page++)
        {
            var (rows, hasNext) = await PageAsync(user, page, 100);
            all.AddRange(rows);
            if (!hasNext) return all;
        }
    }

    private async Task SetDueAsync(long id, TimeSpan dispatchFromNow, TimeSpan feedbackFromNow)
    {
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        appeal.DispatchDueAt = DateTimeOffset.UtcNow + dispatchFromNow;
        appeal.FeedbackDueAt = DateTimeOffset.UtcNow + feedbackFromNow;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Window_staff_find_what_waits_to_be_accepted_dispatched_and_followed_up_in_their_own_queue_most_urgent_first()
    {
        // Limits years in the past, so these three are the community's most urgent whatever else the demo data and tests hold.
        var resolved = await app.InStateAsync(AppealState.Resolved);
        await SetDueAsync(resolved, TimeSpan.FromDays(-4000), TimeSpan.FromDays(-3000));
        var submitted = await app.InStateAsync(AppealState.Submitted);
        await SetDueAsync(submitted, TimeSpan.FromDays(-2999), TimeSpan.FromDays(-1));
        var accepted = await app.InStateAsync(AppealState.Accepted);
        await SetDueAsync(accepted, TimeSpan.FromDays(-2998), TimeSpan.FromDays(-2));
        var escalated = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", escalated, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        var dispatched = await app.InStateAsync(AppealState.Dispatched);

        var (first, _) = await PageAsync("window1", 1, 3);
        Assert.Equal([new Row(resolved, "待回访"), new Row(submitted, "待受理"), new Row(accepted, "待派单")], first);
        // Paging goes on across the three kinds of work in the same order.
        var (pageOne, more) = await PageAsync("window1", 1, 2);
        var (pageTwo, _) = await PageAsync("window1", 2, 2);
        Assert.True(more);
        Assert.Equal([resolved, submitted], pageOne.Select(r => r.Id));
        Assert.Equal(accepted, pageTwo[0].Id);

        var window = await AllAsync("window1");
        Assert.DoesNotContain(window, r => r.Id == escalated); // the street's now
        Assert.DoesNotContain(window, r => r.Id == dispatched); // with the grid worker
        Assert.Equal(window.Count, window.Select(r => r.Id).Distinct().Count());
        Assert.All(window, r => Assert.Contains(r.Awaiting, new[] { "待受理", "待派单", "待回访" }));
        // The secretary runs the same community's process and waits on the same work.
        Assert.Contains(new Row(submitted, "待受理"), await AllAsync("secretary1"));

        // The street dispatches what was sent up to it, and then follows it up.
        var street = await AllAsync("street1");
        Assert.Contains(new Row(escalated, "待派单"), street);
        Assert.DoesNotContain(street, r => r.Id == submitted || r.Id == accepted || r.Id == resolved);
        await app.OkAsync("street1", escalated, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        await app.OkAsync("grid1", escalated, "acknowledge");
        await app.OkAsync("grid1", escalated, "resolve", new { result = "已协调有关部门处理" });
        Assert.Contains(new Row(escalated, "待回访"), await AllAsync("street1"));
        Assert.DoesNotContain(await AllAsync("window1"), r => r.Id == escalated);

        // A grid worker's own queue is still what is dispatched to them, and says what it waits for.
        Assert.Contains(new Row(dispatched, "待签收"), await AllAsync("grid1"));
    }

    [Theory]
    [InlineData("window1")]
    [InlineData("secretary1")]
    [InlineData("street1")]
    [InlineData("admin")]
    [InlineData("grid1")]
    public async Task The_workbench_counts_my_work_as_the_queue_lists_it(string user)
    {
        await app.InStateAsync(AppealState.Submitted);
        await app.InStateAsync(AppealState.Accepted);
        await app.InStateAsync(AppealState.Dispatched);
        var listed = (await AllAsync(user)).Count;

        var html = await (await app.PageClientAsync(user)).GetStringAsync("/");
        var shown = Regex.Match(html, """href="/Appeals\?queue=mine">我的待办</a> <strong>(\d+)</strong>""");
        Assert.True(shown.Success, "工作台没有显示“我的待办”的件数");
        Assert.Equal(listed, int.Parse(shown.Groups[1].Value));
        if (user is "window1" or "secretary1") Assert.True(listed > 0);
    }

    [Fact]
    public async Task A_summoned_department_reads_its_row_as_waiting_for_its_report_in_not_for_a_signature()
    {
        // 区住建局 (dept1) is summoned beside 区市场监管局, which leads: dept1 reports in (报到), it does not sign for it.
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "需要职能部门处理" });
        await app.OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = await app.DepartmentAsync("区市场监管局") },
            supporting = new[] { new { kind = (int)AssigneeKind.Department, departmentId = await app.DepartmentAsync("区住建局", "dept1") } },
        });
        Assert.Equal("待报到", (await AllAsync("dept1")).Single(r => r.Id == id).Awaiting);
        await app.OkAsync("dept1", id, "acknowledge");
        Assert.Equal("配合办理", (await AllAsync("dept1")).Single(r => r.Id == id).Awaiting);
    }
}
