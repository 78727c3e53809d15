using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>In-app notices for whoever must act, and text messages through the outbox, each sent once even when retried.</summary>
public sealed class AppealNotificationTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    /// <summary>
    /// A provider that fails the first attempt of each message after a pause (like a timeout), and records what it
    /// delivered. Every attempt's idempotency key is kept to check that retries reuse it.
    /// </summary>
    private sealed class FlakyGateway : ISmsSender
    {
        public ConcurrentBag<SmsMessage> Delivered { get; } = [];
        public ConcurrentBag<string> Attempts { get; } = [];
        private readonly ConcurrentDictionary<string, int> _tries = new();

        public async Task SendAsync(SmsMessage message, CancellationToken ct)
        {
            Attempts.Add(message.IdempotencyKey);
            await Task.Delay(50, ct); // long enough for a second node to try the same message meanwhile
            if (_tries.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1) == 1) throw new TimeoutException("短信网关超时");
            Delivered.Add(message);
        }
    }

    private OutboxDispatcher Dispatcher(IServiceProvider services, TimeProvider clock, ISmsSender sender) =>
        new(services.GetRequiredService<IServiceScopeFactory>(), clock, sender, services.GetRequiredService<IOptions<AppealOptions>>(),
            NullLogger<OutboxDispatcher>.Instance);

    /// <summary>A provider that refuses one number (switched off, blocked) and accepts the rest.</summary>
    private sealed class RefusingGateway(string refused) : ISmsSender
    {
        public Task SendAsync(SmsMessage message, CancellationToken ct) =>
            message.Recipient == refused ? throw new InvalidOperationException("isv.MOBILE_NUMBER_ILLEGAL") : Task.CompletedTask;
    }

    [Fact]
    public async Task A_department_sent_a_misdirected_appeal_asks_for_its_return_and_the_centre_is_told()
    {
        var id = await app.SentToHousingDepartmentAsync();
        Assert.Contains("return-request", (await app.GetAsync("dept1", id)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("申请退回", await (await app.PageClientAsync("dept1")).GetStringAsync($"/Appeals/{id}"));
        await ProblemAssert.IsAsync(await app.ActAsync("dept1", id, "return-request", new { reason = " " }), HttpStatusCode.UnprocessableEntity);
        // Those who dispatch transfer it themselves; nobody else asks in the unit's name.
        await ProblemAssert.IsAsync(await app.ActAsync("street1", id, "return-request", new { reason = "测试" }), HttpStatusCode.Forbidden);

        var view = await app.OkAsync("dept1", id, "return-request", new { reason = "属违章搭建，应由区城管局处理" });
        Assert.Equal((int)AppealState.Dispatched, view.GetProperty("state").GetInt32());
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("note").GetString() == "区住建局申请退回：属违章搭建，应由区城管局处理"
            && !e.GetProperty("isPublic").GetBoolean());
        var notices = await (await app.As("street1")).GetFromJsonAsync<JsonElement>("/api/v1/notifications?take=200");
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("text").GetString()!.StartsWith("区住建局申请退回诉求") && n.GetProperty("link").GetString() == $"/Appeals/{id}");

        // Once resolved there is nothing to return.
        await app.OkAsync("dept1", id, "acknowledge");
        await app.OkAsync("dept1", id, "resolve", new { result = "已处理" });
        Assert.Contains("不能申请退回", await ProblemAssert.IsAsync(await app.ActAsync("dept1", id, "return-request", new { reason = "不属于本部门" }), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Staff_see_on_the_appeal_which_text_messages_went_to_the_reporter_and_which_did_not()
    {
        var id = await app.InStateAsync(AppealState.Submitted, phone: "13700001111");
        await app.OkAsync("window1", id, "accept");
        var message = Assert.Single((await app.GetAsync("window1", id)).GetProperty("messages").EnumerateArray());
        Assert.Equal("受理通知", message.GetProperty("templateName").GetString());
        Assert.Equal("137****1111", message.GetProperty("recipient").GetString());
        Assert.Equal("待发送", message.GetProperty("statusName").GetString());

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(app.Services, clock, new RefusingGateway("13700001111"));
        var attempts = app.Services.GetRequiredService<IOptions<AppealOptions>>().Value.Jobs.MaxSendAttempts;
        for (var round = 0; round < attempts + 1; round++)
        {
            await dispatcher.RunOnceAsync(default);
            clock.Advance(TimeSpan.FromHours(2)); // past any retry pause
        }
        message = Assert.Single((await app.GetAsync("window1", id)).GetProperty("messages").EnumerateArray());
        Assert.True(message.GetProperty("failed").GetBoolean());
        Assert.Contains("请电话告知反映人", message.GetProperty("statusName").GetString());
        var html = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{id}");
        Assert.Contains("短信通知反映人", html);
        Assert.Contains("请电话告知反映人", html);
        Assert.DoesNotContain("MOBILE_NUMBER_ILLEGAL", html);
        Assert.DoesNotContain("13700001111", html);
    }

    [Fact]
    public async Task Each_text_message_is_sent_once_even_when_the_sender_is_retried_and_two_nodes_run()
    {
        var id = await app.InStateAsync(AppealState.Submitted, phone: "13812345678");
        await app.OkAsync("window1", id, "accept");
        // Retrying the action does not queue a second message.
        await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "accept"), HttpStatusCode.Conflict);
        var key = $"appeal:{id}:accepted";
        await using (app.SystemScope(out var db))
        {
            var queued = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key);
            Assert.Equal("138****5678", queued.RecipientMasked);
            Assert.DoesNotContain("13812345678", queued.RecipientCipher + queued.PayloadJson);
            Assert.Null(queued.SentAt);
        }

        var gateway = new FlakyGateway();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var secondNode = app.WithWebHostBuilder(_ => { });
        var first = Dispatcher(app.Services, clock, gateway);
        var second = Dispatcher(secondNode.Services, clock, gateway);
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(Task.Run(() => first.RunOnceAsync(default)), Task.Run(() => second.RunOnceAsync(default)));
            clock.Advance(TimeSpan.FromMinutes(10)); // past any retry pause
        }

        var mine = gateway.Delivered.Where(m => m.IdempotencyKey == key).ToList();
        var delivered = Assert.Single(mine);
        Assert.Equal("13812345678", delivered.Recipient);
        Assert.Equal("appeal-accepted", delivered.Template);
        Assert.Equal(2, gateway.Attempts.Count(k => k == key)); // one timeout, one success, never two at once
        await using (app.SystemScope(out var db))
        {
            var sent = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key);
            Assert.NotNull(sent.SentAt);
            Assert.Equal(2, sent.Attempts);
            Assert.Null(sent.LastError);
        }
    }

    [Fact]
    public async Task A_failed_message_waits_before_it_is_tried_again()
    {
        var id = await app.InStateAsync(AppealState.Submitted, phone: "13912345678");
        await app.OkAsync("window1", id, "reject", new { reason = "属于物业合同纠纷，请通过法律途径解决" });
        var key = $"appeal:{id}:rejected";
        var gateway = new FlakyGateway();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(app.Services, clock, gateway);
        await dispatcher.RunOnceAsync(default);
        await dispatcher.RunOnceAsync(default); // at once again: still waiting
        Assert.Single(gateway.Attempts, k => k == key);
        await using (app.SystemScope(out var db))
            Assert.Equal("短信网关超时", (await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key)).LastError);
        clock.Advance(TimeSpan.FromSeconds(31));
        await dispatcher.RunOnceAsync(default);
        Assert.Single(gateway.Delivered, m => m.IdempotencyKey == key);
    }

    [Fact]
    public async Task The_new_handler_reads_the_dispatchers_note_in_the_notice_and_the_resident_never_sees_it()
    {
        var grid1 = await app.UserIdAsync("grid1");
        var grid2 = await app.UserIdAsync("grid2");
        async Task<string> NoticeAsync(string user, long appealId, string key) =>
            (await (await app.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/notifications?take=200")).EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == $"/Appeals/{appealId}").Select(n => n.GetProperty("text").GetString()!)
            .Single(t => t.StartsWith("新派单") && t.Contains(key));

        // First dispatch: the note typed in 说明.
        var id = await app.InStateAsync(AppealState.Submitted, phone: "13911112222");
        await app.OkAsync("window1", id, "accept");
        await app.OkAsync("window1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = grid2 }, reason = "请带梯子上门" });
        Assert.EndsWith("说明：请带梯子上门", await NoticeAsync("grid2", id, "梯子"));

        // A transfer: the reason, shortened when long, on one line.
        var longReason = "网格调整，\n" + new string('楼', 120);
        await app.OkAsync("window1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = grid1 }, reason = longReason });
        var transferred = await NoticeAsync("grid1", id, "改派理由：网格调整， 楼");
        Assert.EndsWith("…", transferred);
        Assert.True(transferred.Length < longReason.Length + 60, transferred);

        // Bulk dispatch: its reason reaches each handler.
        var bulk = await app.InStateAsync(AppealState.Accepted);
        var response = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new
        {
            appealIds = new[] { bulk }, lead = new { kind = (int)AssigneeKind.GridWorker, userId = grid2 }, reason = "先电话联系楼长",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("说明：先电话联系楼长", await NoticeAsync("grid2", bulk, "楼长"));

        // Staff-only: no text message to the reporter and no line on the tracking page carries the dispatch note.
        string code;
        await using (app.SystemScope(out var db))
        {
            Assert.DoesNotContain(await db.OutboxMessages.Select(m => m.PayloadJson).ToListAsync(), p => p.Contains("梯子"));
            code = await db.Appeals.Where(a => a.Id == id).Select(a => a.TrackingCode).SingleAsync();
        }
        Assert.DoesNotContain("梯子", await app.CreateClient().GetStringAsync($"/track/{code}"));
    }

    [Fact]
    public async Task The_assignee_is_notified_once_and_can_mark_it_read()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        var grid2 = await app.As("grid2");
        var notices = (await grid2.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true")).EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == $"/Appeals/{id}").ToList();
        var notice = Assert.Single(notices);
        Assert.Contains("请于", notice.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await grid2.PostAsync($"/api/v1/notifications/{notice.GetProperty("id").GetInt64()}/read", null)).StatusCode);
        var unread = (await grid2.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true")).EnumerateArray();
        Assert.DoesNotContain(unread, n => n.GetProperty("link").GetString() == $"/Appeals/{id}");
        // Someone else's notice is not theirs to touch.
        var other = await app.As("grid1");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/notifications/{notice.GetProperty("id").GetInt64()}/read", null)).StatusCode);
    }

    [Fact]
    public async Task Whoever_is_taken_off_an_appeal_is_told_to_stop_on_a_transfer_or_an_escalation()
    {
        // Transfer: grid2 had it, the community hands it to grid1 with a reason.
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid2")));
        await app.OkAsync("grid2", id, "acknowledge");
        await app.OkAsync("window1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.GridWorker, userId = await app.UserIdAsync("grid1") },
            reason = "该楼栋属第一网格",
        });
        var relieved = await NoticesAsync("grid2", id);
        var transfer = Assert.Single(relieved, n => n.Contains("改派", StringComparison.Ordinal));
        Assert.Contains("该楼栋属第一网格", transfer);
        Assert.Contains("无需继续办理", transfer);
        // grid2 helped outside their own grid and can no longer open the appeal: the notice leads to their to-do list.
        var links = (await (await app.As("grid2")).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("text").GetString() == transfer).Select(n => n.GetProperty("link").GetString()).ToList();
        Assert.Equal(["/Appeals?queue=mine"], links);
        Assert.DoesNotContain(await NoticesAsync("grid1", id), n => n.Contains("无需继续办理", StringComparison.Ordinal));

        // Escalation: grid1 had it, the community hands it up to the street centre.
        await app.OkAsync("window1", id, "escalate", new { reason = "涉及违章搭建，需要街道协调" });
        var escalated = Assert.Single(await NoticesAsync("grid1", id), n => n.Contains("无需继续办理", StringComparison.Ordinal));
        Assert.Contains("已升级至街道", escalated);
        Assert.Single(await NoticesAsync("grid2", id), n => n.Contains("无需继续办理", StringComparison.Ordinal));
    }

    /// <summary>The texts of the user's notices about the appeal (by its number: a notice may lead elsewhere).</summary>
    private async Task<List<string>> NoticesAsync(string user, long id)
    {
        var number = (await app.GetAsync("window1", id)).GetProperty("number").GetString()!;
        return (await (await app.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).Where(t => t.Contains(number, StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task Resolution_sends_the_reporter_the_result_and_gives_the_owners_a_follow_up_task()
    {
        var id = await app.InStateAsync(AppealState.InProgress, phone: "13712345678");
        await app.OkAsync("grid1", id, "resolve", new { result = "已清理楼道堆物" });
        var window1 = await app.UserIdAsync("window1");
        await using var scope = app.SystemScope(out var db);
        var message = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"appeal:{id}:resolved:0");
        var payload = JsonDocument.Parse(message.PayloadJson).RootElement;
        Assert.Equal("已清理楼道堆物", payload.GetProperty("result").GetString());
        Assert.StartsWith("/track?code=", payload.GetProperty("link").GetString());
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == window1 && n.Key == $"follow-up:{id}:0:{window1}"));
    }
}
