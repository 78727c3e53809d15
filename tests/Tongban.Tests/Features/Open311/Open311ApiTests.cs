using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Open311;
using Tongban.Web.Infrastructure;
using static Tongban.Tests.Features.Open311.Open311Fixture;

namespace Tongban.Tests.Features.Open311;

/// <summary>Every GeoReport v2 route in XML and JSON, every error case, over the demo district.</summary>
public sealed class Open311ApiTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    private const string V2 = "/open311/v2";

    private static string Ext(bool json) => json ? "json" : "xml";

    private async Task<(int Status, string Id, string Notice)> PostAsync(bool json, params (string, string)[] fields)
    {
        var key = await DemoKeyAsync(factory);
        var response = await Client(factory).PostAsync($"{V2}/requests.{Ext(json)}", Form([("api_key", key), .. fields]));
        Assert.Null(response.Headers.Location);
        if (json)
        {
            var (status, body) = await JsonAsync(response);
            if (status != 200) return (status, "", body.GetRawText());
            var request = Assert.Single(body.EnumerateArray());
            return (status, request.GetProperty("service_request_id").GetString()!, request.GetProperty("service_notice").GetString()!);
        }
        var (s, xml, raw) = await XmlAsync(response);
        if (s != 200) return (s, "", raw);
        var item = xml.Item("request", 0);
        return (s, item.Text("service_request_id")!, item.Text("service_notice")!);
    }

    private static (string, string)[] EvReport(string description) =>
        [("service_code", "ev"), ("lat", Lat), ("long", Long), ("description", description), ("attribute[location_type]", "corridor")];

    [Fact]
    public async Task An_appeal_past_its_promise_says_so_and_expects_the_answer_from_the_unit_that_holds_it_now()
    {
        var (_, id, notice) = await PostAsync(json: true, EvReport("地下车库有人私拉电线给电动车充电，夜里一直插着"));
        var client = Client(factory);
        var fresh = Assert.Single((await JsonAsync(await client.GetAsync($"{V2}/requests/{id}.json"))).Json.EnumerateArray());
        Assert.StartsWith("承诺于", fresh.GetProperty("service_notice").GetString());

        // Sent up to the street a week after its promise ran out: the street has its own limit, the promise stays.
        DateTimeOffset promise, streetDue;
        await using (var scope = factory.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
            promise = DateTimeOffset.UtcNow.AddDays(-7);
            streetDue = DateTimeOffset.UtcNow.AddDays(5);
            (appeal.PromisedFeedbackAt, appeal.FeedbackDueAt, appeal.Tier) = (promise, streetDue, AppealTier.Street);
            await db.SaveChangesAsync();
        }
        var late = Assert.Single((await JsonAsync(await client.GetAsync($"{V2}/requests/{id}.json"))).Json.EnumerateArray());
        Assert.Equal($"已超过承诺的答复时限（{promise.ShowDeadline()}），已提级由街道综治中心督办，预计 {streetDue.ShowDeadline()} 前答复",
            late.GetProperty("service_notice").GetString());
        Assert.Equal(streetDue.ToUnixTimeSeconds(), late.GetProperty("expected_datetime").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Discovery_names_the_v2_endpoint_and_both_formats()
    {
        var client = Client(factory);
        var (status, xml, _) = await XmlAsync(await client.GetAsync($"{V2}/discovery.xml"));
        Assert.Equal(200, status);
        var endpoint = (Dictionary<string, object?>)((Dictionary<string, object?>)xml["endpoints"]!)["endpoint"]!;
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.Text("specification"));
        Assert.EndsWith("/open311/v2", endpoint.Text("url"), StringComparison.Ordinal);

        var (jsonStatus, json) = await JsonAsync(await client.GetAsync($"{V2}/discovery.json"));
        Assert.Equal(200, jsonStatus);
        Assert.Equal(["text/xml", "application/json"], json.GetProperty("endpoints")[0].GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("key_service").GetString()));

        var (plainStatus, _, _) = await XmlAsync(await client.GetAsync($"{V2}/discovery"));
        Assert.Equal(200, plainStatus);
    }

    [Fact]
    public async Task Services_are_the_public_categories_with_ascii_codes_in_both_formats()
    {
        await using (var scope = factory.SystemScope(out var db))
        {
            db.AppealCategories.Add(new AppealCategory { Code = "噪音二", Name = "中文代码分类", Group = "测试", IsPublic = true, SortOrder = 90 });
            db.AppealCategories.Add(new AppealCategory { Code = "internal", Name = "内部事项", Group = "测试", IsPublic = false, SortOrder = 91 });
            await db.SaveChangesAsync();
        }
        var client = Client(factory);
        var (status, xml, _) = await XmlAsync(await client.GetAsync($"{V2}/services.xml"));
        Assert.Equal(200, status);
        var services = xml.List("service").Cast<Dictionary<string, object?>>().ToList();
        var ev = services.Single(s => s.Text("service_code") == "ev");
        Assert.Equal("电动车充电", ev.Text("service_name"));
        Assert.Equal("true", ev.Text("metadata"));
        Assert.Equal("realtime", ev.Text("type"));
        Assert.Equal("安全", ev.Text("group"));
        Assert.Contains("飞线充电", ev.Text("keywords")!, StringComparison.Ordinal);
        Assert.All(services, s => Assert.Matches("^[A-Za-z0-9._-]+$", s.Text("service_code")!));
        Assert.DoesNotContain(services, s => s.Text("service_code") is "internal" or "噪音二");

        var (jsonStatus, json) = await JsonAsync(await client.GetAsync($"{V2}/services.json"));
        Assert.Equal(200, jsonStatus);
        var codes = json.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()).ToList();
        Assert.Equal(services.Select(s => s.Text("service_code")), codes);
        Assert.True(json.EnumerateArray().First(s => s.GetProperty("service_code").GetString() == "ev").GetProperty("metadata").GetBoolean());

        var (notFound, errors, _) = await XmlAsync(await client.GetAsync($"{V2}/services/{Uri.EscapeDataString("噪音二")}.xml"));
        Assert.Equal(404, notFound);
        Assert.Equal("404", errors.Item("error", 0).Text("code"));
    }

    [Fact]
    public async Task Service_definitions_list_attributes_with_their_values_in_both_formats()
    {
        var client = Client(factory);
        var (status, xml, _) = await XmlAsync(await client.GetAsync($"{V2}/services/ev.xml"));
        Assert.Equal(200, status);
        Assert.Equal("ev", xml.Text("service_code"));
        var attributes = xml.List("attributes").Cast<Dictionary<string, object?>>().ToList();
        var location = attributes.Single(a => a.Text("code") == "location_type");
        Assert.Equal("singlevaluelist", location.Text("datatype"));
        Assert.Equal("true", location.Text("required"));
        Assert.Equal("1", location.Text("order"));
        Assert.Contains(location.List("values").Cast<Dictionary<string, object?>>(), v => v.Text("key") == "corridor" && v.Text("name") == "楼道/楼梯间");
        Assert.Equal("multivaluelist", attributes.Single(a => a.Text("code") == "findings").Text("datatype"));
        Assert.Equal(Enumerable.Range(1, attributes.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), attributes.Select(a => a.Text("order")));

        var (jsonStatus, json) = await JsonAsync(await client.GetAsync($"{V2}/services/noise.json"));
        Assert.Equal(200, jsonStatus);
        var period = json.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "noise_period");
        Assert.Equal("multivaluelist", period.GetProperty("datatype").GetString());
        Assert.False(period.GetProperty("required").GetBoolean());
        Assert.Equal("night", period.GetProperty("values")[3].GetProperty("key").GetString());

        // A code with a dot keeps it; a service with no special fields still offers the kind.
        var (dotted, garbage, _) = await XmlAsync(await client.GetAsync($"{V2}/services/env.garbage.xml"));
        Assert.Equal(200, dotted);
        Assert.Equal("env.garbage", garbage.Text("service_code"));
        Assert.Equal("kind", Assert.Single(garbage.List("attributes").Cast<Dictionary<string, object?>>()).Text("code"));
        var (gas, gasXml, _) = await XmlAsync(await client.GetAsync($"{V2}/services/utilities.gas"));
        Assert.Equal(200, gas);
        Assert.Equal("false", gasXml.List("attributes").Cast<Dictionary<string, object?>>().First().Text("variable"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_posted_request_reads_back_with_Chinese_CRLF_and_W3C_datetimes(bool json)
    {
        const string description = "3号楼2单元楼道有人从窗户拉电线给电动车充电，\r\n晚上尤其多。<script>alert('x')</script> & 请尽快处理";
        var (status, id, notice) = await PostAsync(json, [.. EvReport(description), ("first_name", "晓明"), ("last_name", "王"), ("phone", "13812345678")]);
        Assert.Equal(200, status);
        Assert.Matches("^[0-9]+$", id);
        Assert.Contains("查询码", notice, StringComparison.Ordinal);

        var client = Client(factory);
        foreach (var path in new[] { $"{V2}/requests/{id}", $"{V2}/requests" })
        {
            var query = path.EndsWith("requests", StringComparison.Ordinal) ? $"?service_request_id={id}" : "";
            var (xmlStatus, xml, raw) = await XmlAsync(await client.GetAsync($"{path}.xml{query}"));
            Assert.Equal(200, xmlStatus);
            Assert.Contains($"<service_request_id>{id}</service_request_id>", raw, StringComparison.Ordinal);
            var request = Assert.Single(xml.List("request").Cast<Dictionary<string, object?>>());
            Assert.Equal(description, request.Text("description"));
            Assert.Equal("open", request.Text("status"));
            Assert.Equal("ev", request.Text("service_code"));
            Assert.Equal("电动车充电", request.Text("service_name"));
            Assert.Equal(Lat, request.Text("lat"));
            Assert.Equal(Long, request.Text("long"));
            foreach (var field in new[] { "requested_datetime", "updated_datetime", "expected_datetime" })
                Assert.Matches(W3cPattern, request.Text(field));
            Assert.DoesNotContain("13812345678", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("王晓明", raw, StringComparison.Ordinal);

            var (jsonStatus, array) = await JsonAsync(await client.GetAsync($"{path}.json{query}"));
            Assert.Equal(200, jsonStatus);
            var item = Assert.Single(array.EnumerateArray());
            Assert.Equal(description, item.GetProperty("description").GetString());
            Assert.Equal(id, item.GetProperty("service_request_id").GetString());
            Assert.Equal(37.8405, item.GetProperty("lat").GetDouble());
            Assert.Matches(W3cPattern, item.GetProperty("requested_datetime").GetString());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("zipcode").ValueKind);
        }

        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(AppealChannel.Open311, appeal.Channel);
        Assert.Equal("王晓明", appeal.ReporterName);
        Assert.Equal("138****5678", appeal.ReporterPhoneMasked);
        Assert.Equal(await GridAreaPathAtAsync(factory, 37.8405, 112.5205), appeal.AreaPath);
    }

    [Fact]
    public async Task An_address_id_is_a_building_and_places_the_appeal_there()
    {
        var building = await BuildingIdAsync(factory);
        var (status, id, _) = await PostAsync(false, ("service_code", "leak"), ("address_id", building.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("address_string", "5单元602室"), ("description", "楼上卫生间漏水，天花板一直滴水"), ("attribute[leak_spot]", "ceiling"), ("attribute[floor]", "6"));
        Assert.Equal(200, status);
        var (_, xml, _) = await XmlAsync(await Client(factory).GetAsync($"{V2}/requests/{id}.xml"));
        var request = xml.Item("request", 0);
        Assert.Equal(building.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Text("address_id"));
        Assert.EndsWith("5单元602室", request.Text("address"), StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string, (string, string)[]> BadPosts => new()
    {
        { "no api_key", 403, "api_key", [("api_key", ""), .. EvReport("楼道里有人飞线充电")] },
        { "wrong api_key", 403, "api_key", [("api_key", "not-a-key"), .. EvReport("楼道里有人飞线充电")] },
        { "no service_code", 400, "service_code", [("lat", Lat), ("long", Long), ("description", "楼道里有人飞线充电")] },
        { "unknown service_code", 404, "service_code", [("service_code", "potholes"), ("lat", Lat), ("long", Long), ("description", "路面有坑")] },
        { "no location", 400, "lat", [("service_code", "ev"), ("description", "楼道里有人飞线充电"), ("attribute[location_type]", "corridor")] },
        { "address_string alone", 400, "address_string", [("service_code", "ev"), ("address_string", "示例小区3号楼"), ("description", "楼道里有人飞线充电"), ("attribute[location_type]", "corridor")] },
        { "lat without long", 400, "lat/long", [("service_code", "other"), ("lat", Lat), ("description", "其他问题描述")] },
        { "bad lat", 400, "lat", [("service_code", "other"), ("lat", "北纬37度"), ("long", Long), ("description", "其他问题描述")] },
        { "outside every grid", 400, "网格", [("service_code", "other"), ("lat", "39.9042"), ("long", "116.4074"), ("description", "其他问题描述")] },
        { "unknown address_id", 400, "address_id", [("service_code", "other"), ("address_id", "99999999"), ("description", "其他问题描述")] },
        { "required attribute missing", 400, "attribute[location_type]", [("service_code", "ev"), ("lat", Lat), ("long", Long), ("description", "楼道里有人飞线充电")] },
        { "value not in the list", 400, "attribute[location_type]", [.. EvReport("楼道里有人飞线充电")[..4], ("attribute[location_type]", "roof")] },
        { "two values for a single list", 400, "attribute[location_type]", [.. EvReport("楼道里有人飞线充电"), ("attribute[location_type]", "indoor")] },
        { "not a number", 400, "attribute[floor]", [("service_code", "leak"), ("lat", Lat), ("long", Long), ("description", "楼上漏水严重"), ("attribute[floor]", "六楼")] },
        { "not a datetime", 400, "attribute[since]", [("service_code", "utilities.water"), ("lat", Lat), ("long", Long), ("description", "整栋楼停水"), ("attribute[since]", "昨天")] },
        { "description too long", 400, "description", [.. EvReport(new string('长', 4001))] },
        { "bad phone", 400, "phone", [.. EvReport("楼道里有人飞线充电"), ("phone", "12345")] },
        { "media_url not a web link", 400, "media_url", [.. EvReport("楼道里有人飞线充电"), ("media_url", "file:///etc/passwd")] },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task A_bad_post_is_a_spec_error_in_both_formats_and_files_nothing(string why, int status, string mentions, (string, string)[] fields)
    {
        var before = await AppealCountAsync();
        var key = await DemoKeyAsync(factory);
        var form = fields.Any(f => f.Item1 == "api_key") ? fields : [("api_key", key), .. fields];
        var client = Client(factory);

        var (xmlStatus, xml, raw) = await XmlAsync(await client.PostAsync($"{V2}/requests.xml", Form(form)));
        Assert.True(status == xmlStatus, $"{why}: {raw}");
        var error = xml.Item("error", 0);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Text("code"));
        Assert.Contains(mentions, string.Join(" ", xml.List("error").Cast<Dictionary<string, object?>>().Select(e => e.Text("description"))), StringComparison.Ordinal);

        var (jsonStatus, json) = await JsonAsync(await client.PostAsync($"{V2}/requests.json", Form(form)));
        Assert.Equal(status, jsonStatus);
        Assert.Equal(status, json[0].GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json[0].GetProperty("description").GetString()));
        Assert.Equal(before, await AppealCountAsync());
    }

    [Fact]
    public async Task Bodies_that_are_not_forms_and_files_that_are_not_photos_are_refused()
    {
        var key = await DemoKeyAsync(factory);
        var client = Client(factory);
        var before = await AppealCountAsync();
        var jsonBody = new StringContent("{\"service_code\":\"ev\"}", Encoding.UTF8, "application/json");
        var (status, xml, _) = await XmlAsync(await client.PostAsync($"{V2}/requests.xml?api_key={key}", jsonBody));
        Assert.Equal(400, status);
        Assert.Contains("multipart/form-data", xml.Item("error", 0).Text("description"), StringComparison.Ordinal);

        using var multipart = new MultipartFormDataContent();
        foreach (var (k, v) in (IEnumerable<(string, string)>)[("api_key", key), .. EvReport("楼道里有人飞线充电")]) multipart.Add(new StringContent(v), k);
        multipart.Add(Photo("<html>not a photo</html>"u8.ToArray(), "image/jpeg"), "media", "photo.jpg");
        var (jsonStatus, json) = await JsonAsync(await client.PostAsync($"{V2}/requests.json", multipart));
        Assert.Equal(400, jsonStatus);
        Assert.Contains("JPEG", json[0].GetProperty("description").GetString(), StringComparison.Ordinal);

        using var tooLarge = new MultipartFormDataContent();
        foreach (var (k, v) in (IEnumerable<(string, string)>)[("api_key", key), .. EvReport("楼道里有人飞线充电")]) tooLarge.Add(new StringContent(v), k);
        tooLarge.Add(Photo([.. Jpeg(1), .. new byte[Open311Media.MaxPhotoBytes]], "image/jpeg"), "media", "big.jpg");
        var (largeStatus, large, _) = await XmlAsync(await client.PostAsync($"{V2}/requests.xml", tooLarge));
        Assert.Equal(400, largeStatus);
        Assert.Contains("10MB", large.Item("error", 0).Text("description"), StringComparison.Ordinal);
        Assert.Equal(before, await AppealCountAsync());
    }

    [Fact]
    public async Task Resources_without_a_suffix_answer_in_xml()
    {
        var key = await DemoKeyAsync(factory);
        var client = Client(factory);
        var (posted, created, _) = await XmlAsync(await client.PostAsync($"{V2}/requests", Form([("api_key", key), .. EvReport("八号：不带后缀提交")])));
        Assert.Equal(200, posted);
        var id = created.Item("request", 0).Text("service_request_id");
        foreach (var path in new[] { "services", "services/ev", $"requests?service_request_id={id}", $"requests/{id}", "servicerequestupdates" })
        {
            var (status, _, raw) = await XmlAsync(await client.GetAsync($"{V2}/{path}"));
            Assert.True(status == 200, $"{path}: {raw}");
        }
    }

    [Fact]
    public async Task Get_errors_are_spec_errors_in_the_requested_format()
    {
        var client = Client(factory);
        var cases = new (string Path, int Status)[]
        {
            ($"{V2}/requests/999999999", 404), ($"{V2}/requests/abc", 404), ($"{V2}/tokens/NOPE2345", 404), ($"{V2}/services/nope", 404),
            ($"{V2}/requests.EXT?status=pending", 400), ($"{V2}/requests.EXT?start_date=yesterday", 400),
            ($"{V2}/requests.EXT?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400),
            ($"{V2}/requests.EXT?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z", 400),
            ($"{V2}/servicerequestupdates.EXT?end_date=soon", 400), ($"{V2}/nothing", 404), ($"{V2}/media/{new string('a', 64)}", 404),
        };
        foreach (var (path, status) in cases)
        {
            var xmlPath = path.Contains(".EXT", StringComparison.Ordinal) ? path.Replace("EXT", "xml", StringComparison.Ordinal) : path.Contains('?') ? path : path + ".xml";
            var jsonPath = path.Contains(".EXT", StringComparison.Ordinal) ? path.Replace("EXT", "json", StringComparison.Ordinal) : path.Contains('?') ? path : path + ".json";
            var (xmlStatus, xml, raw) = await XmlAsync(await client.GetAsync(xmlPath));
            Assert.True(status == xmlStatus, $"{xmlPath}: {raw}");
            Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), xml.Item("error", 0).Text("code"));
            if (path.StartsWith($"{V2}/media", StringComparison.Ordinal)) continue;
            var (jsonStatus, json) = await JsonAsync(await client.GetAsync(jsonPath));
            Assert.True(status == jsonStatus, jsonPath);
            Assert.Equal(status, json[0].GetProperty("code").GetInt32());
        }

        var (methodStatus, method, _) = await XmlAsync(await client.DeleteAsync($"{V2}/requests.xml"));
        Assert.Equal(400, methodStatus);
        Assert.Contains("DELETE", method.Item("error", 0).Text("description"), StringComparison.Ordinal);
        var (formatStatus, _, _) = await XmlAsync(await client.GetAsync($"{V2}/services.html"));
        Assert.Equal(400, formatStatus);
    }

    [Fact]
    public async Task A_token_is_the_tracking_code_and_leads_to_the_request()
    {
        var (_, id, notice) = await PostAsync(false, EvReport("车棚里有人私拉电线充电"));
        var code = Regex.Match(notice, "查询码 ([A-Z0-9]+)").Groups[1].Value;
        await using (var scope = factory.SystemScope(out var db))
            Assert.Equal(code, await db.Appeals.Where(a => a.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.TrackingCode).SingleAsync());

        var client = Client(factory);
        var (status, xml, _) = await XmlAsync(await client.GetAsync($"{V2}/tokens/{code}.xml"));
        Assert.Equal(200, status);
        Assert.Equal(id, xml.Item("request", 0).Text("service_request_id"));
        Assert.Equal(code, xml.Item("request", 0).Text("token"));
        var (jsonStatus, json) = await JsonAsync(await client.GetAsync($"{V2}/tokens/{code.ToLowerInvariant()}.json"));
        Assert.Equal(200, jsonStatus);
        Assert.Equal(id, json[0].GetProperty("service_request_id").GetString());
    }

    [Fact]
    public async Task Filters_select_by_code_status_and_window_and_an_id_list_overrides_them_all()
    {
        var (_, open, _) = await PostAsync(false, EvReport("一号：楼道飞线充电"));
        var (_, closed, _) = await PostAsync(false, ("service_code", "noise"), ("lat", Lat), ("long", Long), ("description", "二号：夜间装修噪音"),
            ("attribute[noise_source]", "renovation"), ("attribute[noise_period][]", "night"), ("attribute[noise_period][]", "evening"));
        var (_, old, _) = await PostAsync(false, EvReport("三号：半年前的飞线充电"));
        var (_, hidden, _) = await PostAsync(false, EvReport("四号：窗口登记的诉求"));
        var oldAt = DateTimeOffset.UtcNow.AddDays(-120);
        await using (var scope = factory.SystemScope(out var db))
        {
            var noise = await db.Appeals.SingleAsync(a => a.Id == Id(closed));
            noise.Reject("不属于本平台受理范围，已告知向市场监管部门反映", new Actor("u", "王敏", "示例社区"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await db.Appeals.Where(a => a.Id == Id(old)).ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedAt, oldAt));
            await db.Appeals.Where(a => a.Id == Id(hidden)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Channel, AppealChannel.Window));
        }

        var client = Client(factory);
        async Task<List<string>> Ids(string query)
        {
            var (status, xml, raw) = await XmlAsync(await client.GetAsync($"{V2}/requests.xml{query}"));
            Assert.True(status == 200, raw);
            var xmlIds = xml.List("request").Cast<Dictionary<string, object?>>().Select(r => r.Text("service_request_id")!).ToList();
            var (_, json) = await JsonAsync(await client.GetAsync($"{V2}/requests.json{query}"));
            Assert.Equal(xmlIds, json.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).ToList());
            return xmlIds;
        }

        var all = await Ids("");
        Assert.Contains(open, all);
        Assert.Contains(closed, all);
        Assert.DoesNotContain(old, all); // outside the default 90 days
        Assert.DoesNotContain(hidden, all); // a channel the feed does not publish

        var noiseOnly = await Ids("?service_code=noise");
        Assert.Contains(closed, noiseOnly);
        Assert.DoesNotContain(open, noiseOnly);
        Assert.Contains(open, await Ids("?service_code=noise,ev"));

        var closedOnly = await Ids("?status=closed");
        Assert.Contains(closed, closedOnly);
        Assert.DoesNotContain(open, closedOnly);
        Assert.Contains(open, await Ids("?status=open"));
        Assert.Contains(closed, await Ids("?status=open,closed"));

        var nanoseconds = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'12Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(open, await Ids($"?start_date={nanoseconds}"));

        var window = $"?start_date={Uri.EscapeDataString(Open311Time.Format(oldAt.AddDays(-1)))}&end_date={Uri.EscapeDataString(Open311Time.Format(oldAt.AddDays(1)))}";
        var inWindow = await Ids(window);
        Assert.Contains(old, inWindow);
        Assert.DoesNotContain(open, inWindow);

        var listed = await Ids($"?service_request_id={open},{old}&service_request_id={hidden},{closed}&status=closed&service_code=noise&start_date=2020-01-01&end_date=2020-01-02&unknown=1");
        Assert.Equal(new[] { open, old, closed }.Order(), listed.Order());

        var (_, xmlClosed, _) = await XmlAsync(await client.GetAsync($"{V2}/requests/{closed}.xml"));
        Assert.Equal("closed", xmlClosed.Item("request", 0).Text("status"));
        Assert.StartsWith("不予受理：", xmlClosed.Item("request", 0).Text("status_notes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_are_the_public_timeline_with_mysociety_statuses_oldest_first()
    {
        var (_, id, _) = await PostAsync(false, [.. EvReport("五号：地下车库飞线充电"), ("attribute[findings]", "flying_wire")]);
        var staff = new Actor("u", "王敏", "示例社区");
        await using (var scope = factory.SystemScope(out var db))
        {
            var appeal = await db.Appeals.Include(a => a.Assignments).SingleAsync(a => a.Id == Id(id));
            appeal.Accept(staff, DateTimeOffset.UtcNow);
            var gridWorker = await db.Users.Where(u => u.UserName == "grid1").Select(u => u.Id).SingleAsync();
            var lead = new AppealAssignment { AssigneeKind = AssigneeKind.GridWorker, AssigneeName = "网格员李芳", AssigneeUserId = gridWorker, Tier = AppealTier.Community, AcknowledgeDueAt = DateTimeOffset.UtcNow.AddHours(2), AreaPath = appeal.AreaPath };
            appeal.Dispatch(lead, [], staff, DateTimeOffset.UtcNow, null);
            await db.SaveChangesAsync();
        }
        var start = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var end = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var client = Client(factory);

        var (status, xml, raw) = await XmlAsync(await client.GetAsync($"{V2}/servicerequestupdates.xml?start_date={start}&end_date={end}"));
        Assert.Equal(200, status);
        var mine = xml.List("request_update").Cast<Dictionary<string, object?>>().Where(u => u.Text("service_request_id") == id).ToList();
        Assert.Equal(["open", "investigating", "action_scheduled"], mine.Select(u => u.Text("status")));
        Assert.All(mine, u => Assert.Matches(W3cPattern, u.Text("updated_datetime")));
        Assert.Equal(mine.Count, mine.Select(u => u.Text("update_id")).Distinct().Count());
        Assert.Equal("示例社区：已派至网格员办理", mine[2].Text("description"));
        Assert.DoesNotContain("李芳", raw, StringComparison.Ordinal); // units are public, staff names are not
        Assert.DoesNotContain("Open311 提交方", raw, StringComparison.Ordinal); // the private details entry stays private
        Assert.Contains("<media_url></media_url>", raw, StringComparison.Ordinal);

        var (jsonStatus, json) = await JsonAsync(await client.GetAsync($"{V2}/servicerequestupdates.json"));
        Assert.Equal(200, jsonStatus);
        var jsonMine = json.EnumerateArray().Where(u => u.GetProperty("service_request_id").GetString() == id).ToList();
        Assert.Equal(mine.Select(u => u.Text("update_id")), jsonMine.Select(u => u.GetProperty("update_id").GetString()));
        Assert.Equal("", jsonMine[0].GetProperty("media_url").GetString());

        var (_, request, _) = await XmlAsync(await client.GetAsync($"{V2}/requests/{id}.xml"));
        Assert.Equal("网格员", request.Item("request", 0).Text("agency_responsible"));
        Assert.Equal("已派单", request.Item("request", 0).Text("status_notes"));
    }

    [Fact]
    public async Task The_same_post_sent_again_returns_the_same_request_and_unknown_parameters_are_ignored()
    {
        (string, string)[] fields = [.. EvReport("六号：重发的同一条诉求"), ("jurisdiction_id", "qingyuan.example"), ("email", "a@example.com"),
            ("device_id", "abc"), ("account_id", "u-77"), ("foo", "bar"), ("attribute[unknown]", "x")];
        var (first, id, _) = await PostAsync(true, fields);
        Assert.Equal(200, first);
        var (second, again, _) = await PostAsync(false, fields);
        Assert.Equal(200, second);
        Assert.Equal(id, again);
        await using var scope = factory.SystemScope(out var db);
        Assert.Equal(1, await db.Appeals.CountAsync(a => a.Description == "六号：重发的同一条诉求"));
        var details = await db.AppealEvents.SingleAsync(e => e.AppealId == Id(id) && e.Type == PostOpen311Request.DetailsEventType);
        Assert.False(details.IsPublic);
        Assert.Contains("地点类型：楼道/楼梯间", details.Note, StringComparison.Ordinal);
        Assert.Contains("u-77", details.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("a@example.com", details.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_key_is_created_once_for_the_demo_district_and_a_disabled_key_is_refused()
    {
        var key = await DemoKeyAsync(factory);
        await DemoKeyAsync(factory);
        var hash = Open311Keys.Hash(key);
        await using (var scope = factory.SystemScope(out var db))
        {
            var client = await db.Open311Clients.SingleAsync(c => c.KeyHash == hash);
            Assert.Equal(Open311Demo.ClientName, client.Name);
            Assert.Equal(await db.Areas.Where(a => a.Code == "990101000000").Select(a => a.AreaPath).SingleAsync(), client.AreaPath);
            Assert.DoesNotContain(key, await db.Open311Clients.Select(c => c.KeyHash).ToListAsync());
            client.IsActive = false;
            await db.SaveChangesAsync();
        }
        var (status, xml, _) = await XmlAsync(await Client(factory).PostAsync($"{V2}/requests.xml", Form([("api_key", key), .. EvReport("七号：停用的密钥")])));
        Assert.Equal(403, status);
        Assert.Equal("403", xml.Item("error", 0).Text("code"));
        await DemoKeyAsync(factory); // re-activates
        var (again, _, _) = await PostAsync(false, EvReport("七号：启用后的密钥"));
        Assert.Equal(200, again);
    }

    [Fact]
    public async Task Head_answers_every_readable_resource_like_get_and_a_missing_id_is_not_found()
    {
        var (_, id, notice) = await PostAsync(false, EvReport("九号：用 HEAD 探测的诉求"));
        var code = Regex.Match(notice, "查询码 ([A-Z0-9]+)").Groups[1].Value;
        var client = Client(factory);
        foreach (var path in new[] { "discovery.xml", "services.json", "services/ev.xml", "requests.xml", $"requests/{id}.json", $"tokens/{code}.xml",
            "servicerequestupdates.xml", "services" })
        {
            var get = await client.GetAsync($"{V2}/{path}");
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{V2}/{path}"));
            Assert.True(HttpStatusCode.OK == head.StatusCode, $"HEAD {path}: {(int)head.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
        }
        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{V2}/requests/999999999.xml"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        foreach (var path in new[] { "tokens/", "requests/", "media/" })
        {
            var (status, xml, raw) = await XmlAsync(await client.GetAsync($"{V2}/{path}"));
            if (path == "requests/") { Assert.True(status == 200, raw); continue; } // the list, as requests.xml
            Assert.True(status == 404, $"{path}: {raw}");
            Assert.Equal("404", xml.Item("error", 0).Text("code"));
        }
    }

    [Fact]
    public async Task A_media_url_the_client_sent_is_the_requests_media_url()
    {
        const string link = "https://fms.example/photo/1207.0.full.jpeg";
        var (status, id, _) = await PostAsync(true, [.. EvReport("十号：只带图片链接的诉求"), ("media_url", link), ("media_url", "https://fms.example/photo/1207.1.full.jpeg")]);
        Assert.Equal(200, status);
        var client = Client(factory);
        var (_, xml, _) = await XmlAsync(await client.GetAsync($"{V2}/requests.xml?service_request_id={id}"));
        Assert.Equal(link, xml.Item("request", 0).Text("media_url"));
        var (_, json) = await JsonAsync(await client.GetAsync($"{V2}/requests/{id}.json"));
        Assert.Equal(link, json[0].GetProperty("media_url").GetString());
    }

    [Fact]
    public async Task An_indexed_attribute_list_is_read_as_the_multivaluelist_it_is()
    {
        var (status, id, _) = await PostAsync(false, ("service_code", "noise"), ("lat", Lat), ("long", Long), ("description", "十一号：楼下夜宵店凌晨还在营业"),
            ("attribute[noise_source]", "business"), ("attribute[noise_period][0]", "night"), ("attribute[noise_period][1]", "evening"));
        Assert.Equal(200, status);
        await using var scope = factory.SystemScope(out var db);
        var details = await db.AppealEvents.SingleAsync(e => e.AppealId == Id(id) && e.Type == PostOpen311Request.DetailsEventType);
        Assert.Contains("发生时段：夜间（22时—次日6时）、晚间（18—22时）", details.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GBK")]
    [InlineData("GB18030")]
    [InlineData("gb2312")]
    public async Task A_form_in_a_Chinese_legacy_charset_keeps_its_text(string charset)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var encoding = System.Text.Encoding.GetEncoding(charset);
        var description = $"十三号：{charset} 编码提交的楼道飞线充电";
        var key = await DemoKeyAsync(factory);
        (string, string)[] fields = [("api_key", key), .. EvReport(description)];
        var body = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={System.Web.HttpUtility.UrlEncode(f.Item2, encoding)}"));
        var content = new StringContent(body, System.Text.Encoding.ASCII);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/x-www-form-urlencoded; charset={charset}");
        var (status, xml, raw) = await XmlAsync(await Client(factory).PostAsync($"{V2}/requests.xml", content));
        Assert.True(status == 200, raw);
        var (_, read, _) = await XmlAsync(await Client(factory).GetAsync($"{V2}/requests/{xml.Item("request", 0).Text("service_request_id")}.xml"));
        Assert.Equal(description, read.Item("request", 0).Text("description"));

        var unknown = new StringContent(body, System.Text.Encoding.ASCII);
        unknown.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=x-nonsense");
        var (refused, errors, _) = await XmlAsync(await Client(factory).PostAsync($"{V2}/requests.xml", unknown));
        Assert.Equal(400, refused);
        Assert.Contains("x-nonsense", errors.Item("error", 0).Text("description"), StringComparison.Ordinal);
    }

    private static long Id(string id) => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> AppealCountAsync()
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Appeals.CountAsync();
    }
}
