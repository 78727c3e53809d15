using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Open311;
using Tongban.Web.Infrastructure;
using static Tongban.Tests.Features.Open311.Open311Fixture;

namespace Tongban.Tests.Features.Open311;

/// <summary>
/// What clients send that the facade first got wrong: a landline as the reporter's phone, another jurisdiction's id,
/// control characters in a field.
/// </summary>
public sealed class Open311InputTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    private const string V2 = "/open311/v2";

    private static (string, string)[] EvReport(string description) =>
        [("service_code", "ev"), ("lat", Lat), ("long", Long), ("description", description), ("attribute[location_type]", "corridor")];

    private async Task<int> AppealCountAsync()
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Appeals.CountAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(string ext, params (string, string)[] fields) =>
        await Client(factory).PostAsync($"{V2}/requests.{ext}", Form([("api_key", await DemoKeyAsync(factory)), .. fields]));

    private static async Task<(int Status, List<(string Code, string Description)> Errors)> ErrorsAsync(HttpResponseMessage response, bool json)
    {
        if (json)
        {
            var (status, body) = await JsonAsync(response);
            return (status, body.ValueKind == System.Text.Json.JsonValueKind.Array && status != 200
                ? body.EnumerateArray().Select(e => (e.GetProperty("code").GetInt32().ToString(CultureInfo.InvariantCulture), e.GetProperty("description").GetString()!)).ToList()
                : []);
        }
        var (s, xml, _) = await XmlAsync(response);
        return (s, s == 200 ? [] : xml.List("error").Cast<Dictionary<string, object?>>().Select(e => (e.Text("code")!, e.Text("description")!)).ToList());
    }

    [Theory]
    [InlineData("010-62345678", "010-****5678")]
    [InlineData("0755 8123 4567", "0755-****4567")]
    [InlineData("+86 10 6234 5678", "010-****5678")]
    [InlineData("+852 9123 4567", "+852 ****4567")]
    [InlineData("+1 415 555 0100", "+1 ****0100")]
    [InlineData("0351-7654321转802", "0351-****4321转802")]
    public async Task A_landline_or_a_number_abroad_is_kept_with_the_report_and_never_texted(string phone, string masked)
    {
        var response = await PostAsync("xml", [.. EvReport($"楼道飞线充电，反映人留的电话是{masked}"), ("first_name", "阿姨"), ("last_name", "刘"), ("phone", phone)]);
        var (status, xml, raw) = await XmlAsync(response);
        Assert.True(status == 200, raw);
        var id = long.Parse(xml.Item("request", 0).Text("service_request_id")!, CultureInfo.InvariantCulture);
        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        Assert.Equal((masked, true, "刘阿姨"), (appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly, appeal.ReporterName));
        Assert.NotNull(appeal.ReporterPhoneCipher);
        Assert.DoesNotContain(phone.Replace(" ", "", StringComparison.Ordinal)[^4..], appeal.ReporterPhoneCipher, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_phone_that_is_no_number_is_the_specs_400_naming_phone(bool json)
    {
        var before = await AppealCountAsync();
        foreach (var phone in new[] { "座机6234", "12345", "010-6234567890123" })
        {
            var (status, errors) = await ErrorsAsync(await PostAsync(json ? "json" : "xml", [.. EvReport("楼道里有人飞线充电"), ("phone", phone)]), json);
            Assert.Equal(400, status);
            var error = Assert.Single(errors);
            Assert.Equal("400", error.Code);
            Assert.StartsWith("phone：", error.Description, StringComparison.Ordinal);
            Assert.Matches("(电话号码|手机号)", error.Description);
        }
        Assert.Equal(before, await AppealCountAsync());
    }

    [Fact]
    public async Task Discovery_publishes_the_jurisdiction_id_from_configuration()
    {
        var (_, xml, _) = await XmlAsync(await Client(factory).GetAsync($"{V2}/discovery.xml"));
        Assert.Equal(Open311Factory.Jurisdiction, xml.Text("jurisdiction_id"));
        var (_, json) = await JsonAsync(await Client(factory).GetAsync($"{V2}/discovery.json"));
        Assert.Equal(Open311Factory.Jurisdiction, json.GetProperty("jurisdiction_id").GetString());
    }

    [Fact]
    public void Without_configuration_the_jurisdiction_is_the_public_host_without_www()
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString("www.Tongban.example", 8443);
        Assert.Equal("tongban.example", Open311Arguments.JurisdictionOf(request, new Open311Options()));
        Assert.Equal("qingyuan.gov.cn", Open311Arguments.JurisdictionOf(request, new Open311Options { BaseUrl = "https://www.qingyuan.gov.cn/" }));
        Assert.Equal("jinyang", Open311Arguments.JurisdictionOf(request, new Open311Options { BaseUrl = "https://www.qingyuan.gov.cn/", JurisdictionId = " jinyang " }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Another_jurisdiction_is_the_specs_404_on_every_resource_that_takes_one(bool json)
    {
        var ext = json ? "json" : "xml";
        var client = Client(factory);
        var (okStatus, okId, _) = await PostAndReadAsync(ext, "楼道里有人飞线充电，晚上尤其多", ("jurisdiction_id", "WWW.Qingyuan.Example"));
        Assert.Equal(200, okStatus);
        string token;
        await using (var scope = factory.SystemScope(out var db))
            token = await db.Appeals.Where(a => a.Id == long.Parse(okId, CultureInfo.InvariantCulture)).Select(a => a.TrackingCode).SingleAsync();

        var before = await AppealCountAsync();
        const string other = "jurisdiction_id=sfgov.org";
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["services"] = await client.GetAsync($"{V2}/services.{ext}?{other}"),
            ["services/ev"] = await client.GetAsync($"{V2}/services/ev.{ext}?{other}"),
            ["requests"] = await client.GetAsync($"{V2}/requests.{ext}?service_request_id={okId}&{other}"),
            ["requests/id"] = await client.GetAsync($"{V2}/requests/{okId}.{ext}?{other}"),
            ["tokens"] = await client.GetAsync($"{V2}/tokens/{token}.{ext}?{other}"),
            ["updates"] = await client.GetAsync($"{V2}/servicerequestupdates.{ext}?{other}"),
            ["post"] = await client.PostAsync($"{V2}/requests.{ext}", Form([("api_key", await DemoKeyAsync(factory)), .. EvReport("楼道里有人飞线充电"), ("jurisdiction_id", "sfgov.org")])),
            ["post in the query"] = await client.PostAsync($"{V2}/requests.{ext}?{other}", Form([("api_key", await DemoKeyAsync(factory)), .. EvReport("楼道里有人飞线充电")])),
        };
        foreach (var (resource, response) in responses)
        {
            var (status, errors) = await ErrorsAsync(response, json);
            Assert.True(status == 404, $"{resource}: {status}");
            var error = Assert.Single(errors);
            Assert.Equal("404", error.Code);
            Assert.Contains("jurisdiction_id", error.Description, StringComparison.Ordinal);
            Assert.Contains("sfgov.org", error.Description, StringComparison.Ordinal);
            Assert.Contains(Open311Factory.Jurisdiction, error.Description, StringComparison.Ordinal);
        }
        Assert.Equal(before, await AppealCountAsync());

        // Ours, or none at all (empty counts as none): answered as usual.
        Assert.Equal(200, (int)(await client.GetAsync($"{V2}/requests/{okId}.{ext}?jurisdiction_id={Open311Factory.Jurisdiction}")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync($"{V2}/services.{ext}?jurisdiction_id=")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync($"{V2}/tokens/{token}.{ext}")).StatusCode);
    }

    private async Task<(int Status, string Id, string Raw)> PostAndReadAsync(string ext, string description, params (string, string)[] extra)
    {
        var response = await PostAsync(ext, [.. EvReport(description), .. extra]);
        var raw = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, "", raw);
        var id = ext == "json"
            ? System.Text.Json.JsonDocument.Parse(raw).RootElement[0].GetProperty("service_request_id").GetString()!
            : FmsXml.Parse(raw).Item("request", 0).Text("service_request_id")!;
        return ((int)response.StatusCode, id, raw);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_control_character_in_a_field_is_the_specs_400_naming_the_field_and_nothing_is_stored(bool json)
    {
        var before = await AppealCountAsync();
        var ext = json ? "json" : "xml";
        var cases = new (string Field, (string, string)[] Form)[]
        {
            ("description", EvReport("楼道里有人\0飞线充电")),
            ("first_name", [.. EvReport("楼道里有人飞线充电"), ("first_name", "晓\u0007明")]),
            ("address_string", [.. EvReport("楼道里有人飞线充电"), ("address_string", "3号楼\u001B2单元")]),
            ("attribute[findings]", [.. EvReport("楼道里有人飞线充电"), ("attribute[findings]", "flying_wire\0")]),
            ("phone", [.. EvReport("楼道里有人飞线充电"), ("phone", "010-6234\u00855678")]),
        };
        foreach (var (field, form) in cases)
        {
            var (status, errors) = await ErrorsAsync(await PostAsync(ext, form), json);
            Assert.True(status == 400, $"{field}: {status}");
            var error = Assert.Single(errors);
            Assert.StartsWith($"{field}：", error.Description, StringComparison.Ordinal);
            Assert.Contains("控制字符", error.Description, StringComparison.Ordinal);
        }
        // Sent as multipart/form-data (as FixMyStreet does with a photo): the same.
        using (var multipart = new MultipartFormDataContent())
        {
            (string Key, string Value)[] fields = [("api_key", await DemoKeyAsync(factory)), .. EvReport("楼道里有人\0飞线充电")];
            foreach (var (k, v) in fields) multipart.Add(new StringContent(v), k);
            var (status, errors) = await ErrorsAsync(await Client(factory).PostAsync($"{V2}/requests.{ext}", multipart), json);
            Assert.Equal(400, status);
            Assert.StartsWith("description：", Assert.Single(errors).Description, StringComparison.Ordinal);
        }
        // Two bad fields: both named, in one answer.
        var (_, both) = await ErrorsAsync(await PostAsync(ext, [.. EvReport("楼道\0飞线"), ("last_name", "王\0")]), json);
        Assert.Equal(["description", "last_name"], both.Select(e => e.Description[..e.Description.IndexOf('：', StringComparison.Ordinal)]).Order());
        Assert.Equal(before, await AppealCountAsync());

        // In a query: the same.
        var (getStatus, getErrors) = await ErrorsAsync(await Client(factory).GetAsync($"{V2}/requests.{ext}?service_code=ev%00"), json);
        Assert.Equal(400, getStatus);
        Assert.StartsWith("service_code：", Assert.Single(getErrors).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_control_character_in_the_path_is_the_specs_400_naming_where_it_is_before_any_lookup(bool json)
    {
        var ext = json ? "json" : "xml";
        var client = Client(factory);
        foreach (var (path, shown) in new[]
        {
            // (A NUL, %00, never gets this far: ASP.NET Core's decoder refuses it, see the Kestrel test below.)
            ($"requests/%01.{ext}", $"requests/?.{ext}"),
            ($"requests/12%7F.{ext}", $"requests/12?.{ext}"),
            ($"services/%01abc.{ext}", $"services/?abc.{ext}"),
            ($"tokens/%1F.{ext}", $"tokens/?.{ext}"),
            ($"tokens/AB%C2%85CD.{ext}", $"tokens/AB?CD.{ext}"),
            ($"no%07such.{ext}", $"no?such.{ext}"),
        })
        {
            var (status, errors) = await ErrorsAsync(await client.GetAsync($"{V2}/{path}"), json);
            Assert.True(status == 400, $"{path}: {status}");
            var error = Assert.Single(errors);
            Assert.Equal("400", error.Code);
            Assert.StartsWith($"{shown}：含有不可见的控制字符（U+", error.Description, StringComparison.Ordinal);
            Assert.DoesNotContain(error.Description, ControlCharacters.IsForbidden);
        }
        // An id that is merely unknown is still the spec's 404.
        var (unknown, _) = await ErrorsAsync(await client.GetAsync($"{V2}/requests/abc.{ext}"), json);
        Assert.Equal(404, unknown);
    }

    [Fact]
    public async Task Line_breaks_and_tabs_are_text_and_are_kept()
    {
        const string description = "楼道里有人飞线充电\r\n时间：\t每晚八点后\r\n地点：3号楼";
        var (status, id, raw) = await PostAndReadAsync("xml", description);
        Assert.True(status == 200, raw);
        await using var scope = factory.SystemScope(out var db);
        Assert.Equal(description, await db.Appeals.Where(a => a.Id == long.Parse(id, CultureInfo.InvariantCulture)).Select(a => a.Description).SingleAsync());
    }
}

/// <summary>A long id list sent to a real Kestrel server, as FixMyStreet sends it.</summary>
public sealed class Open311RequestLineTests(Open311KestrelFactory factory) : IClassFixture<Open311KestrelFactory>
{
    [Fact]
    public async Task A_control_character_in_the_path_reaches_the_facade_and_is_its_400()
    {
        using var http = new HttpClient { BaseAddress = factory.BaseUrl };
        var (status, xml, raw) = await XmlAsync(await http.GetAsync("open311/v2/services/%01abc.xml"));
        Assert.True(status == 400, raw);
        Assert.StartsWith("services/?abc.xml：含有不可见的控制字符（U+0001）", xml.Item("error", 0).Text("description"), StringComparison.Ordinal);

        // A NUL (%00) in a path is refused by Kestrel itself, a bare 400 before any application code runs (its URL
        // decoder will not make a path holding one); no lookup is made and nothing reaches the database.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync("open311/v2/requests/%00.xml")).StatusCode);
    }

    [Fact]
    public async Task A_thousand_ids_pass_the_request_line_and_more_get_the_specs_400()
    {
        using var http = new HttpClient { BaseAddress = factory.BaseUrl };
        var ids = Enumerable.Range(1_000_000, GetOpen311Requests.MaxRequests).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();

        // 1,000 seven-digit ids with the commas escaped (%2C), as URI escaping libraries write them: about 10 KB.
        var escaped = $"open311/v2/requests.xml?service_request_id={string.Join("%2C", ids)}&jurisdiction_id={Open311Factory.Jurisdiction}";
        Assert.True(escaped.Length > 8 * 1024);
        var ok = await http.GetAsync(escaped);
        var (status, xml, raw) = await XmlAsync(ok);
        Assert.True(status == 200, raw[..Math.Min(raw.Length, 300)]);
        Assert.Empty(xml.List("error"));

        // 1,200 ids: over the cap, answered by the facade in the spec's form, not by the server's bare 414.
        var tooMany = Enumerable.Range(1_000_000, 1200).Select(i => i.ToString(CultureInfo.InvariantCulture));
        var (overStatus, overXml, overRaw) = await XmlAsync(await http.GetAsync($"open311/v2/requests.xml?service_request_id={string.Join(",", tooMany)}"));
        Assert.True(overStatus == 400, overRaw);
        var error = overXml.Item("error", 0);
        Assert.Contains("最多1000个", error.Text("description"), StringComparison.Ordinal);
        Assert.Contains("1200", error.Text("description"), StringComparison.Ordinal);
    }
}
