using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Public;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// The same submission sent twice at once under one idempotency key (a double tap, a client retrying before the first
/// answer came): one appeal is written, and the one that lost the race is answered as a replay, exactly as a replay
/// sent afterwards is: 200 with the first appeal (not 201 as if it had made one), and on the pages the same appeal
/// with "not registered twice".
/// </summary>
public sealed class AppealReplayRaceTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private const int Rounds = 4;

    /// <summary>Sends the request twice at once; both are started before either is awaited.</summary>
    private static async Task<HttpResponseMessage[]> TwiceAtOnceAsync(Func<Task<HttpResponseMessage>> send)
    {
        using var start = new SemaphoreSlim(0);
        var both = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await send();
        })).ToArray();
        start.Release(2);
        return await Task.WhenAll(both);
    }

    private static void OneCreatedOneReplayed(HttpResponseMessage[] answers) =>
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], answers.Select(a => a.StatusCode).Order());

    [Fact]
    public async Task Staff_api_answers_the_one_that_lost_the_race_200_with_the_first_appeal()
    {
        var building = await app.BuildingOfAsync("grid1", 1);
        var category = await app.CategoryIdAsync("noise");
        var client = await app.As("window1");
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"staff-race-{round}-{Guid.NewGuid():N}";
            var answers = await TwiceAtOnceAsync(() => client.PostAsJsonAsync("/api/v1/appeals", new
            {
                kind = (int)AppealKind.Complaint, categoryId = category, description = "楼下烧烤店油烟直冲窗户", buildingId = building,
                channel = (int)AppealChannel.Phone, idempotencyKey = key,
            }));
            OneCreatedOneReplayed(answers);
            var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<JsonElement>()));
            Assert.Equal(bodies[0].GetProperty("id").GetInt64(), bodies[1].GetProperty("id").GetInt64());
            Assert.Equal(bodies.Select(b => b.GetProperty("replayed").GetBoolean()).Order(), [false, true]);
            await using var scope = app.SystemScope(out var db);
            Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
        }
        // Sent afterwards, the same answer.
        var later = $"staff-later-{Guid.NewGuid():N}";
        var body = new { kind = (int)AppealKind.Help, categoryId = category, description = "单元门禁坏了关不上", buildingId = building, idempotencyKey = later };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/appeals", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/appeals", body)).StatusCode);
    }

    [Fact]
    public async Task Public_api_answers_the_one_that_lost_the_race_200_as_a_replay()
    {
        var b = await PublicTestData.BuildingAsync(app, 3);
        var ev = await PublicTestData.CategoryIdAsync(app, "ev");
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"public-race-{round}-{Guid.NewGuid():N}";
            var answers = await TwiceAtOnceAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals")
                {
                    Content = JsonContent.Create(new { placeCode = b.Code, categoryId = ev, description = "电动车在楼道里充电，插线板发烫" }),
                };
                request.Headers.Add("Idempotency-Key", key);
                return app.CreateClient().SendAsync(request);
            });
            OneCreatedOneReplayed(answers);
            var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<JsonElement>()));
            Assert.Equal(bodies[0].GetProperty("trackingCode").GetString(), bodies[1].GetProperty("trackingCode").GetString());
            Assert.Equal(bodies.Select(x => x.GetProperty("replayed").GetBoolean()).Order(), [false, true]);
            await using var scope = app.SystemScope(out var db);
            Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
        }
    }

    [Fact]
    public async Task A_resident_tapping_submit_twice_sees_the_same_appeal_once_said_to_be_new_and_once_already_received()
    {
        var b = await PublicTestData.BuildingAsync(app, 4);
        var ev = await PublicTestData.CategoryIdAsync(app, "ev");
        for (var round = 0; round < Rounds; round++)
        {
            var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            var html = await client.GetStringAsync($"/r/{b.Code}?c={ev}");
            var fields = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["Input.CategoryId"] = ev.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Input.IdempotencyKey"] = Regex.Match(html, "name=\"Input.IdempotencyKey\" value=\"([^\"]*)\"").Groups[1].Value,
                ["Input.Description"] = "车棚顶上有人私接电线给电瓶充电",
            };
            var answers = await TwiceAtOnceAsync(() => client.PostAsync($"/r/{b.Code}?c={ev}", new FormUrlEncodedContent(fields)));
            var places = answers.Select(a => a.Headers.Location!.OriginalString).ToList();
            Assert.Equal(places[0].Split('?')[0], places[1].Split('?')[0]);
            Assert.Equal(["new=1", "replayed=1"], places.Select(p => p.Split('?')[1]).Order());
            var replayed = places.Single(p => p.EndsWith("replayed=1", StringComparison.Ordinal));
            Assert.Contains("之前已经收到，没有重复登记", await client.GetStringAsync(replayed));
        }
    }

    [Fact]
    public async Task Staff_submitting_the_form_twice_at_once_are_taken_to_the_same_appeal_and_told_it_was_not_registered_twice()
    {
        var building = await app.BuildingOfAsync("window1");
        var category = await app.CategoryIdAsync("leak");
        for (var round = 0; round < Rounds; round++)
        {
            // The same form sent from two signed-in browsers at once (each with its own antiforgery token, so each keeps
            // its own notice after the redirect), under the form's one key.
            var tabs = new[] { await app.PageClientAsync("window1"), await app.PageClientAsync("window1") };
            var forms = await Task.WhenAll(tabs.Select(t => t.GetStringAsync("/Appeals/New")));
            var key = Regex.Match(forms[0], "name=\"Form.IdempotencyKey\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
            FormUrlEncodedContent Fields(string html) => new(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["Form.Channel"] = nameof(AppealChannel.Window),
                ["Form.Kind"] = nameof(AppealKind.Help), ["Form.CategoryId"] = category.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.BuildingId"] = building.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.Description"] = "楼顶水箱漏水，顶楼住户墙面发霉", ["Form.IdempotencyKey"] = key,
            });
            var turn = -1;
            var answers = await TwiceAtOnceAsync(() =>
            {
                var i = Interlocked.Increment(ref turn);
                return tabs[i].PostAsync("/Appeals/New", Fields(forms[i]));
            });
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
            Assert.Equal(answers[0].Headers.Location, answers[1].Headers.Location);
            var pages = await Task.WhenAll(tabs.Select(t => t.GetStringAsync(answers[0].Headers.Location!.ToString())));
            Assert.Single(pages, p => p.Contains("已登记诉求 SQ"));
            Assert.Single(pages, p => p.Contains("此前已经登记过，没有重复登记"));
        }
    }
}
