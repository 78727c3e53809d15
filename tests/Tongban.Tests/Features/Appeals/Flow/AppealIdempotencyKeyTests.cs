using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Public;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// An idempotency key answers only its own submitter. A key is chosen by the caller (often a counter in a client app),
/// so two callers can send the same one: each must get its own appeal or a refusal, never the other's appeal with its
/// tracking code. And the keys the platform makes itself (a diary entry's, a visit finding's) cannot be taken by a
/// caller, which would leave the grid worker unable to raise that entry.
/// </summary>
public sealed class AppealIdempotencyKeyTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private async Task<object> StaffBodyAsync(string key, string description = "卫生间天花板漏水，楼上没人在家") => new
    {
        kind = (int)AppealKind.Help, categoryId = await app.CategoryIdAsync("leak"), description,
        buildingId = await app.BuildingOfAsync("grid1"), channel = (int)AppealChannel.Window, idempotencyKey = key,
    };

    /// <summary>A post to the public API, as a resident's app sends it, with the key in the Idempotency-Key header.</summary>
    private async Task<HttpResponseMessage> PublicPostAsync(string key, string category, string description)
    {
        var b = await PublicTestData.BuildingAsync(app);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals")
        {
            Content = JsonContent.Create(new { placeCode = b.Code, categoryId = await app.CategoryIdAsync(category), description }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Staff_replaying_another_users_key_never_gets_that_users_appeal()
    {
        var key = $"counter-{Guid.NewGuid():N}"[..20];
        var body = await StaffBodyAsync(key);
        var first = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var appeal = await first.Content.ReadFromJsonAsync<JsonElement>();

        // The same key and words from another account (street1 sees 滨河社区 too): refused, without the first appeal's number or code.
        var other = await (await app.As("street1")).PostAsJsonAsync("/api/v1/appeals", body);
        var detail = await ProblemAssert.IsAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("换一个新的键", detail);
        Assert.DoesNotContain(appeal.GetProperty("number").GetString()!, detail);
        Assert.DoesNotContain(appeal.GetProperty("trackingCode").GetString()!, await other.Content.ReadAsStringAsync());

        // A resident's client sending that key and those words gets no tracking code either.
        var resident = await PublicPostAsync(key, "leak", "卫生间天花板漏水，楼上没人在家");
        await ProblemAssert.IsAsync(resident, HttpStatusCode.UnprocessableEntity);
        Assert.DoesNotContain(appeal.GetProperty("trackingCode").GetString()!, await resident.Content.ReadAsStringAsync());

        // The first submitter's own replay still answers with the first appeal.
        var again = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(appeal.GetProperty("id").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
    }

    [Fact]
    public async Task A_caller_cannot_take_the_key_of_a_diary_entry_so_the_grid_worker_can_still_raise_it()
    {
        var grid1 = await app.As("grid1");
        var building = await app.BuildingOfAsync("grid1");
        var entry = await grid1.PostAsJsonAsync("/api/v1/outreach/diary", new { buildingId = building, concern = "3号楼北侧路灯不亮已经一周" });
        Assert.True(entry.IsSuccessStatusCode, await entry.Content.ReadAsStringAsync());
        var entryId = (await entry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A resident's client, then a staff client, sending the key the entry will be raised under: refused, nothing written.
        await ProblemAssert.IsAsync(await PublicPostAsync($"diary:{entryId}", "road", "占用民情日记的防重复提交键"), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsAsync(await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals",
            await StaffBodyAsync($"diary:{entryId}", "占用民情日记的防重复提交键")), HttpStatusCode.UnprocessableEntity);

        var raised = await grid1.PostAsJsonAsync($"/api/v1/outreach/diary/{entryId}/appeal", new { });
        Assert.True(raised.StatusCode == HttpStatusCode.OK, await raised.Content.ReadAsStringAsync());
        await using var scope = app.SystemScope(out var db);
        var appealId = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appealId").GetInt64();
        Assert.Equal(AppealChannel.ConcernsDiary, (await db.Appeals.SingleAsync(a => a.Id == appealId)).Channel);
    }

    [Fact]
    public async Task Staff_api_takes_the_key_from_the_idempotency_key_header_too()
    {
        var window1 = await app.As("window1");
        var key = $"header-{Guid.NewGuid():N}";
        var body = await StaffBodyAsync(null!, "楼道声控灯坏了好几天");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/appeals") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            answers.Add(await window1.SendAsync(request));
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK], answers.Select(a => a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
        Assert.Equal(ids[0], ids[1]);
        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
    }

    [Fact]
    public async Task Staff_api_names_the_category_it_cannot_find()
    {
        var body = new
        {
            kind = (int)AppealKind.Help, categoryId = 999999, description = "楼道声控灯坏了好几天", buildingId = await app.BuildingOfAsync("grid1"),
            channel = (int)AppealChannel.Window,
        };
        var detail = await ProblemAssert.IsAsync(await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", body), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("分类编号999999不存在或已停用", detail);
    }
}
