using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Appeals.Flow;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;

namespace Tongban.Tests.Features.Outreach;

/// <summary>Visit rules, the day list, recording visits once, findings to appeals and the refusals (grid 1's worker).</summary>
public sealed class GridWorkTests(OutreachFixture app) : IClassFixture<OutreachFixture>
{
    private static IEnumerable<int> DueHouseholds(JsonElement day) =>
        day.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("householdId").GetInt32());

    [Fact]
    public async Task Day_list_applies_the_visit_rule_of_each_tag()
    {
        var now = DateTimeOffset.UtcNow;
        var alone = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone);
        var disabled = await app.HouseholdAsync("grid1", BuiltInTags.Disabled);
        var plain = await app.HouseholdAsync("grid1");
        var plainRecent = await app.HouseholdAsync("grid1");
        var aloneRecent = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone, BuiltInTags.Disabled);
        await app.VisitedAsync(alone, now.AddDays(-8));     // weekly: due
        await app.VisitedAsync(disabled, now.AddDays(-8));  // monthly: not yet
        await app.VisitedAsync(plain, now.AddDays(-100));   // quarterly: due
        await app.VisitedAsync(plainRecent, now.AddDays(-10));
        await app.VisitedAsync(aloneRecent, now.AddDays(-2));

        var grid1 = await app.As("grid1");
        var day = await grid1.GetFromJsonAsync<JsonElement>("/api/v1/outreach/day?limit=1000");
        var due = DueHouseholds(day).ToList();
        Assert.Contains(alone, due);
        Assert.Contains(plain, due);
        Assert.DoesNotContain(disabled, due);
        Assert.DoesNotContain(plainRecent, due);
        Assert.DoesNotContain(aloneRecent, due);
        var first = day.GetProperty("visits").EnumerateArray().First(v => v.GetProperty("householdId").GetInt32() == alone);
        Assert.Equal(7, first.GetProperty("intervalDays").GetInt32());
        Assert.Contains("独居老人", first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        // Only grid 1's buildings are due for patrol on grid 1's list.
        await using (var scope = app.SystemScope(out var db))
        {
            var gridId = await app.AreaIdOfAsync("grid1");
            var own = await db.Buildings.Where(b => b.GridId == gridId).Select(b => b.Id).ToListAsync();
            Assert.All(day.GetProperty("patrols").EnumerateArray(), p => Assert.Contains(p.GetProperty("buildingId").GetInt32(), own));
        }
        // The weekly visits come before the quarterly round.
        Assert.True(due.IndexOf(alone) < due.IndexOf(plain));

        // Rules are configurable: disabled residents weekly makes that household due too.
        var admin = await app.As("admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = "disabled", intervalDays = 7 })).StatusCode);
        await ProblemAssert.IsAsync(await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = "disabled", intervalDays = 0 }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = "disabled", intervalDays = 7 })).StatusCode);
        try
        {
            day = await grid1.GetFromJsonAsync<JsonElement>("/api/v1/outreach/day?limit=1000");
            Assert.Contains(disabled, DueHouseholds(day));
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/v1/outreach/visit-rules", new { tagCode = "disabled", intervalDays = 30 });
        }
    }

    [Fact]
    public async Task Offline_submission_retried_twice_creates_one_visit_and_one_appeal()
    {
        var household = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone);
        var grid1 = await app.As("grid1");
        var key = Guid.NewGuid().ToString();
        var body = new
        {
            kind = "Home", householdId = household, method = "InPerson", looked = true, listened = true, asked = true, @checked = true,
            notes = "老人独自在家，精神尚好", visitedAt = DateTimeOffset.UtcNow.AddMinutes(-30), idempotencyKey = key,
            findings = new[] { new { kind = "Hazard", description = "厨房燃气软管老化开裂，有漏气风险" } },
        };
        var first = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", body);
        var third = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var c = await third.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetInt64(), c.GetProperty("id").GetInt64());
        Assert.True(c.GetProperty("replayed").GetBoolean());
        Assert.Equal(a.GetProperty("appeals")[0].GetProperty("number").GetString(), c.GetProperty("appeals")[0].GetProperty("number").GetString());

        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Visits.CountAsync(v => v.IdempotencyKey == key));
        var appealId = a.GetProperty("appeals")[0].GetProperty("appealId").GetInt64();
        Assert.Equal(1, await db.Appeals.CountAsync(x => x.IdempotencyKey != null && x.IdempotencyKey.StartsWith("visit:" + key)));
        var appeal = await db.Appeals.SingleAsync(x => x.Id == appealId);
        Assert.Equal(AppealChannel.GridPatrol, appeal.Channel);
        Assert.Equal(AppealState.Submitted, appeal.State);
        var visit = await db.Visits.SingleAsync(v => v.IdempotencyKey == key);
        Assert.Contains(BuiltInTags.ElderlyAlone, visit.TagCodes);

        // The appeal is in the grid's queue.
        var queue = await grid1.GetFromJsonAsync<JsonElement>("/api/v1/appeals?queue=area&pageSize=100");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == appealId);
    }

    [Fact]
    public async Task The_same_form_arriving_twice_at_once_is_one_visit()
    {
        var household = await app.HouseholdAsync("grid1");
        var grid1 = await app.As("grid1");
        var key = Guid.NewGuid().ToString();
        var body = new { kind = "Home", householdId = household, idempotencyKey = key, looked = true };
        var responses = await Task.WhenAll(grid1.PostAsJsonAsync("/api/v1/outreach/visits", body), grid1.PostAsJsonAsync("/api/v1/outreach/visits", body));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
        Assert.Equal(ids[0], ids[1]);
        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Visits.CountAsync(v => v.IdempotencyKey == key));
    }

    [Fact]
    public async Task A_visit_outside_the_workers_grid_is_refused_in_Chinese_and_nothing_is_written()
    {
        var elsewhere = await app.HouseholdAsync("grid2", BuiltInTags.ElderlyAlone);
        var grid1 = await app.As("grid1");
        var key = Guid.NewGuid().ToString();
        var response = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", new
        {
            kind = "Home", householdId = elsewhere, idempotencyKey = key,
            findings = new[] { new { kind = "Hazard", description = "楼道电动车充电飞线" } },
        });
        var detail = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("不在您负责的网格内", detail);
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.Visits.AnyAsync(v => v.IdempotencyKey == key));
        Assert.False(await db.Appeals.AnyAsync(x => x.IdempotencyKey != null && x.IdempotencyKey.StartsWith("visit:" + key)));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "outside-scope" && e.EntityType == "Household" && e.EntityId == elsewhere.ToString()));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_messages()
    {
        var household = await app.HouseholdAsync("grid1");
        var grid1 = await app.As("grid1");
        var future = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", new { kind = "Home", householdId = household, visitedAt = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Contains("不能晚于当前时间", await ProblemAssert.IsAsync(future, HttpStatusCode.UnprocessableEntity));
        var shortFinding = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", new { kind = "Home", householdId = household, findings = new[] { new { kind = "Hazard", description = "漏" } } });
        Assert.Contains("至少5个字", await ProblemAssert.IsAsync(shortFinding, HttpStatusCode.UnprocessableEntity));
        var nothing = await grid1.PostAsJsonAsync("/api/v1/outreach/visits", new { kind = "Home" });
        Assert.Contains("请选择走访的住户", await ProblemAssert.IsAsync(nothing, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("window1")).PostAsJsonAsync("/api/v1/outreach/visits", new { kind = "Home", householdId = household })).StatusCode);
    }

    [Fact]
    public async Task A_photo_that_is_not_an_image_is_refused_and_a_real_one_is_kept()
    {
        var household = await app.HouseholdAsync("grid1");
        var grid1 = await app.As("grid1");
        var key = Guid.NewGuid().ToString();
        MultipartFormDataContent Form(byte[] bytes, string name)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(JsonSerializer.Serialize(new { kind = "Home", householdId = household, idempotencyKey = key, looked = true })), "visit" },
            };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // the declared type lies; the bytes decide
            form.Add(file, "photos", name);
            return form;
        }
        var refused = await grid1.PostAsync("/api/v1/outreach/visits/with-photos", Form("这不是图片"u8.ToArray(), "现场.jpg"));
        Assert.Contains("不是图片", await ProblemAssert.IsAsync(refused, HttpStatusCode.UnprocessableEntity));
        await using (var scope = app.SystemScope(out var db)) Assert.False(await db.Visits.AnyAsync(v => v.IdempotencyKey == key));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
        var kept = await grid1.PostAsync("/api/v1/outreach/visits/with-photos", Form(png, "现场.png"));
        Assert.Equal(HttpStatusCode.Created, kept.StatusCode);
        var id = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var visit = await grid1.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/visits/{id}");
        var sha = visit.GetProperty("photos")[0].GetString();
        var photo = await grid1.GetAsync($"/api/v1/outreach/visits/{id}/photos/{sha}");
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_phone_page_sent_twice_records_once_and_answers_in_json()
    {
        var household = await app.HouseholdAsync("grid1", BuiltInTags.ElderlyAlone);
        var client = await app.PageClientAsync("grid1");
        var html = await client.GetStringAsync($"/Outreach/Visit?householdId={household}");
        Assert.Contains("登记走访", html);
        var token = Forms.AntiforgeryToken(html);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post() => new(HttpMethod.Post, $"/Outreach/Visit?householdId={household}")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Kind"] = "Home", ["HouseholdId"] = household.ToString(), ["Input.Method"] = "InPerson",
                ["Input.Looked"] = "true", ["Input.Notes"] = "送去了冬季取暖安全提示", ["Input.Hazard"] = "电暖器电源线绝缘皮破损", ["Input.HazardToAppeal"] = "true",
                ["Input.IdempotencyKey"] = key, ["Input.VisitedAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
            }),
        };
        var first = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetBoolean());
        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Visits.CountAsync(v => v.IdempotencyKey == key));

        var outside = await app.HouseholdAsync("grid2");
        var refused = await client.GetAsync($"/Outreach/Visit?householdId={outside}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("不在您负责的网格内", await refused.Content.ReadAsStringAsync());
        var dayPage = await client.GetStringAsync("/Outreach");
        Assert.Contains("今日清单", dayPage);
    }
}
