using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Open311;
using static Tongban.Tests.Features.Open311.Open311Fixture;

namespace Tongban.Tests.Features.Open311;

/// <summary>
/// The facade driven the way FixMyStreet's client (perllib/Open311.pm) drives it: XML only, responses read with
/// XML::Simple's rules (see FmsXml), multipart/form-data when a photo goes along, attribute[CODE] repeated for a
/// multivaluelist, parameters the server does not know, reports looked up with requests.xml?service_request_id=a,b,
/// updates pulled with servicerequestupdates.xml for the last two hours in UTC.
/// </summary>
public sealed class FixMyStreetClientTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    private const string Endpoint = "/open311/v2/";

    [Fact]
    public async Task A_FixMyStreet_style_client_can_list_send_with_a_photo_look_up_and_pull_updates()
    {
        var key = await DemoKeyAsync(factory);
        var http = Client(factory);

        // get_service_list / get_service_meta_info
        var services = FmsXml.Parse(await http.GetStringAsync($"{Endpoint}services.xml?jurisdiction_id=qingyuan.example"));
        var ev = services.List("service").Cast<Dictionary<string, object?>>().Single(s => s.Text("service_code") == "ev");
        Assert.Equal("true", ev.Text("metadata"));
        var meta = FmsXml.Parse(await http.GetStringAsync($"{Endpoint}services/ev.xml?jurisdiction_id=qingyuan.example"));
        var findings = meta.List("attributes").Cast<Dictionary<string, object?>>().Single(a => a.Text("code") == "findings");
        var keys = findings.List("values").Cast<Dictionary<string, object?>>().Select(v => v.Text("key")!).ToList();
        Assert.Contains("flying_wire", keys);

        // send_service_request: multipart because a photo goes with it; attribute[findings] repeated for the multivaluelist.
        const string description = "楼道飞线充电\n\n3号楼2单元楼道里有人从窗户拉电线给电动车充电，晚上尤其多。\n\nhttps://fms.example/report/981\n";
        var photo = Jpeg(0x42);
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in new[]
        {
            ("jurisdiction_id", "qingyuan.example"), ("api_key", key), ("service_code", "ev"), ("description", description),
            ("lat", Lat), ("long", Long), ("first_name", "晓明"), ("last_name", "王"), ("email", "resident@example.com"),
            ("attribute[location_type]", "corridor"), ("attribute[findings]", "flying_wire"), ("attribute[findings]", "indoor_charging"),
            ("attribute[fms_extra_title]", "先生"), ("media_url", "https://fms.example/photo/981.0.full.jpeg"),
        })
            form.Add(new StringContent(v), k);
        form.Add(Photo(photo, "image/jpeg"), "photo1", "981.0.full.jpeg");
        var sent = await http.PostAsync($"{Endpoint}requests.xml", form);
        Assert.Equal(200, (int)sent.StatusCode); // FixMyStreet does not follow a redirect on POST
        var created = FmsXml.Parse(await sent.Content.ReadAsStringAsync());
        var requestId = created.Item("request", 0).Text("service_request_id"); // "return $request_id unless ref $request_id"
        Assert.NotNull(requestId);
        Assert.Matches("^[0-9]+$", requestId);

        // A report FixMyStreet sent long ago, beyond the 90-day default window.
        var (_, oldId, _) = await PostFormAsync(http, key, "很久以前的飞线充电问题");
        await using (var scope = factory.SystemScope(out var db))
            await db.Appeals.Where(a => a.Id == long.Parse(oldId, CultureInfo.InvariantCulture))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedAt, DateTimeOffset.UtcNow.AddDays(-200)));

        // get_service_requests({ report_ids => [...] }): the comma list finds both, whatever else is asked.
        var lookup = FmsXml.Parse(await http.GetStringAsync($"{Endpoint}requests.xml?service_request_id={requestId},{oldId}&jurisdiction_id=qingyuan.example"));
        var found = lookup.List("request").Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(new[] { requestId, oldId }.Order(), found.Select(r => r.Text("service_request_id")).Order());
        var mine = found.Single(r => r.Text("service_request_id") == requestId);
        Assert.Equal(description.TrimEnd(), mine.Text("description"));
        Assert.Equal("open", mine.Text("status"));
        Assert.Matches(W3cPattern, mine.Text("requested_datetime"));
        var mediaUrl = mine.Text("media_url");
        Assert.NotNull(mediaUrl);
        var media = await http.GetAsync(new Uri(mediaUrl).PathAndQuery);
        Assert.Equal("image/jpeg", media.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await media.Content.ReadAsByteArrayAsync());

        // What staff see: the attributes and the photo beside the appeal.
        await using (var scope = factory.SystemScope(out var db))
        {
            var id = long.Parse(requestId, CultureInfo.InvariantCulture);
            var details = await db.AppealEvents.SingleAsync(e => e.AppealId == id && e.Type == PostOpen311Request.DetailsEventType);
            Assert.Contains("发现的情况：飞线充电、电动车入户", details.Note, StringComparison.Ordinal);
            Assert.Contains("https://fms.example/photo/981.0.full.jpeg", details.Note, StringComparison.Ordinal);
            var attachment = await db.AppealAttachments.SingleAsync(a => a.AppealId == id);
            Assert.Equal("image/jpeg", attachment.ContentType);
            Assert.Equal("981.0.full.jpeg", attachment.FileName);
            Assert.Equal(AppealKind.Complaint, (await db.Appeals.SingleAsync(a => a.Id == id)).Kind);

            var appeal = await db.Appeals.Include(a => a.Assignments).SingleAsync(a => a.Id == id);
            var staff = new Actor("u", "王敏", "示例社区");
            appeal.Accept(staff, DateTimeOffset.UtcNow);
            var lead = new AppealAssignment { AssigneeKind = AssigneeKind.Department, AssigneeName = "区城管局", Tier = AppealTier.Community, AcknowledgeDueAt = DateTimeOffset.UtcNow.AddHours(2), AreaPath = appeal.AreaPath };
            appeal.Dispatch(lead, [], staff, DateTimeOffset.UtcNow, null);
            appeal.Acknowledge(lead, new Actor("d", "赵强", "区城管局"), DateTimeOffset.UtcNow);
            appeal.Resolve("已拆除飞线，并在小区东侧新建充电车棚和20个充电桩", new Actor("d", "赵强", "区城管局"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        // get_service_request_updates: the last two hours, W3CDTF in UTC, with the api_key.
        string W3c(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        var updates = FmsXml.Parse(await http.GetStringAsync(
            $"{Endpoint}servicerequestupdates.xml?api_key={key}&start_date={W3c(now.AddHours(-2))}&end_date={W3c(now.AddMinutes(1))}&jurisdiction_id=qingyuan.example"));
        var forMine = updates.List("request_update").Cast<Dictionary<string, object?>>().Where(u => u.Text("service_request_id") == requestId).ToList();
        Assert.Equal(["open", "investigating", "action_scheduled", "action_scheduled", "fixed"], forMine.Select(u => u.Text("status")));
        foreach (var update in forMine)
        {
            Assert.Matches("^[0-9]+$", update.Text("update_id"));
            // check_date: parse the W3C datetime and compare it in UTC with the window asked for.
            var at = DateTimeOffset.Parse(update.Text("updated_datetime")!, CultureInfo.InvariantCulture);
            Assert.InRange(at, now.AddHours(-2), now.AddMinutes(1));
            Assert.False(string.IsNullOrEmpty(update.Text("description")));
        }
        Assert.Contains("充电桩", forMine[^1].Text("description"), StringComparison.Ordinal);

        var closed = FmsXml.Parse(await http.GetStringAsync($"{Endpoint}requests.xml?service_request_id={requestId}"));
        Assert.Equal("closed", closed.Item("request", 0).Text("status"));
        Assert.Equal("区城管局", closed.Item("request", 0).Text("agency_responsible"));
    }

    [Fact]
    public async Task Attribute_brackets_on_both_forms_are_read_and_errors_parse_as_FixMyStreet_expects()
    {
        var key = await DemoKeyAsync(factory);
        var http = Client(factory);
        var sent = await http.PostAsync($"{Endpoint}requests.xml", Form(("api_key", key), ("service_code", "noise"), ("lat", Lat), ("long", Long),
            ("description", "楼上每晚装修到十一点"), ("attribute[noise_source]", "renovation"),
            ("attribute[noise_period][]", "evening"), ("attribute[noise_period]", "night"), ("attribute[noise_period][]", "night,morning"),
            ("attribute[kind]", "report")));
        var id = FmsXml.Parse(await sent.Content.ReadAsStringAsync()).Item("request", 0).Text("service_request_id");
        await using (var scope = factory.SystemScope(out var db))
        {
            var appealId = long.Parse(id!, CultureInfo.InvariantCulture);
            Assert.Equal(AppealKind.Report, (await db.Appeals.SingleAsync(a => a.Id == appealId)).Kind);
            var note = (await db.AppealEvents.SingleAsync(e => e.AppealId == appealId && e.Type == PostOpen311Request.DetailsEventType)).Note;
            Assert.Contains("发生时段：晚间（18—22时）、夜间（22时—次日6时）、清晨（6—8时）", note, StringComparison.Ordinal);
        }

        // _process_error: every <error> has a code and a description.
        var refused = await http.PostAsync($"{Endpoint}requests.xml", Form(("api_key", "wrong"), ("service_code", "noise")));
        Assert.Equal(403, (int)refused.StatusCode);
        var errors = FmsXml.Parse(await refused.Content.ReadAsStringAsync()).List("error").Cast<Dictionary<string, object?>>().ToList();
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Text("code")) || string.IsNullOrEmpty(e.Text("description"))));

        // get_service_request_id_from_token
        string code;
        await using (var scope = factory.SystemScope(out var db))
            code = await db.Appeals.Where(a => a.Id == long.Parse(id!, CultureInfo.InvariantCulture)).Select(a => a.TrackingCode).SingleAsync();
        var token = FmsXml.Parse(await http.GetStringAsync($"{Endpoint}tokens/{code}.xml"));
        Assert.Equal(id, token.Item("request", 0).Text("service_request_id"));
    }

    // FixMyStreet keeps a user's phone in international form without spaces (+8613812345678); people also type spaces and dashes.
    [Theory]
    [InlineData("+8613800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("0086-138-0013-8000")]
    [InlineData("(138) 0013-8000")]
    public async Task A_mobile_number_in_international_or_spaced_form_is_the_residents_number(string phone)
    {
        var key = await DemoKeyAsync(factory);
        var sent = await Client(factory).PostAsync($"{Endpoint}requests.xml", Form(("api_key", key), ("service_code", "ev"), ("lat", Lat), ("long", Long),
            ("description", $"车棚里飞线充电，反映人电话写作 {phone}"), ("attribute[location_type]", "yard"), ("first_name", "晓明"), ("phone", phone)));
        var body = await sent.Content.ReadAsStringAsync();
        Assert.True(200 == (int)sent.StatusCode, body);
        var id = long.Parse(FmsXml.Parse(body).Item("request", 0).Text("service_request_id")!, CultureInfo.InvariantCulture);
        await using var scope = factory.SystemScope(out var db);
        Assert.Equal("138****8000", await db.Appeals.Where(a => a.Id == id).Select(a => a.ReporterPhoneMasked).SingleAsync());
    }

    // GeoReport v2 makes description optional, so a short one ("路灯不亮") is not a reason to refuse the report.
    [Theory]
    [InlineData("road", "attribute[facility]", "streetlight", "路灯不亮")]
    [InlineData("noise", "attribute[noise_source]", "neighbour", "吵")]
    public async Task A_short_description_is_filed_under_the_service_name(string service, string attribute, string value, string description)
    {
        var key = await DemoKeyAsync(factory);
        var sent = await Client(factory).PostAsync($"{Endpoint}requests.xml", Form(("api_key", key), ("service_code", service), ("lat", Lat), ("long", Long),
            ("description", description), (attribute, value)));
        var body = await sent.Content.ReadAsStringAsync();
        Assert.True(200 == (int)sent.StatusCode, body);
        var id = long.Parse(FmsXml.Parse(body).Item("request", 0).Text("service_request_id")!, CultureInfo.InvariantCulture);
        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.Include(a => a.Category).SingleAsync(a => a.Id == id);
        Assert.Equal($"{appeal.Category!.Name}：{description}", appeal.Description);
    }

    /// <summary>The statuses FixMyStreet's map_state turns into a report state; anything else leaves the report as it was.</summary>
    private static readonly string[] FixMyStreetStatuses =
        ["open", "closed", "fixed", "in_progress", "action_scheduled", "investigating", "duplicate", "not_councils_responsibility", "no_further_action", "internal_referral"];

    [Fact]
    public async Task Updates_name_the_departments_and_a_reopened_request_reads_as_open_again()
    {
        var key = await DemoKeyAsync(factory);
        var (_, requestId, _) = await PostFormAsync(Client(factory), key, "小区东门车棚有人私拉电线给电动车充电");
        var id = long.Parse(requestId, CultureInfo.InvariantCulture);
        string number;
        await using (var scope = factory.SystemScope(out var db))
        {
            var liaison = await db.Users.Where(u => u.UserName == "dept1").Select(u => u.Id).SingleAsync();
            var appeal = await db.Appeals.Include(a => a.Assignments).SingleAsync(a => a.Id == id);
            number = appeal.Number;
            var now = DateTimeOffset.UtcNow;
            var centre = new Actor("c", "周敏", "东湖街道综治中心");
            var person = new Actor(liaison, "刘洋", "区住建局");
            appeal.Accept(centre, now);
            var lead = new AppealAssignment { AssigneeKind = AssigneeKind.Department, AssigneeName = "区住建局", AssigneeUserId = liaison, Tier = AppealTier.Street, AcknowledgeDueAt = now.AddHours(2), AreaPath = appeal.AreaPath };
            var helper = new AppealAssignment { AssigneeKind = AssigneeKind.Department, AssigneeName = "区城管局", Tier = AppealTier.Street, AcknowledgeDueAt = now.AddHours(2), AreaPath = appeal.AreaPath };
            appeal.Dispatch(lead, [helper], centre, now.AddSeconds(1), null);
            appeal.Acknowledge(lead, person, now.AddSeconds(2));
            appeal.StartWork(person, now.AddSeconds(3), null);
            appeal.Resolve("已拆除私拉电线，车棚加装充电桩", person, now.AddSeconds(4));
            appeal.RecordFollowUp(false, false, "晚上仍有人拉线", centre, now.AddSeconds(5));
            appeal.Reopen("回访不满意，重新办理", TimeSpan.FromDays(15), centre, now.AddSeconds(6));
            await db.SaveChangesAsync();
        }

        string W3c(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var at = DateTimeOffset.UtcNow;
        var raw = await Client(factory).GetStringAsync($"{Endpoint}servicerequestupdates.xml?api_key={key}&start_date={W3c(at.AddHours(-2))}&end_date={W3c(at.AddMinutes(1))}");
        var mine = FmsXml.Parse(raw).List("request_update").Cast<Dictionary<string, object?>>().Where(u => u.Text("service_request_id") == requestId).ToList();
        Assert.Equal(["open", "investigating", "action_scheduled", "action_scheduled", "in_progress", "fixed", "fixed", "investigating"], mine.Select(u => u.Text("status")));
        Assert.All(mine, u => Assert.Contains(u.Text("status"), FixMyStreetStatuses));
        Assert.Equal(["submit", "accept", "dispatch", "acknowledge", "start", "resolve", "follow-up", "reopen"], mine.Select(u => u.Text("external_status_code")));
        Assert.All(mine, u => Assert.Equal(number, u.Text("customer_reference")));
        // Departments are units and keep their names, as on the tracking page; no person is named.
        Assert.Contains("区住建局", mine[2].Text("description"), StringComparison.Ordinal);
        Assert.Contains("区城管局", mine[2].Text("description"), StringComparison.Ordinal);
        Assert.Contains("区住建局", mine[3].Text("description"), StringComparison.Ordinal);
        Assert.DoesNotContain("职能部门", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("刘洋", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("周敏", raw, StringComparison.Ordinal);
    }

    private static async Task<(int, string, string)> PostFormAsync(HttpClient http, string key, string description)
    {
        var response = await http.PostAsync($"{Endpoint}requests.xml", Form(("api_key", key), ("service_code", "ev"), ("lat", Lat), ("long", Long),
            ("description", description), ("attribute[location_type]", "yard")));
        var xml = FmsXml.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, xml.Item("request", 0).Text("service_request_id")!, xml.Item("request", 0).Text("service_notice")!);
    }
}
