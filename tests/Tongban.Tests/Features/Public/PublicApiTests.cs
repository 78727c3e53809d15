using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Public;

/// <summary>The anonymous API under /api/v1/public: places by QR code, categories, submission, "me too", tracking, rating.</summary>
public sealed class PublicApiTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    private HttpClient Anonymous() => factory.CreateClient();

    private async Task<JsonElement> SubmitAsync(object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/public/appeals", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    private static MultipartFormDataContent Form(string placeCode, int categoryId, string description, params (byte[] Bytes, string Name)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(placeCode), "placeCode" },
            { new StringContent(categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent(description), "description" },
        };
        foreach (var (bytes, name) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "photos", name);
        }
        return form;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return json;
    }

    [Fact]
    public async Task A_building_code_gives_the_place_and_a_compound_code_lists_its_buildings()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var building = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/places/{b.Code.ToLowerInvariant()}");
        Assert.Equal(b.Id, building.GetProperty("buildingId").GetInt32());
        Assert.Equal($"{b.CompoundName}{b.Name}", building.GetProperty("title").GetString());
        Assert.Equal("滨河社区", building.GetProperty("communityName").GetString());

        var compound = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/places/{b.CompoundCode}");
        Assert.Equal(JsonValueKind.Null, compound.GetProperty("buildingId").ValueKind);
        Assert.Contains(compound.GetProperty("buildings").EnumerateArray(), x => x.GetProperty("id").GetInt32() == b.Id && x.GetProperty("code").GetString() == b.Code);
    }

    [Fact]
    public async Task An_unknown_or_mistyped_code_is_a_chinese_404()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var mistyped = b.Code[..^1] + (b.Code[^1] == 'Z' ? 'Y' : 'Z');
        var problem = await ProblemAsync(await Anonymous().GetAsync($"/api/v1/public/places/{mistyped}"), HttpStatusCode.NotFound);
        Assert.Contains("重新扫描", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Categories_are_the_public_leaves_with_a_default_kind()
    {
        var categories = await Anonymous().GetFromJsonAsync<JsonElement>("/api/v1/public/categories");
        var names = categories.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("电动车充电", names);
        Assert.Contains("垃圾清运", names);
        Assert.DoesNotContain("环境卫生", names); // a parent, chosen through its children
        var policy = categories.EnumerateArray().First(c => c.GetProperty("code").GetString() == "policy");
        Assert.Equal("咨询", policy.GetProperty("defaultKindName").GetString());
    }

    [Fact]
    public async Task Submitting_by_qr_code_creates_an_online_appeal_at_the_building_with_a_tracking_code()
    {
        var b = await PublicTestData.BuildingAsync(factory, 1);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var response = await Anonymous().PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = ev, description = "车棚旁有人从二楼窗户拉电线给电动车充电" });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = json.GetProperty("trackingCode").GetString()!;
        Assert.Equal($"/api/v1/public/track/{code}", response.Headers.Location?.OriginalString);
        Assert.False(json.GetProperty("replayed").GetBoolean());

        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.TrackingCode == code);
        Assert.Equal(AppealChannel.Online, appeal.Channel);
        Assert.Equal(AppealKind.Help, appeal.Kind);
        Assert.Equal(b.Id, appeal.BuildingId);
        Assert.Equal(b.AreaPath, appeal.AreaPath);
        Assert.True(appeal.IsAnonymous);
        Assert.Null(appeal.ReporterName);
        Assert.Null(appeal.SubmittedByUserId);
        var submitted = await db.AppealEvents.SingleAsync(e => e.AppealId == appeal.Id);
        Assert.Equal("居民", submitted.ActorUnit);
    }

    [Fact]
    public async Task A_reporter_who_leaves_name_and_phone_has_the_phone_encrypted_and_masked_and_anonymous_drops_both()
    {
        var b = await PublicTestData.BuildingAsync(factory, 2);
        var leak = await PublicTestData.CategoryIdAsync(factory, "leak");
        var named = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "楼上卫生间漏水到我家厨房", reporterName = "王阿姨", reporterPhone = "13912345678" });
        var anonymous = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "楼上卫生间漏水到楼道", reporterName = "王阿姨", reporterPhone = "13912345678", isAnonymous = true });

        await using var scope = factory.SystemScope(out var db);
        var first = await db.Appeals.SingleAsync(a => a.TrackingCode == named.GetProperty("trackingCode").GetString());
        Assert.Equal("王阿姨", first.ReporterName);
        Assert.Equal("139****5678", first.ReporterPhoneMasked);
        Assert.DoesNotContain("13912345678", first.ReporterPhoneCipher);
        Assert.False(first.IsAnonymous);
        var second = await db.Appeals.SingleAsync(a => a.TrackingCode == anonymous.GetProperty("trackingCode").GetString());
        Assert.True(second.IsAnonymous);
        Assert.Null(second.ReporterName);
        Assert.Null(second.ReporterPhoneCipher);
    }

    [Fact]
    public async Task A_photo_is_checked_by_content_stored_by_hash_and_shown_only_with_the_reporters_code()
    {
        var b = await PublicTestData.BuildingAsync(factory, 3);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var png = PublicTestData.Png(12, 12);
        var response = await Anonymous().PostAsync("/api/v1/public/appeals", Form(b.Code, ev, "一楼楼道电动车飞线充电，晚上一直插着", (png, "飞线.png")));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, json.GetProperty("photoCount").GetInt32());
        var code = json.GetProperty("trackingCode").GetString()!;

        await using var scope = factory.SystemScope(out var db);
        var appealId = json.GetProperty("id").GetInt64();
        var attachment = await db.AppealAttachments.SingleAsync(x => x.AppealId == appealId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), attachment.Sha256);
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal("飞线.png", attachment.FileName);
        Assert.Equal(b.AreaPath, attachment.AreaPath);
        Assert.True(factory.Service<FileStore>().Exists(attachment.Sha256));

        var track = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/track/{code}");
        var photoId = track.GetProperty("photos")[0].GetProperty("id").GetInt64();
        var photo = await Anonymous().GetAsync($"/track/{code}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/track/ZZZZZZZZ/photos/{photoId}")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_submission_returns_the_first_appeal_and_writes_nothing_more()
    {
        var b = await PublicTestData.BuildingAsync(factory, 4);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var key = Guid.NewGuid().ToString("N");
        async Task<HttpResponseMessage> Send()
        {
            var form = Form(b.Code, ev, "地下车库有人私拉电线充电", (PublicTestData.Png(), "a.png"));
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals") { Content = form };
            request.Headers.Add("Idempotency-Key", key);
            return await Anonymous().SendAsync(request);
        }
        var first = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await PublicTestData.CountsAsync(factory);
        var again = await Send();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var r = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("trackingCode").GetString(), r.GetProperty("trackingCode").GetString());
        Assert.True(r.GetProperty("replayed").GetBoolean());
        Assert.Equal(1, r.GetProperty("photoCount").GetInt32());
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
    }

    [Fact]
    public async Task A_different_report_under_a_used_key_is_refused_not_answered_with_the_first()
    {
        var b = await PublicTestData.BuildingAsync(factory, 4);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var key = Guid.NewGuid().ToString("N");
        async Task<HttpResponseMessage> Send(string text)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals") { Content = Form(b.Code, ev, text) };
            request.Headers.Add("Idempotency-Key", key);
            return await Anonymous().SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Created, (await Send("五楼楼道里堆着旧沙发")).StatusCode);
        var before = await PublicTestData.CountsAsync(factory);
        // An app that reuses its key for a new matter must hear so: answering with the first appeal would lose this one.
        var other = await ProblemAsync(await Send("二楼楼道灯坏了一个多星期"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("已用于另一条", other.GetProperty("errors").GetProperty("idempotencyKey")[0].GetString());
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
        Assert.Equal(HttpStatusCode.OK, (await Send("五楼楼道里堆着旧沙发")).StatusCode); // the same report again is still its replay
    }

    [Fact]
    public async Task Bad_input_is_refused_in_chinese_and_nothing_is_written()
    {
        var b = await PublicTestData.BuildingAsync(factory, 5);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var before = await PublicTestData.CountsAsync(factory);
        var client = Anonymous();

        var noPlace = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/public/appeals", new { categoryId = ev, description = "没有写地点的反映内容" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("没有说明问题发生在哪里", noPlace.GetProperty("errors").GetProperty("place")[0].GetString());

        var tooLong = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = ev, description = new string('长', 4001) }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不能超过4000字（当前4001字）", tooLong.GetProperty("errors").GetProperty("description")[0].GetString());

        var unknown = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = 99999, description = "分类不存在的反映内容" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("找不到编号为99999的问题分类", unknown.GetProperty("errors").GetProperty("categoryId")[0].GetString());

        var notImage = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals",
            Form(b.Code, ev, "照片其实是个程序文件", ("MZ\u0090\0 not a picture"u8.ToArray(), "photo.png"))), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不是图片，只能上传JPG、PNG或WebP", notImage.GetProperty("errors").GetProperty("photos")[0].GetString());

        var tooLarge = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals",
            Form(b.Code, ev, "照片太大了超过上限", (PublicTestData.Png(padding: 8 * 1024 * 1024), "big.png"))), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("超过8MB的上限", tooLarge.GetProperty("errors").GetProperty("photos")[0].GetString());

        var tooMany = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals",
            Form(b.Code, ev, "照片太多了超过三张", [.. Enumerable.Range(0, 4).Select(i => (PublicTestData.Png(4 + i, 4), $"{i}.png"))])), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("最多上传3张照片", tooMany.GetProperty("errors").GetProperty("photos")[0].GetString());

        var badCode = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = "B22", categoryId = ev, description = "二维码是伪造的内容" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("二维码无法识别", badCode.GetProperty("errors").GetProperty("placeCode")[0].GetString());

        var notJson = new StringContent("{\"categoryId\":", System.Text.Encoding.UTF8, "application/json");
        var broken = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals", notJson), HttpStatusCode.BadRequest);
        Assert.Equal("请求格式不正确", broken.GetProperty("title").GetString());
        // Text that is neither JSON nor a form is told which formats are read (it was a bare 400 "无法解析").
        var plain = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals", new StringContent("我要反映问题")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json 或 multipart/form-data", plain.GetProperty("detail").GetString());
        // More than every photo at its limit is refused by its length before it is read, with the limits spelled out.
        var whole = await ProblemAsync(await client.PostAsync("/api/v1/public/appeals",
            Form(b.Code, ev, "三张照片都太大了", (PublicTestData.Png(padding: 26 * 1024 * 1024), "huge.png"))), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("超过了上限：照片最多3张，每张不超过8MB", whole.GetProperty("detail").GetString());

        var phone = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/public/appeals",
            new { placeCode = b.Code, categoryId = ev, description = "电话少写了一位数字", reporterPhone = "1381234567" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("手机号应为以1开头的11位数字", phone.GetProperty("errors").GetProperty("reporterPhone")[0].GetString());

        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
    }

    [Fact]
    public async Task Html_and_script_in_the_text_are_kept_exactly()
    {
        var b = await PublicTestData.BuildingAsync(factory, 6);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        const string text = "<script>alert('x')</script> & <b>半夜</b>装修噪音";
        var json = await SubmitAsync(new { placeCode = b.Code, categoryId = noise, description = text });
        var track = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/track/{json.GetProperty("trackingCode").GetString()}");
        Assert.Equal(text, track.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_compound_code_places_the_appeal_at_a_chosen_building_or_the_compounds_public_area()
    {
        var b = await PublicTestData.BuildingAsync(factory, 7);
        var garbage = await PublicTestData.CategoryIdAsync(factory, "env.garbage");
        var atBuilding = await SubmitAsync(new { placeCode = b.CompoundCode, buildingId = b.Id, categoryId = garbage, description = "楼下垃圾桶三天没人清运" });
        var publicArea = await SubmitAsync(new { placeCode = b.CompoundCode, categoryId = garbage, address = "南门广场", description = "小区南门垃圾堆满了没人管" });
        var other = await PublicTestData.BuildingAsync(factory, 40);
        var wrong = await ProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.CompoundCode, buildingId = other.Id, categoryId = garbage, description = "楼栋不在这个小区里" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"不在{b.CompoundName}内", wrong.GetProperty("errors").GetProperty("buildingId")[0].GetString());

        await using var scope = factory.SystemScope(out var db);
        var first = await db.Appeals.SingleAsync(a => a.Id == atBuilding.GetProperty("id").GetInt64());
        Assert.Equal(b.Id, first.BuildingId);
        var second = await db.Appeals.SingleAsync(a => a.Id == publicArea.GetProperty("id").GetInt64());
        Assert.Null(second.BuildingId);
        Assert.Equal(b.CommunityId, second.CommunityId);
        Assert.Equal($"{b.CompoundName} 南门广场", second.Address);
        var communityPath = await db.Areas.Where(a => a.Id == b.CommunityId).Select(a => a.AreaPath).SingleAsync();
        Assert.Equal(communityPath, second.AreaPath);
    }

    [Fact]
    public async Task Without_a_qr_code_a_community_and_an_address_are_needed()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var road = await PublicTestData.CategoryIdAsync(factory, "road");
        var communities = await Anonymous().GetFromJsonAsync<JsonElement>("/api/v1/public/communities");
        Assert.Contains(communities.EnumerateArray(), c => c.GetProperty("id").GetInt32() == b.CommunityId);
        var missing = await ProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/public/appeals", new { communityId = b.CommunityId, categoryId = road, description = "路灯坏了好几天了" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("详细地址", missing.GetProperty("errors").GetProperty("address")[0].GetString());
        var ok = await SubmitAsync(new { communityId = b.CommunityId, address = "滨河路与春晖路路口", categoryId = road, description = "路灯坏了好几天了" });
        Assert.StartsWith("SQ", ok.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Neighbours_see_open_appeals_of_the_same_kind_and_can_join_with_their_own_code_but_not_rate()
    {
        var b = await PublicTestData.BuildingAsync(factory, 8);
        var clutter = await PublicTestData.CategoryIdAsync(factory, "env.clutter");
        var first = await SubmitAsync(new { placeCode = b.Code, categoryId = clutter, description = "三单元楼道堆满纸箱，堵住消防通道" });
        var second = await SubmitAsync(new { placeCode = b.Code, categoryId = clutter, description = "楼道纸箱太多了，有火灾隐患" });
        Assert.Contains(second.GetProperty("similar").EnumerateArray(), s => s.GetProperty("id").GetInt64() == first.GetProperty("id").GetInt64());

        var similarResponse = await Anonymous().GetAsync($"/api/v1/public/places/{b.Code}/similar?categoryId={clutter}");
        var similarText = await similarResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(first.GetProperty("trackingCode").GetString()!, similarText); // the reporter's key never leaks
        var similar = JsonDocument.Parse(similarText).RootElement;
        Assert.Equal(2, similar.GetArrayLength());

        var join = await Anonymous().PostAsJsonAsync($"/api/v1/public/appeals/{first.GetProperty("id").GetInt64()}/supporters", new { note = "我家门口也堆了" });
        Assert.Equal(HttpStatusCode.Created, join.StatusCode);
        var joined = await join.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, joined.GetProperty("supporterCount").GetInt32());
        var supporterCode = joined.GetProperty("trackingCode").GetString()!;
        Assert.NotEqual(first.GetProperty("trackingCode").GetString(), supporterCode);

        var view = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/track/{supporterCode}");
        Assert.Equal(first.GetProperty("number").GetString(), view.GetProperty("number").GetString());
        Assert.False(view.GetProperty("isReporter").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("description").ValueKind);
        Assert.Equal(1, view.GetProperty("supporterCount").GetInt32());

        var rate = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{supporterCode}/rating", new { resolved = true, satisfied = true });
        Assert.Contains("附议的居民可以查看进度", (await ProblemAsync(rate, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Neighbours_never_read_the_reporters_own_words_not_even_in_the_title_made_from_them()
    {
        var b = await PublicTestData.BuildingAsync(factory, 18);
        var leak = await PublicTestData.CategoryIdAsync(factory, "leak");
        // The title made from the text (分类：first 24 characters) carried the reporter's flat and phone to anyone who scanned the poster.
        const string words = "我是502的王秀英，电话13812345678，楼上602漏水到我家卫生间";
        var first = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = words });
        var firstId = first.GetProperty("id").GetInt64();
        var reporter = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/track/{first.GetProperty("trackingCode").GetString()}");
        Assert.Contains("王秀英", reporter.GetProperty("title").GetString()); // the reporter sees their own words

        var similarText = await Anonymous().GetStringAsync($"/api/v1/public/places/{b.Code}/similar?categoryId={leak}");
        var listed = JsonDocument.Parse(similarText).RootElement.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == firstId);
        Assert.Equal("房屋漏水", listed.GetProperty("title").GetString());
        Assert.DoesNotContain("王秀英", similarText);
        var second = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "二单元楼顶防水层坏了" });
        Assert.DoesNotContain("王秀英", second.GetProperty("similar").ToString());

        var join = await (await Anonymous().PostAsJsonAsync($"/api/v1/public/appeals/{firstId}/supporters", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var neighbour = await Anonymous().GetStringAsync($"/api/v1/public/track/{join.GetProperty("trackingCode").GetString()}");
        Assert.DoesNotContain("王秀英", neighbour);
        Assert.DoesNotContain("13812345678", neighbour);
        Assert.Equal("房屋漏水", JsonDocument.Parse(neighbour).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_same_phone_joining_twice_through_the_api_is_counted_once()
    {
        var b = await PublicTestData.BuildingAsync(factory, 19);
        var garbage = await PublicTestData.CategoryIdAsync(factory, "env.garbage");
        var reporter = Anonymous(); // keeps its cookies, as a phone's browser does
        var first = await (await reporter.PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = garbage, description = "垃圾桶三天没人清运了" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/v1/public/appeals/{first.GetProperty("id").GetInt64()}/supporters";

        // Before, every call added a supporter: one phone could raise 已有N人附议 as often as the rate limit allowed.
        var phone = Anonymous();
        var joined = await phone.PostAsJsonAsync(url, new { });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var code = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();
        var again = await phone.PostAsJsonAsync(url, new { });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againJson = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(againJson.GetProperty("alreadyJoined").GetBoolean());
        Assert.Equal(code, againJson.GetProperty("trackingCode").GetString());
        Assert.Equal(1, againJson.GetProperty("supporterCount").GetInt32());

        // An app without cookies sends the codes it holds; the reporter's own phone gets the reporter's code back.
        var app = await (await factory.CreateClient(new() { HandleCookies = false }).PostAsJsonAsync(url, new { trackingCodes = new[] { code!.ToLowerInvariant() } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, app.GetProperty("trackingCode").GetString());
        var own = await (await reporter.PostAsJsonAsync(url, new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("trackingCode").GetString(), own.GetProperty("trackingCode").GetString());
        Assert.Equal(1, own.GetProperty("supporterCount").GetInt32());
    }

    [Fact]
    public async Task A_join_sent_again_under_its_idempotency_key_counts_once_without_cookie_or_codes()
    {
        var b = await PublicTestData.BuildingAsync(factory, 21);
        var garbage = await PublicTestData.CategoryIdAsync(factory, "env.garbage");
        // An app on a bad network: no cookies, no codes yet (the first answer was lost), the same key on every retry. It
        // names its device, so its posts count as that device's and leave this class's device-less allowance to the others.
        HttpClient App()
        {
            var client = factory.CreateClient(new() { HandleCookies = false });
            client.DefaultRequestHeaders.Add("X-Device-Id", "retryingapp0001");
            return client;
        }
        async Task<JsonElement> Submit(string description) =>
            await (await App().PostAsJsonAsync("/api/v1/public/appeals", new { placeCode = b.Code, categoryId = garbage, description })).Content.ReadFromJsonAsync<JsonElement>();
        var first = await Submit("小区东门垃圾站满溢");
        var other = await Submit("北门垃圾桶破了");
        string Url(JsonElement appeal) => $"/api/v1/public/appeals/{appeal.GetProperty("id").GetInt64()}/supporters";
        async Task<HttpResponseMessage> Join(string url, string key, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await App().SendAsync(request);
        }
        var key = Guid.NewGuid().ToString("N");
        var joined = await Join(Url(first), key, new { note = "我家楼下也是" });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var code = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();
        var before = await PublicTestData.CountsAsync(factory);

        var again = await Join(Url(first), key, new { note = "我家楼下也是" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againJson = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(againJson.GetProperty("alreadyJoined").GetBoolean());
        Assert.Equal(code, againJson.GetProperty("trackingCode").GetString());
        Assert.Equal(1, againJson.GetProperty("supporterCount").GetInt32());

        // Retries racing each other: one supporter, every answer the same code.
        var racing = Guid.NewGuid().ToString("N");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Join(Url(other), racing, new { })));
        var codes = await Task.WhenAll(answers.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()));
        Assert.Single(codes.Distinct());
        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal((before.Appeals, before.Attachments, before.Supporters + 1), await PublicTestData.CountsAsync(factory));

        // The key names one join: used for another appeal it is refused, not answered with the first code.
        var reused = await ProblemAsync(await Join(Url(other), key, new { }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(first.GetProperty("number").GetString()!, reused.GetProperty("errors").GetProperty("idempotencyKey")[0].GetString());
        // In the body (idempotencyKey) as well as the header, as submission takes it.
        var bodyKey = Guid.NewGuid().ToString("N");
        var app = App();
        Assert.Equal(HttpStatusCode.Created, (await app.PostAsJsonAsync(Url(first), new { idempotencyKey = bodyKey })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsJsonAsync(Url(first), new { idempotencyKey = bodyKey })).StatusCode);
        Assert.Equal((before.Appeals, before.Attachments, before.Supporters + 2), await PublicTestData.CountsAsync(factory));
    }

    [Fact]
    public async Task A_wrong_content_type_or_method_on_the_resident_api_is_said_as_such_not_as_log_in_first()
    {
        // An app posting a form where JSON is expected was told 401 请先登录 on an API that needs no sign-in.
        foreach (var (url, type) in new[] { ("/api/v1/public/appeals/1/supporters", "text/plain"), ("/api/v1/public/track/ACDE3467/rating", "application/x-www-form-urlencoded"),
                     ("/api/v1/public/track/ACDE3467/reopen", "text/plain") })
        {
            var response = await Anonymous().PostAsync(url, new StringContent("note=x", System.Text.Encoding.UTF8, type));
            var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
            Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        }
        var wrongMethod = await ProblemAsync(await Anonymous().DeleteAsync("/api/v1/public/appeals"), HttpStatusCode.MethodNotAllowed);
        Assert.Contains("不接受 DELETE 请求", wrongMethod.GetProperty("detail").GetString());
        // A GET of it finds no route (the pages' GET fallback keeps routing from offering a 405): said as a wrong address.
        var get = await ProblemAsync(await Anonymous().GetAsync("/api/v1/public/appeals"), HttpStatusCode.NotFound);
        Assert.Contains("接口文档", get.GetProperty("detail").GetString());
        // The staff API still answers anonymous callers 401, whatever they send.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostAsync("/api/v1/appeals", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().DeleteAsync("/api/v1/appeals")).StatusCode);
    }

    [Fact]
    public async Task Joining_an_appeal_that_is_no_longer_open_is_a_409()
    {
        var b = await PublicTestData.BuildingAsync(factory, 9);
        var hazard = await PublicTestData.CategoryIdAsync(factory, "hazard");
        var json = await SubmitAsync(new { placeCode = b.Code, categoryId = hazard, description = "楼顶广告牌松动有坠落危险" });
        await using (var scope = factory.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == json.GetProperty("id").GetInt64());
            appeal.Reject("已由城管部门另案处理", new Actor(null, "滨河社区百通岗", "滨河社区"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var join = await Anonymous().PostAsJsonAsync($"/api/v1/public/appeals/{json.GetProperty("id").GetInt64()}/supporters", new { });
        Assert.Contains("不能再附议", (await ProblemAsync(join, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().PostAsJsonAsync("/api/v1/public/appeals/987654321/supporters", new { })).StatusCode);
        await using var check = factory.SystemScope(out var db2);
        Assert.Equal(0, await db2.AppealSupporters.CountAsync(s => s.AppealId == json.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_timeline_shows_units_and_never_staff_names_and_the_reporter_rates_once_after_resolution()
    {
        var b = await PublicTestData.BuildingAsync(factory, 10);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var json = await SubmitAsync(new { placeCode = b.Code, categoryId = ev, description = "五楼住户从窗户吊电线下来给电动车充电" });
        var code = json.GetProperty("trackingCode").GetString()!;

        var early = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/rating", new { resolved = true, satisfied = true });
        Assert.Contains("办结后才能评价", (await ProblemAsync(early, HttpStatusCode.Conflict)).GetProperty("detail").GetString());

        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        await PublicTestData.AdvanceAsync(factory, code, new Actor("w1", "赵敏", "滨河社区"), new Actor(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);

        var trackText = await Anonymous().GetStringAsync($"/api/v1/public/track/{code}");
        Assert.DoesNotContain("李芳", trackText);
        Assert.DoesNotContain("赵敏", trackText);
        var track = JsonDocument.Parse(trackText).RootElement;
        var steps = track.GetProperty("steps").EnumerateArray().Select(s => (Unit: s.GetProperty("unit").GetString(), Text: s.GetProperty("text").GetString())).ToList();
        Assert.Equal(
            [("居民", "通过扫码/网上提交"), ("滨河社区", "已受理"), ("滨河社区", "已派至网格员办理"), ("滨河社区第一网格", "承办单位已签收"),
             ("滨河社区第一网格", "当天到现场查看"), ("滨河社区第一网格", "办理结果：已劝导住户停止飞线充电，物业在车棚加装充电桩")],
            steps);
        Assert.True(track.GetProperty("canRate").GetBoolean());

        var missing = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/rating", new { resolved = true });
        Assert.Contains("是否满意", (await ProblemAsync(missing, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("satisfied")[0].GetString());

        var rated = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code.ToLowerInvariant()}/rating", new { resolved = true, satisfied = true, note = "处理很及时" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var after = await rated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)AppealState.FollowedUp, after.GetProperty("state").GetInt32());
        Assert.Equal("问题已解决，满意：处理很及时", after.GetProperty("steps").EnumerateArray().Last().GetProperty("text").GetString());
        Assert.Equal("居民", after.GetProperty("steps").EnumerateArray().Last().GetProperty("unit").GetString());

        var twice = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/rating", new { resolved = false, satisfied = false });
        Assert.Contains("已经评价过", (await ProblemAsync(twice, HttpStatusCode.Conflict)).GetProperty("detail").GetString());

        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.TrackingCode == code);
        Assert.True(appeal.IsResolved);
        Assert.True(appeal.IsSatisfied);
    }

    [Fact]
    public async Task An_unsatisfied_reporter_asks_for_the_appeal_to_be_handled_again_within_the_window()
    {
        var b = await PublicTestData.BuildingAsync(factory, 11);
        var leak = await PublicTestData.CategoryIdAsync(factory, "leak");
        var json = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "卫生间天花板一直往下滴水，楼上没人在家" });
        var code = json.GetProperty("trackingCode").GetString()!;
        var grid = await PublicTestData.UserIdAsync(factory, "grid1");

        var tooEarly = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/reopen", new { reason = "还在漏水，没有人来修" });
        Assert.Contains("办结并评价后", (await ProblemAsync(tooEarly, HttpStatusCode.Conflict)).GetProperty("detail").GetString());

        await PublicTestData.AdvanceAsync(factory, code, new Actor("w1", "赵敏", "滨河社区"), new Actor(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);
        var rated = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/rating", new { resolved = false, satisfied = false, note = "只是擦干了，还在漏" });
        Assert.True((await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("canReopen").GetBoolean());

        var noReason = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/reopen", new { reason = "" });
        Assert.Contains("哪里还没有解决", (await ProblemAsync(noReason, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("reason")[0].GetString());

        var reopened = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/reopen", new { reason = "天花板还在滴水，防水没有修" });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var view = await reopened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)AppealState.Accepted, view.GetProperty("state").GetInt32());
        Assert.False(view.GetProperty("canReopen").GetBoolean());
        Assert.Equal("重新办理：天花板还在滴水，防水没有修", view.GetProperty("steps").EnumerateArray().Last().GetProperty("text").GetString());

        await using (var scope = factory.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.TrackingCode == code);
            Assert.Equal(1, appeal.ReopenCount);
            Assert.Null(appeal.IsSatisfied);
            Assert.True(await db.Notifications.AnyAsync(n => n.Key!.StartsWith($"reopen:{appeal.Id}:1:")), "社区没有收到重新办理的通知");
            // Twenty days later, after a second unsatisfied rating: past the 15-day window the entity refuses.
            var longAgo = DateTimeOffset.UtcNow.AddDays(-20);
            await db.Appeals.Where(a => a.Id == appeal.Id).ExecuteUpdateAsync(x => x.SetProperty(a => a.State, AppealState.FollowedUp)
                .SetProperty(a => a.FollowedUpAt, longAgo).SetProperty(a => a.IsResolved, false).SetProperty(a => a.IsSatisfied, false));
        }
        var late = await Anonymous().PostAsJsonAsync($"/api/v1/public/track/{code}/reopen", new { reason = "又开始漏水了，请再来看看" });
        Assert.Contains("重办期限", (await ProblemAsync(late, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_tracking_code_is_a_chinese_404()
    {
        var problem = await ProblemAsync(await Anonymous().GetAsync("/api/v1/public/track/ZZZZ-ZZZZ"), HttpStatusCode.NotFound);
        Assert.Contains("没有找到查询码为 ZZZZZZZZ 的诉求", problem.GetProperty("detail").GetString());
        var shortCode = await ProblemAsync(await Anonymous().GetAsync("/api/v1/public/track/ABC"), HttpStatusCode.NotFound);
        Assert.Contains("8位", shortCode.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_merged_appeals_code_shows_the_main_appeals_progress()
    {
        var b = await PublicTestData.BuildingAsync(factory, 16);
        var leak = await PublicTestData.CategoryIdAsync(factory, "leak");
        var main = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "顶楼屋面漏水，下雨就滴" });
        var copy = await SubmitAsync(new { placeCode = b.Code, categoryId = leak, description = "屋顶漏水到走廊" });
        var staff = new Actor("w", "赵敏", "滨河社区");
        await using (var scope = factory.SystemScope(out var db))
        {
            var first = await db.Appeals.SingleAsync(a => a.Id == main.GetProperty("id").GetInt64());
            var second = await db.Appeals.SingleAsync(a => a.Id == copy.GetProperty("id").GetInt64());
            first.Accept(staff, DateTimeOffset.UtcNow);
            second.MergeInto(first, staff, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var view = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/public/track/{copy.GetProperty("trackingCode").GetString()}");
        Assert.Equal("已合并", view.GetProperty("stateName").GetString());
        Assert.Contains($"与诉求 {main.GetProperty("number").GetString()} 合并办理", view.GetProperty("steps").EnumerateArray().Last().GetProperty("text").GetString());
        var merged = view.GetProperty("mergedInto");
        Assert.Equal(main.GetProperty("number").GetString(), merged.GetProperty("number").GetString());
        Assert.Equal("已受理", merged.GetProperty("stateName").GetString());
        Assert.Equal(JsonValueKind.Null, merged.GetProperty("description").ValueKind); // the other reporter's text is theirs
        Assert.DoesNotContain("赵敏", view.ToString());
        Assert.DoesNotContain(main.GetProperty("trackingCode").GetString()!, view.ToString());
    }
}
