using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Public;

/// <summary>A look-up budget small enough that a test spends it in a few requests.</summary>
public sealed class OldCodeLookupFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Public:ReadsPerAddressPerMinute", "12")];
}

/// <summary>
/// Codes issued before the alphabet dropped S, B and Z still hold them, and residents type them as 5, 8 and 2. /track
/// and the API find such a code by those readings only (never a looser match), only when nothing has the code as typed,
/// only when exactly one appeal or supporter answers, and each reading tried counts against the address's look-ups.
/// </summary>
public sealed class OldTrackingCodeTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Files an appeal through the public API and gives it the code an earlier build would have issued.</summary>
    internal static async Task<long> AppealWithCodeAsync(TongbanFactory factory, string code, string description)
    {
        var b = await PublicTestData.BuildingAsync(factory, 3);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var filed = await factory.CreateClient().PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = ev, description });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using var scope = factory.SystemScope(out var db);
        await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TrackingCode, code));
        return id;
    }

    [Fact]
    public async Task A_code_typed_with_5_8_2_for_its_S_B_Z_is_found_and_the_resident_is_told_the_real_code()
    {
        var id = await AppealWithCodeAsync(factory, "KSBMZQ7X", "旧查询码：楼道里电动车飞线充电");
        var page = await Browser().GetAsync("/track/K58M2Q7X");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("旧查询码：楼道里电动车飞线充电", html);
        Assert.Contains("KSBMZQ7X", html);
        Assert.Contains("data-testid=\"code-corrected\"", html);
        // The forms act on the real code, so rating and reopening find the appeal too.
        Assert.DoesNotContain("action=\"/track/K58M2Q7X", html);

        var api = await factory.CreateClient().GetAsync("/api/v1/public/track/k58m-2q7x");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var view = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, view.GetProperty("id").GetInt64());
        Assert.Equal("KSBMZQ7X", view.GetProperty("trackingCode").GetString());
        Assert.Equal("K58M2Q7X", view.GetProperty("typedAs").GetString());

        // Only 5/8/2 read as S/B/Z: a code differing in any other character finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/track/K58M2Q7Y")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/track/KSBM2Q7Y")).StatusCode);
    }

    [Fact]
    public async Task The_code_as_typed_wins_and_two_possible_readings_reveal_neither()
    {
        // A new code holding real 5 and 8 belongs to its own reporter, whatever old code its letters could spell.
        var newer = await AppealWithCodeAsync(factory, "R5TU8WXY", "新查询码的那件：楼道充电");
        await AppealWithCodeAsync(factory, "RSTUBWXY", "旧查询码的另一件：车棚充电");
        var exact = await (await factory.CreateClient().GetAsync("/api/v1/public/track/R5TU8WXY")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(newer, exact.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("typedAs").ValueKind);

        // Two old codes answer P52CDEFG (PSZCDEFG and P5ZCDEFG): neither is shown, and the resident is asked to check.
        await AppealWithCodeAsync(factory, "PSZCDEFG", "歧义一：楼道里有人飞线充电");
        await AppealWithCodeAsync(factory, "P5ZCDEFG", "歧义二：车棚里有人飞线充电");
        var both = await Browser().GetAsync("/track/P52CDEFG");
        Assert.Equal(HttpStatusCode.NotFound, both.StatusCode);
        var html = await both.Content.ReadAsStringAsync();
        Assert.DoesNotContain("歧义", html);
        Assert.DoesNotContain("PSZCDEFG", html);
        Assert.Contains("字母", html);
        var api = await factory.CreateClient().GetAsync("/api/v1/public/track/P52CDEFG");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("P5ZCDEFG", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_supporters_old_code_is_found_the_same_way_and_shows_what_a_supporter_sees()
    {
        var id = await AppealWithCodeAsync(factory, "GHJTKMNQ", "附议的那件事，原话不给附议人看");
        var joined = await factory.CreateClient().PostAsJsonAsync($"/api/v1/public/appeals/{id}/supporters", new { note = "我家也是" });
        var code = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();
        await using (var scope = factory.SystemScope(out var db))
            await db.AppealSupporters.IgnoreQueryFilters().Where(s => s.TrackingCode == code).ExecuteUpdateAsync(s => s.SetProperty(x => x.TrackingCode, "HJSKMNPZ"));
        var view = await (await factory.CreateClient().GetAsync("/api/v1/public/track/HJ5KMNP2")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, view.GetProperty("id").GetInt64());
        Assert.Equal("HJSKMNPZ", view.GetProperty("trackingCode").GetString());
        Assert.False(view.GetProperty("isReporter").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("description").ValueKind);
    }
    /// <summary>Brings an appeal with an old code to 已办结, as the grid worker would.</summary>
    internal static async Task ResolvedAsync(TongbanFactory factory, string code)
    {
        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        await PublicTestData.AdvanceAsync(factory, code, new Tongban.Web.Features.Appeals.Actor("w1", "赵敏", "滨河社区"),
            new Tongban.Web.Features.Appeals.Actor(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);
    }

    [Fact]
    public async Task Rating_and_reopening_with_5_8_2_typed_for_S_B_Z_act_on_the_appeal_the_lookup_finds()
    {
        var id = await AppealWithCodeAsync(factory, "TSBMZQ7X", "旧码评价：楼道里有人飞线充电");
        await ResolvedAsync(factory, "TSBMZQ7X");
        var rated = await factory.CreateClient().PostAsJsonAsync("/api/v1/public/track/t58m-2q7x/rating", new { resolved = false, satisfied = false, note = "还有人在充" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var view = await rated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, view.GetProperty("id").GetInt64());
        Assert.Equal((int)Tongban.Web.Features.Appeals.AppealState.FollowedUp, view.GetProperty("state").GetInt32());
        Assert.Equal("TSBMZQ7X", view.GetProperty("trackingCode").GetString());
        Assert.Equal("T58M2Q7X", view.GetProperty("typedAs").GetString());

        var reopened = await factory.CreateClient().PostAsJsonAsync("/api/v1/public/track/T58M2Q7X/reopen", new { reason = "楼道里还是有人飞线充电" });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        view = await reopened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)Tongban.Web.Features.Appeals.AppealState.Accepted, view.GetProperty("state").GetInt32());
        Assert.Equal("T58M2Q7X", view.GetProperty("typedAs").GetString());

        // The page's forms act the same way when the address holds the typed code.
        await ResolvedAgainAsync(id);
        var page = await Browser().PostAsync("/track/T58M2Q7X?handler=Rate", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Resolved"] = "true", ["Satisfied"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/track/TSBMZQ7X?rated=1", page.Headers.Location!.ToString());
    }

    private async Task ResolvedAgainAsync(long id)
    {
        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.IgnoreQueryFilters().Include(a => a.Assignments).SingleAsync(a => a.Id == id);
        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        var staff = new Tongban.Web.Features.Appeals.Actor("w1", "赵敏", "滨河社区");
        var lead = new Tongban.Web.Features.Appeals.AppealAssignment
        {
            AssigneeKind = Tongban.Web.Features.Appeals.AssigneeKind.GridWorker, AssigneeName = "网格员李芳", AssigneeUserId = grid,
            Tier = Tongban.Web.Features.Appeals.AppealTier.Community, AcknowledgeDueAt = DateTimeOffset.UtcNow.AddHours(4), AreaPath = appeal.AreaPath,
        };
        var now = DateTimeOffset.UtcNow;
        appeal.Dispatch(lead, [], staff, now, null);
        appeal.Acknowledge(lead, staff, now);
        appeal.Resolve("已拆除飞线，车棚加装充电桩", staff, now);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_half_answered_rating_posted_to_a_typed_old_code_comes_back_on_the_appeal_with_its_real_code()
    {
        // The page re-shown after a refused rating looked the typed code up as typed only: the resident got the
        // enter-a-code page (404) with t58m-2q7x in the box instead of the appeal, the refusal and the code KSBMZQ7X.
        var id = await AppealWithCodeAsync(factory, "WSBMZQ7X", "旧码半评价：楼道里有人飞线充电");
        await ResolvedAsync(factory, "WSBMZQ7X");
        var page = await Browser().PostAsync("/track/w58m-2q7x?handler=Rate", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Resolved"] = "true", ["Note"] = "楼道里干净了" }));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("旧码半评价：楼道里有人飞线充电", html);
        Assert.Contains("请选择您对办理结果是否满意", html);
        Assert.Contains("data-testid=\"code-corrected\"", html);
        Assert.Contains("您输入的 W58M2Q7X 是较早发放的查询码", html);
        Assert.Contains("action=\"/track/WSBMZQ7X?handler=Rate\"", html);
        Assert.DoesNotContain("action=\"/track/w58m-2q7x", html);
        Assert.DoesNotContain("id=\"code\"", html);
        Assert.Contains("楼道里干净了", html);
        await using var scope = factory.SystemScope(out var db);
        Assert.Equal(Tongban.Web.Features.Appeals.AppealState.Resolved, (await db.Appeals.IgnoreQueryFilters().SingleAsync(a => a.Id == id)).State);
    }

    [Fact]
    public async Task Rating_with_a_typed_code_two_old_codes_answer_changes_neither()
    {
        await AppealWithCodeAsync(factory, "QSZCDEFG", "评价歧义一：楼道里有人飞线充电");
        await AppealWithCodeAsync(factory, "Q5ZCDEFG", "评价歧义二：车棚里有人飞线充电");
        await ResolvedAsync(factory, "QSZCDEFG");
        await ResolvedAsync(factory, "Q5ZCDEFG");
        var rated = await factory.CreateClient().PostAsJsonAsync("/api/v1/public/track/Q52CDEFG/rating", new { resolved = true, satisfied = true });
        Assert.Equal(HttpStatusCode.NotFound, rated.StatusCode);
        var text = await rated.Content.ReadAsStringAsync();
        Assert.Contains("不止一件", text);
        Assert.DoesNotContain("QSZCDEFG", text);
        await using var scope = factory.SystemScope(out var db);
        Assert.All(await db.Appeals.IgnoreQueryFilters().Where(a => a.TrackingCode == "QSZCDEFG" || a.TrackingCode == "Q5ZCDEFG").ToListAsync(),
            a => Assert.Equal(Tongban.Web.Features.Appeals.AppealState.Resolved, a.State));
    }
}

/// <summary>Six look-ups a minute: one rating with an old code's seven readings spends more than that.</summary>
public sealed class SixLookupsFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Public:ReadsPerAddressPerMinute", "6")];
}

/// <summary>A rating or a reopening tries an old code's readings as a look-up does, charged to the same budget.</summary>
public sealed class OldCodeRatingLimitTests(SixLookupsFactory factory) : IClassFixture<SixLookupsFactory>
{
    [Fact]
    public async Task Rating_by_the_readings_of_an_old_code_spends_lookups()
    {
        await OldTrackingCodeTests.AppealWithCodeAsync(factory, "VSBMZQ7X", "旧码评价限流：楼下有人飞线充电");
        await OldTrackingCodeTests.ResolvedAsync(factory, "VSBMZQ7X");
        // 1 look-up for the code as typed + 7 readings: more than the 6 a minute.
        var refused = await factory.CreateClient().PostAsJsonAsync("/api/v1/public/track/V58M2Q7X/rating", new { resolved = true, satisfied = true });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("查询过于频繁", await refused.Content.ReadAsStringAsync());
        await using var scope = factory.SystemScope(out var db);
        Assert.Equal(Tongban.Web.Features.Appeals.AppealState.Resolved, (await db.Appeals.IgnoreQueryFilters().SingleAsync(a => a.TrackingCode == "VSBMZQ7X")).State);
    }
}

/// <summary>Each reading tried is a look-up: an address cannot try codes sixteen at a time past its limit.</summary>
public sealed class OldTrackingCodeLimitTests(OldCodeLookupFactory factory) : IClassFixture<OldCodeLookupFactory>
{
    [Fact]
    public async Task The_readings_tried_count_against_the_addresses_lookups()
    {
        await OldTrackingCodeTests.AppealWithCodeAsync(factory, "WSBMZQ7X", "旧码限流：楼下有人飞线充电");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // 1 look-up typed + 7 readings (three of 5/8/2) = 8 of the 12 a minute.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/track/W58M2Q7X")).StatusCode);
        // The 9th typed look-up passes the gate, but its 7 readings are more than the 3 left: refused as a look-up, 429.
        var refused = await client.GetAsync("/track/W58M2Q7X");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("查询过于频繁", await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.Contains("Retry-After"));
        var api = await client.GetAsync("/api/v1/public/track/W58M2Q7X");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Contains("查询过于频繁", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}

/// <summary>Four look-ups a minute per address: spent in a handful of requests.</summary>
public sealed class FourLookupsFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Public:ReadsPerAddressPerMinute", "4")];
}

public sealed class FourLookupsAgainFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Public:ReadsPerAddressPerMinute", "4")];
}

/// <summary>
/// 办理公开 guesses no code, and its figures are computed once per ten minutes, so reading it spends none of the
/// address's look-ups: behind a carrier's NAT, a WeChat group opening the results page locked the estate out of /track.
/// </summary>
public sealed class PublicResultsSpendNoLookupsTests(FourLookupsFactory factory) : IClassFixture<FourLookupsFactory>
{
    [Fact]
    public async Task Reading_the_results_leaves_the_tracking_lookups_to_the_residents()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/results")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/public/results?period=90")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/track/ACDE3467")).StatusCode);
    }
}

/// <summary>
/// The codes /track lists come from a cookie, which the browser (or anyone) can write: each one is a look-up, or a
/// cookie of ten guessed codes would try ten codes for the price of one.
/// </summary>
public sealed class MyCodesCookieLookupTests(FourLookupsAgainFactory factory) : IClassFixture<FourLookupsAgainFactory>
{
    [Fact]
    public async Task Each_code_the_cookie_holds_is_a_lookup()
    {
        var page = new HttpRequestMessage(HttpMethod.Get, "/track");
        page.Headers.Add("Cookie", "tb-mine=ACDE3467.ACDE3469.ACDE346A.ACDE346C.ACDE346D");
        var listed = await factory.CreateClient().SendAsync(page);
        Assert.Equal(HttpStatusCode.TooManyRequests, listed.StatusCode);
        Assert.Contains("查询过于频繁", await listed.Content.ReadAsStringAsync());
    }
}
