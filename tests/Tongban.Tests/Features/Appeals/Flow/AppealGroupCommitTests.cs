using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// Submissions that arrive together are written in one transaction (AppealIntakeWriter): each still gets its own id,
/// number and audit entry under its own submitter, the audit chain stays whole, and a replayed key is saved once.
/// </summary>
public sealed class AppealGroupCommitTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private async Task<HttpResponseMessage> PostAsync(string user, int building, int category, string description, string? key = null) =>
        await (await app.As(user)).PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Help, categoryId = category, description, buildingId = building,
            channel = (int)AppealChannel.Window, reporterName = "赵女士", reporterPhone = "13700001111", idempotencyKey = key,
        });

    [Fact]
    public async Task Staff_reusing_a_key_for_a_different_matter_get_a_422_and_nothing_is_written()
    {
        var building = await app.BuildingOfAsync("grid1", 1);
        var category = await app.CategoryIdAsync("noise");
        var key = Guid.NewGuid().ToString("N");
        var first = await PostAsync("window1", building, category, "楼下KTV每晚唱到一点", key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var filed = await first.Content.ReadFromJsonAsync<JsonElement>();
        var replay = await PostAsync("window1", building, category, "楼下KTV每晚唱到一点", key); // the same matter again: its earlier answer
        Assert.Equal(filed.GetProperty("id").GetInt64(),
            (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

        var other = await PostAsync("window1", building, category, "广场舞音响早上六点就开", key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(filed.GetProperty("number").GetString()!,
            problem.GetProperty("errors").GetProperty("idempotencyKey")[0].GetString());
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.Appeals.AnyAsync(a => a.Description == "广场舞音响早上六点就开"));
    }

    [Fact]
    public async Task Appeals_submitted_at_once_share_transactions_and_each_keeps_its_own_record_and_submitter()
    {
        var writer = app.Services.GetRequiredService<AppealIntakeWriter>();
        var building = await app.BuildingOfAsync("grid1", 1);
        var category = await app.CategoryIdAsync("noise");
        await app.As("window1");
        await app.As("secretary1");
        var (writtenBefore, batchesBefore) = (writer.Written, writer.Batches);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            PostAsync(i % 2 == 0 ? "window1" : "secretary1", building, category, $"同时登记的第{i}条：楼下夜宵摊噪音到凌晨")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var ids = results.Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(40, ids.Distinct().Count());
        Assert.Equal(40, results.Select(r => r.GetProperty("number").GetString()).Distinct().Count());
        Assert.Equal(40, writer.Written - writtenBefore);
        Assert.True(writer.Batches - batchesBefore < 40, $"40 appeals took {writer.Batches - batchesBefore} transactions");

        await using var scope = app.SystemScope(out var db);
        var saved = await db.Appeals.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Number, a.SubmittedByUserId, a.SearchText }).ToListAsync();
        Assert.Equal(40, saved.Count);
        Assert.All(saved, a => Assert.EndsWith(a.Id.ToString("D6"), a.Number));
        Assert.All(saved, a => Assert.Contains("噪音", a.SearchText));
        var secretary1 = await app.UserIdAsync("secretary1");
        var window1 = await app.UserIdAsync("window1");
        var audit = await db.AuditEntries.Where(e => e.EntityType == nameof(Appeal) && e.Action == "create").ToListAsync();
        foreach (var a in saved)
        {
            var entry = Assert.Single(audit, e => e.EntityId == a.Id.ToString());
            Assert.Equal(a.SubmittedByUserId, entry.UserId);
            Assert.Equal(a.SubmittedByUserId == secretary1 ? "secretary1" : "window1", entry.UserName);
            Assert.Contains(a.SubmittedByUserId, new[] { secretary1, window1 });
        }
        // Every appeal's timeline starts with its submission, and the audit chain is unbroken.
        Assert.Equal(40, await db.AppealEvents.CountAsync(e => ids.Contains(e.AppealId) && e.Type == "submit"));
        Assert.Null((await AuditChain.VerifyAsync(db)).FirstBrokenId);
    }

    [Fact]
    public async Task A_replayed_submission_is_answered_with_the_same_times_as_the_first()
    {
        // The first answer is built from the appeal in memory, the replay's from the stored row: the times must agree
        // to the tick, or a client comparing the two sees two deadlines.
        var building = await app.BuildingOfAsync("grid1", 2);
        var category = await app.CategoryIdAsync("noise");
        var key = "same-answer-" + Guid.NewGuid().ToString("N");
        var first = await (await PostAsync("window1", building, category, "广场舞音响每晚十点后还在响", key)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await PostAsync("window1", building, category, "广场舞音响每晚十点后还在响", key)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        foreach (var property in first.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && p.Name.EndsWith("At")))
            Assert.Equal(property.Value.GetString(), again.GetProperty(property.Name).GetString());
    }

    [Fact]
    public async Task A_key_replayed_within_one_batch_is_saved_once_and_the_others_in_the_batch_are_kept()
    {
        var building = await app.BuildingOfAsync("grid1", 3);
        var category = await app.CategoryIdAsync("ev");
        var key = "group-" + Guid.NewGuid().ToString("N");
        var requests = Enumerable.Range(0, 16).Select(i => i % 4 == 0
            ? PostAsync("window1", building, category, "车棚里电动车飞线充电，电线挂在树上", key)
            : PostAsync("window1", building, category, $"第{i}户反映楼道堆放电动车电瓶"));
        var responses = await Task.WhenAll(requests);

        // The keyed four: one made the appeal (201), the other three are its replays (200).
        Assert.Equal(1, responses.Where((_, i) => i % 4 == 0).Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, responses.Where((_, i) => i % 4 == 0).Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where((_, i) => i % 4 != 0), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var replayed = results.Where((_, i) => i % 4 == 0).Select(r => r.GetProperty("id").GetInt64()).Distinct().ToList();
        Assert.Single(replayed);
        var others = results.Where((_, i) => i % 4 != 0).Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(12, others.Distinct().Count());
        Assert.DoesNotContain(replayed[0], others);

        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
        Assert.Equal(12, await db.Appeals.CountAsync(a => others.Contains(a.Id)));
        Assert.Null((await AuditChain.VerifyAsync(db)).FirstBrokenId);
    }
    [Fact]
    public async Task Appeals_written_in_one_batch_are_offered_each_other_as_duplicates_as_if_written_one_by_one()
    {
        // On PostgreSQL the writer reads a whole batch's duplicate searches before it writes any of the batch's appeals,
        // and adds the earlier ones from memory: the offers must be what writing them one by one would have found.
        var writer = app.Services.GetRequiredService<AppealIntakeWriter>();
        var building = await app.BuildingOfAsync("grid1", 4);
        var category = await app.CategoryIdAsync("leak");
        await app.As("window1");
        var batchesBefore = writer.Batches;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PostAsync("window1", building, category, $"同一栋楼第{i}户反映楼顶漏水")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.True(writer.Batches - batchesBefore < 12, "the twelve appeals were not batched: the test would not show anything");
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        await using var scope = app.SystemScope(out var db);
        var there = await db.Appeals.IgnoreQueryFilters().Where(a => a.BuildingId == building && a.CategoryId == category)
            .Select(a => new { a.Id, a.State, a.SupporterCount }).ToListAsync();
        foreach (var result in results)
        {
            var id = result.GetProperty("id").GetInt64();
            var expected = there.Where(a => a.Id < id && AppealDeadlines.IsOpen(a.State))
                .OrderByDescending(a => a.SupporterCount).ThenBy(a => a.Id).Take(5).Select(a => a.Id).ToList();
            var offered = result.GetProperty("possibleDuplicates").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(expected, offered);
        }
    }

    [Fact]
    public async Task Appeals_written_in_one_batch_find_each_other_within_the_radius()
    {
        // Points without a building: the offer is by distance in whole metres, nearest first (then the older), within 150 m.
        int area;
        await using (var scope = app.SystemScope(out var db))
            area = await db.Users.Where(u => u.UserName == "window1").Select(u => u.AreaId).SingleAsync();
        var category = await app.CategoryIdAsync("hazard");
        var client = await app.As("window1");
        var points = new[] { (31.20000, 121.50000), (31.20030, 121.50000), (31.20060, 121.50000), (31.21000, 121.50000) };
        var responses = await Task.WhenAll(points.Select((pt, i) => client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Report, categoryId = category, description = $"路边井盖松动第{i}处，行人容易踩空", areaId = area,
            address = $"沿河路{i + 1}号门前", latitude = pt.Item1, longitude = pt.Item2, channel = (int)AppealChannel.Window,
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var ids = results.Select(r => r.GetProperty("id").GetInt64()).ToArray();
        for (var i = 0; i < points.Length; i++)
        {
            var expected = Enumerable.Range(0, points.Length)
                .Where(j => ids[j] < ids[i] && FindDuplicates.Distance(points[i].Item1, points[i].Item2, points[j].Item1, points[j].Item2) <= FindDuplicates.RadiusMetres)
                .OrderBy(j => Math.Round(FindDuplicates.Distance(points[i].Item1, points[i].Item2, points[j].Item1, points[j].Item2))) // whole metres,
                .ThenBy(j => ids[j]).Select(j => ids[j]).ToList(); // then the older first
            var offered = results[i].GetProperty("possibleDuplicates").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(expected, offered);
        }
    }

    [Fact]
    public async Task An_appeal_that_fails_inside_a_batch_fails_alone_and_leaves_nothing_of_itself()
    {
        // A photo row without its file hash breaks a NOT NULL constraint on both engines, after the batch's appeal rows
        // were sent: the transaction must leave nothing behind, and the others queued with it are written on their own.
        var writer = app.Services.GetRequiredService<AppealIntakeWriter>();
        var building = await app.BuildingOfAsync("grid1", 0);
        var category = await app.CategoryIdAsync("noise");
        string path;
        await using (var scope = app.SystemScope(out var db))
            path = await db.Buildings.Where(b => b.Id == building).Select(b => b.AreaPath).SingleAsync();
        AppealIntakeWriter.Pending Make(string description, AppealAttachment? photo)
        {
            var now = DateTimeOffset.UtcNow;
            var code = SubmitAppeal.NewTrackingCode();
            var appeal = Appeal.Submit(new AppealSubmission(code, code, AppealKind.Help, category, AppealChannel.Online, AppealUrgency.General, "批量中的一条",
                description, building, null, "测试楼栋", null, null, path, null, null, true, null),
                new TimeLimit(now.AddHours(24), now.AddDays(7)), new Actor(null, "居民", "居民"), now);
            return new AppealIntakeWriter.Pending(appeal, "噪音扰民", photo is null ? [] : [photo], null, "居民", DuplicateScope.Everyone);
        }
        var bad = Make("带一张损坏照片记录的诉求", new AppealAttachment { Sha256 = null!, ContentType = "image/jpeg", Size = 10, FileName = "a.jpg", AreaPath = path });
        var good = new[] { Make("同批的第一条正常诉求", null), Make("同批的第二条正常诉求", null) };

        var tasks = new[] { writer.WriteAsync(good[0]), writer.WriteAsync(bad), writer.WriteAsync(good[1]) };
        await Assert.ThrowsAnyAsync<Exception>(() => tasks[1]);
        Assert.True(await tasks[0]);
        Assert.True(await tasks[2]);

        await using var check = app.SystemScope(out var saved);
        var codes = good.Select(p => p.Appeal.TrackingCode).Append(bad.Appeal.TrackingCode).ToList();
        var written = await saved.Appeals.IgnoreQueryFilters().Where(a => codes.Contains(a.TrackingCode)).Select(a => a.Description).ToListAsync();
        Assert.Equal(good.Select(p => p.Appeal.Description).Order(), written.Order());
        Assert.False(await saved.AuditEntries.AnyAsync(e => e.EntityType == nameof(Appeal) && e.After!.Contains("带一张损坏照片记录的诉求")));
        Assert.Null((await AuditChain.VerifyAsync(saved)).FirstBrokenId);
    }

    [Fact]
    public async Task The_writer_audits_each_new_row_exactly_as_SaveChanges_would()
    {
        var id = await app.SubmitAsync("window1", phone: "13912345678");

        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id);
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id).ToListAsync();
        var audit = await db.AuditEntries.Where(e => e.Action == "create"
            && ((e.EntityType == nameof(Appeal) && e.EntityId == id.ToString()) || e.EntityType == nameof(AppealEvent))).ToListAsync();
        var appealEntry = Assert.Single(audit, e => e.EntityType == nameof(Appeal));
        Assert.Equal(appeal.AreaPath, appealEntry.AreaPath);
        Assert.Equal("window1", appealEntry.UserName);
        Assert.Contains("\"ReporterPhoneCipher\":\"(已加密)\"", appealEntry.After);
        Assert.Contains("\"SearchText\":\"(已加密)\"", appealEntry.After);
        Assert.Contains($"\"Number\":\"{appeal.Number}\"", appealEntry.After);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Single(audit, a => a.EntityType == nameof(AppealEvent) && a.EntityId == e.Id.ToString() && a.UserName == "window1"));

        // The writer builds entries from the model (EntityAudit.Created); SaveChanges from the change tracker
        // (EntityAudit.Snapshot). For the same new rows they must say the same.
        foreach (var row in events.Cast<object>().Prepend(appeal))
        {
            var entry = db.Entry(row);
            entry.State = EntityState.Added;
            Assert.Equal(EntityAudit.Snapshot(entry, current: true), EntityAudit.Created(entry.Metadata, row, null, "x", DateTimeOffset.UtcNow).After);
        }
    }
    [Fact]
    public async Task The_same_key_sent_to_two_nodes_at_once_makes_one_appeal_and_both_answer_with_it()
    {
        // A second writer on its own connection is what a second app node would be.
        await using var second = new AppealIntakeWriter(app.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<AppealIntakeWriter>.Instance);
        var building = await app.BuildingOfAsync("grid1", 2);
        var category = await app.CategoryIdAsync("noise");
        for (var round = 0; round < 5; round++)
        {
            var key = $"two-nodes-{round}-" + Guid.NewGuid().ToString("N");
            var request = new SubmitAppealRequest(AppealKind.Complaint, category, "两个窗口同时登记了同一条噪音投诉", BuildingId: building, IdempotencyKey: key);
            var answers = await Task.WhenAll(new[] { app.Services.GetRequiredService<AppealIntakeWriter>(), second }.Select(async writer =>
            {
                await using var scope = app.SystemScope(out _);
                var submit = ActivatorUtilities.CreateInstance<SubmitAppeal>(scope.ServiceProvider, writer);
                return await submit.HandleAsync(request, new Actor(null, "居民", "居民"), publicIntake: true);
            }));
            Assert.Equal(answers[0].Id, answers[1].Id);
            Assert.Equal(answers[0].Number, answers[1].Number);
            await using var check = app.SystemScope(out var db);
            Assert.Equal(1, await db.Appeals.IgnoreQueryFilters().CountAsync(a => a.IdempotencyKey == key));
        }
        await using (var check = app.SystemScope(out var db))
            Assert.Null((await AuditChain.VerifyAsync(db)).FirstBrokenId);
    }
    [Fact]
    public async Task A_tracking_code_already_held_by_an_appeal_is_drawn_again()
    {
        var earlierId = await app.SubmitAsync("window1");
        Appeal earlier;
        await using (var scope = app.SystemScope(out var db))
            earlier = await db.Appeals.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == earlierId);
        var now = DateTimeOffset.UtcNow;
        var resident = new Actor(null, "居民", "居民");
        var repeat = Appeal.Submit(new AppealSubmission(earlier.TrackingCode, earlier.TrackingCode, AppealKind.Help, earlier.CategoryId, AppealChannel.Online,
            AppealUrgency.General, "同一个追踪码", "抽到了一个已经用过的追踪码", earlier.BuildingId, null, earlier.Address, null, null, earlier.AreaPath,
            earlier.CommunityId, null, true, null), new TimeLimit(now.AddHours(24), now.AddDays(7)), resident, now);

        var written = await app.Services.GetRequiredService<AppealIntakeWriter>()
            .WriteAsync(new AppealIntakeWriter.Pending(repeat, "噪音扰民", [], null, "居民", DuplicateScope.Everyone));

        Assert.True(written);
        Assert.NotEqual(earlier.TrackingCode, repeat.TrackingCode);
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", repeat.TrackingCode);
        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(repeat.TrackingCode, await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == repeat.Id).Select(a => a.TrackingCode).SingleAsync());
    }
}
