using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.People;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>PIPL: a reporter's name and phone, and the text messages sent to them, go once their keeping period has run out.</summary>
public sealed class AppealContactRetentionTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task A_reporters_name_and_phone_are_erased_180_days_after_closing_and_nothing_else_is()
    {
        var expired = await app.InStateAsync(AppealState.Closed, phone: "13912345001");
        var recent = await app.InStateAsync(AppealState.Closed, phone: "13912345002");
        var rejected = await app.InStateAsync(AppealState.Rejected, phone: "13912345003");
        var open = await app.InStateAsync(AppealState.InProgress, phone: "13912345004");
        await using (var scope = app.SystemScope(out var db))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var a in await db.Appeals.Where(a => a.Id == expired || a.Id == recent || a.Id == rejected || a.Id == open).ToListAsync())
                a.ClosedAt = a.Id == recent ? now.AddDays(-179) : a.Id == open ? null : now.AddDays(-181);
            foreach (var a in await db.Appeals.Where(a => a.Id == open).ToListAsync()) a.SubmittedAt = now.AddDays(-400);
            // A text message to the reporter sent 31 days ago, and one sent yesterday.
            db.OutboxMessages.AddRange(
                new OutboxMessage { IdempotencyKey = $"retention-old-{expired}", RecipientCipher = "x", RecipientMasked = "139****5001", Template = "appeal-resolved", PayloadJson = """{"name":"王先生"}""", CreatedAt = now.AddDays(-31), SentAt = now.AddDays(-31) },
                new OutboxMessage { IdempotencyKey = $"retention-new-{expired}", RecipientCipher = "y", RecipientMasked = "139****5002", Template = "appeal-resolved", PayloadJson = """{"name":"王先生"}""", CreatedAt = now.AddDays(-1), SentAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var job = app.Services.GetRequiredService<PersonalDataRetentionJob>();
        var result = await job.RunOnceAsync(CancellationToken.None);
        Assert.True(result.Appeals >= 2, result.ToString());
        Assert.True(result.Messages >= 1, result.ToString());

        await using (var scope = app.SystemScope(out var db))
        {
            var rows = await db.Appeals.Where(a => a.Id == expired || a.Id == recent || a.Id == rejected || a.Id == open).ToDictionaryAsync(a => a.Id);
            foreach (var gone in new[] { rows[expired], rows[rejected] })
            {
                Assert.Null(gone.ReporterName);
                Assert.Null(gone.ReporterPhoneCipher);
                Assert.Null(gone.ReporterPhoneHash);
                Assert.Null(gone.ReporterPhoneMasked);
                Assert.NotNull(gone.ContactErasedAt);
                Assert.False(string.IsNullOrEmpty(gone.Description)); // the appeal itself stays, and its figures
            }
            foreach (var kept in new[] { rows[recent], rows[open] })
            {
                Assert.Equal("王先生", kept.ReporterName);
                Assert.NotNull(kept.ReporterPhoneCipher);
                Assert.Null(kept.ContactErasedAt);
            }
            var old = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"retention-old-{expired}");
            Assert.Equal(("", "", "{}"), (old.RecipientCipher, old.RecipientMasked, old.PayloadJson));
            Assert.NotNull(old.RecipientErasedAt);
            var fresh = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"retention-new-{expired}");
            Assert.Equal("139****5002", fresh.RecipientMasked);
            // Each batch leaves its record in the audit chain.
            Assert.Contains(await db.AuditEntries.Where(e => e.Action == "retention-erase").Select(e => e.Detail).ToListAsync(), d => d!.Contains("诉求反映人的姓名和电话"));
        }

        // Staff see that it was erased, and when; a second run finds nothing left.
        var page = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{expired}");
        Assert.Contains("姓名和电话已于", page);
        Assert.DoesNotContain("王先生", page);
        var api = await (await app.As("window1")).GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{expired}");
        Assert.Equal(JsonValueKind.Null, api.GetProperty("reporterName").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, api.GetProperty("contactErasedAt").ValueKind);
        Assert.Equal(0, (await job.RunOnceAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_handler_erases_the_reporters_contact_at_their_request_and_the_appeal_goes_on()
    {
        var id = await app.InStateAsync(AppealState.InProgress, phone: "13912345009");
        var window = await app.As("window1");
        var before = await app.GetAsync("window1", id);
        Assert.Contains("erase-contact", before.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        // No reason: told what to write. A grid worker (no handling right): refused.
        var noReason = await window.PostAsJsonAsync($"/api/v1/appeals/{id}/erase-contact", new { reason = " " });
        Assert.Contains("删除依据", await ProblemAssert.IsAsync(noReason, System.Net.HttpStatusCode.UnprocessableEntity));
        await ProblemAssert.IsAsync(await app.ActAsync("grid1", id, "erase-contact", new { reason = "反映人要求" }), System.Net.HttpStatusCode.Forbidden);

        var after = await app.OkAsync("window1", id, "erase-contact", new { reason = "反映人来电要求删除个人信息" });
        Assert.Equal(JsonValueKind.Null, after.GetProperty("reporterName").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("reporterPhoneMasked").ValueKind);
        Assert.Equal((int)AppealState.InProgress, after.GetProperty("state").GetInt32()); // the work goes on
        Assert.DoesNotContain("erase-contact", after.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var step = Assert.Single(after.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "erase-contact");
        Assert.Contains("反映人来电要求删除个人信息", step.GetProperty("note").GetString());
        Assert.False(step.GetProperty("isPublic").GetBoolean());

        // Twice: told it is done already. Resolving afterwards texts nobody.
        Assert.Contains("无需再删", await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "erase-contact", new { reason = "再次" }), System.Net.HttpStatusCode.Conflict));
        await app.OkAsync("grid1", id, "resolve", new { result = "已协调解决" });
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        Assert.Null(appeal.ReporterPhoneCipher);
        Assert.Null(appeal.ReporterPhoneHash);
        Assert.NotNull(appeal.ContactErasedAt);
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey.StartsWith($"appeal:{id}:resolved")));
    }

    [Fact]
    public async Task An_anonymous_appeal_has_no_contact_to_erase()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            (appeal.IsAnonymous, appeal.ReporterName) = (true, null);
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain("erase-contact", (await app.GetAsync("window1", id)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("没有可删除", await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "erase-contact", new { reason = "反映人要求" }), System.Net.HttpStatusCode.Conflict));
    }
}
