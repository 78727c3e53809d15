using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Services;

/// <summary>Every outcome of a visit, trips and the one-time-notice defect, handling time, skills and first-inquiry ownership.</summary>
public sealed class ApplicationTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    private async Task<JsonElement> Decide(long id, object body, HttpStatusCode expected = HttpStatusCode.OK, string user = "window1")
    {
        var response = await (await app.As(user)).PostAsJsonAsync($"/api/v1/services/applications/{id}/decision", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> Get(long id, string user = "window1") =>
        await (await app.As(user)).GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{id}");

    [Fact]
    public async Task On_the_spot_needs_every_material_and_a_community_decided_item()
    {
        var (id, materials) = await app.StartAsync("window1", "senior-meal");
        var missing = await Decide(id, new { outcome = "OnTheSpot", receivedMaterialIds = Array.Empty<int>() }, HttpStatusCode.Conflict);
        Assert.Contains("未收齐", missing.GetProperty("detail").GetString());
        var done = await Decide(id, new { outcome = "OnTheSpot", receivedMaterialIds = materials, result = "已发放助餐卡" });
        Assert.Equal("Completed", done.GetProperty("state").GetString());
        var view = await Get(id);
        Assert.Equal("OnTheSpot", view.GetProperty("outcome").GetString());
        Assert.Equal(1, view.GetProperty("trips").GetInt32());
        Assert.True(view.GetProperty("windowMinutes").GetDouble() >= 0);

        var (other, all) = await app.StartAsync("window1", "senior-allowance");
        var refused = await Decide(other, new { outcome = "OnTheSpot", receivedMaterialIds = all }, HttpStatusCode.Conflict);
        Assert.Contains("不能即来即办", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Accepted_with_every_material_gets_a_promised_date_in_working_days()
    {
        var (id, materials) = await app.StartAsync("window1", "disability-nursing-subsidy");
        var result = await Decide(id, new { outcome = "Accepted", receivedMaterialIds = materials });
        Assert.Equal("InProgress", result.GetProperty("state").GetString());
        var promised = DateOnly.Parse(result.GetProperty("promisedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var calendar = app.Service<Tongban.Web.Infrastructure.WorkingCalendar>();
        var today = app.Service<TimeProvider>().Today();
        Assert.Equal(calendar.AddWorkingDays(today, 20), promised);
    }

    [Fact]
    public async Task Missing_materials_are_listed_once_and_sent_and_a_second_trip_for_them_is_no_defect()
    {
        var (id, materials) = await app.StartAsync("window1", "minimum-living", phone: "13912345678");
        var result = await Decide(id, new { outcome = "AcceptedMissing", receivedMaterialIds = materials[..2] });
        Assert.Equal("AwaitingMaterials", result.GetProperty("state").GetString());
        Assert.Equal(materials.Length - 2, result.GetProperty("missingMaterials").GetArrayLength());
        Assert.True(result.GetProperty("missingListQueued").GetBoolean());
        await using (var scope = app.SystemScope(out var db))
        {
            var number = await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.Number).SingleAsync();
            var message = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"svc:{number}:missing");
            Assert.Equal("139****5678", message.RecipientMasked);
            var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(message.PayloadJson)!;
            Assert.Contains("家庭经济状况核对授权书", payload["missing"]);
            // No date can be promised yet: the message says the time limit runs from the day the materials are complete.
            Assert.Equal("service-missing-materials", message.Template);
            Assert.Equal("材料补齐后30个工作日内办结", payload["timeLimit"]);
            Assert.False(payload.ContainsKey("promisedOn"));
            // The date to bring them by (补正期限) is the one the answer gives, not a promise.
            Assert.Equal(result.GetProperty("materialsDueOn").GetString(), payload["dueOn"]);
        }

        // The time limit runs from the day the materials are complete, so no date is promised before.
        Assert.Equal(JsonValueKind.Null, result.GetProperty("promisedOn").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await Get(id)).GetProperty("promisedOn").ValueKind);

        var window = await app.As("window1");
        var trip = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips", new { receivedMaterialIds = materials[2..] });
        var body = await trip.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, trip.StatusCode);
        Assert.Equal(2, body.GetProperty("trips").GetInt32());
        Assert.False(body.GetProperty("hasDefect").GetBoolean());
        Assert.Equal("InProgress", body.GetProperty("state").GetString());
        var today = app.Service<TimeProvider>().Today();
        Assert.Equal(app.Service<WorkingCalendar>().AddWorkingDays(today, 30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            body.GetProperty("promisedOn").GetString());
    }

    [Fact]
    public async Task A_tolerated_materials_message_gives_the_date_they_are_due_and_the_promised_date()
    {
        var (id, materials) = await app.StartAsync("window1", "senior-allowance", phone: "13912345678");
        // The proxy's papers (minor) follow: due in 5 working days, the allowance promised in 15.
        var result = await Decide(id, new { outcome = "AcceptedTolerated", receivedMaterialIds = materials[..3] });
        Assert.True(result.GetProperty("missingListQueued").GetBoolean());
        await using var scope = app.SystemScope(out var db);
        var number = await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.Number).SingleAsync();
        var message = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"svc:{number}:missing");
        Assert.Equal("service-tolerated-materials", message.Template);
        var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(message.PayloadJson)!;
        var (calendar, today) = (app.Service<WorkingCalendar>(), app.Service<TimeProvider>().Today());
        Assert.Equal(calendar.AddWorkingDays(today, 5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), payload["dueOn"]);
        Assert.Equal(calendar.AddWorkingDays(today, 15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), payload["promisedOn"]);
    }

    [Fact]
    public async Task The_queue_shows_a_missed_promise_and_a_tolerated_material_not_brought_in_time()
    {
        var (tolerated, materials) = await app.StartAsync("window1", "senior-allowance", applicant: "周玉兰");
        await Decide(tolerated, new { outcome = "AcceptedTolerated", receivedMaterialIds = materials[..3] });
        var (late, all) = await app.StartAsync("window1", "senior-allowance", applicant: "吴秀珍");
        await Decide(late, new { outcome = "Accepted", receivedMaterialIds = all });
        var yesterday = app.Service<TimeProvider>().Today().AddDays(-1);
        await using (app.SystemScope(out var db))
        {
            await db.ServiceApplications().Where(a => a.Id == tolerated).ExecuteUpdateAsync(u => u.SetProperty(a => a.ToleranceDueOn, yesterday));
            await db.ServiceApplications().Where(a => a.Id == late).ExecuteUpdateAsync(u => u.SetProperty(a => a.PromisedOn, yesterday));
        }

        var rows = (await (await app.As("window1")).GetFromJsonAsync<JsonElement>("/api/v1/services/applications?queue=mine")).EnumerateArray().ToList();
        var toleratedRow = rows.Single(r => r.GetProperty("id").GetInt64() == tolerated);
        Assert.Equal(yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), toleratedRow.GetProperty("toleranceDueOn").GetString());
        Assert.True(toleratedRow.GetProperty("toleranceMissed").GetBoolean());
        Assert.False(toleratedRow.GetProperty("promiseMissed").GetBoolean());
        var lateRow = rows.Single(r => r.GetProperty("id").GetInt64() == late);
        Assert.True(lateRow.GetProperty("promiseMissed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lateRow.GetProperty("toleranceDueOn").ValueKind);

        var page = await (await app.PageClientAsync("window1")).GetStringAsync("/Services");
        Assert.Contains($"容缺材料{yesterday:yyyy-MM-dd}前补交", page);
        Assert.Contains("未按期补交", page);
        Assert.Contains("已超期", page);
    }

    [Fact]
    public async Task A_second_trip_for_a_material_nobody_listed_is_flagged_as_a_defect()
    {
        var (id, materials) = await app.StartAsync("window1", "residence-registration");
        // Everything on the checklist was handed in; later the department asks for something never mentioned.
        await Decide(id, new { outcome = "Accepted", receivedMaterialIds = materials });
        var window = await app.As("window1");
        var trip = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips",
            new { receivedMaterialIds = Array.Empty<int>(), extraRequired = new[] { "单位在职证明" }, note = "派出所要求补充" });
        var body = await trip.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, trip.StatusCode);
        Assert.True(body.GetProperty("hasDefect").GetBoolean());
        Assert.Contains("单位在职证明", body.GetProperty("defectNote").GetString());
        Assert.Equal("AwaitingMaterials", body.GetProperty("state").GetString());

        // A checklist material told as missing at the first visit is no defect; one not told is.
        var (second, all) = await app.StartAsync("window1", "senior-allowance");
        await Decide(second, new { outcome = "AcceptedMissing", receivedMaterialIds = all.Where(m => m != all[1]).ToArray() });
        var ok = await (await window.PostAsJsonAsync($"/api/v1/services/applications/{second}/trips", new { receivedMaterialIds = new[] { all[1] } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(ok.GetProperty("hasDefect").GetBoolean());

        var defects = await window.GetFromJsonAsync<JsonElement>("/api/v1/services/applications?queue=defects");
        Assert.Contains(defects.EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain(defects.EnumerateArray(), a => a.GetProperty("id").GetInt64() == second);
    }

    [Fact]
    public async Task A_material_asked_for_outside_the_checklist_can_be_handed_in_later_and_the_application_completes()
    {
        var (id, materials) = await app.StartAsync("window1", "residence-registration");
        await Decide(id, new { outcome = "Accepted", receivedMaterialIds = materials });
        var window = await app.As("window1");
        var asked = await (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips", new { extraRequired = new[] { "结婚证" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AwaitingMaterials", asked.GetProperty("state").GetString());
        Assert.Equal("结婚证（清单外）", asked.GetProperty("newDefect").GetString());
        var extra = (await Get(id)).GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("isExtra").GetBoolean());
        var extraId = extra.GetProperty("id").GetInt64();

        // A line that is no extra of this application is refused, and nothing changes.
        var checklistLine = (await Get(id)).GetProperty("materials").EnumerateArray().First(m => !m.GetProperty("isExtra").GetBoolean()).GetProperty("id").GetInt64();
        var wrong = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips", new { receivedExtraIds = new[] { checklistLine } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("清单外材料", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(2, (await Get(id)).GetProperty("trips").GetInt32());

        var brought = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips", new { receivedExtraIds = new[] { extraId } });
        var body = await brought.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, brought.StatusCode);
        Assert.Equal("InProgress", body.GetProperty("state").GetString());
        Assert.True(body.GetProperty("hasDefect").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("newDefect").ValueKind); // this trip asked for nothing new
        var view = await Get(id);
        var line = view.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == extraId);
        Assert.Equal("Received", line.GetProperty("status").GetString());
        Assert.Equal(3, line.GetProperty("receivedOnTrip").GetInt32());
        Assert.True(view.GetProperty("hasDefect").GetBoolean()); // the extra stays a defect of the first notice

        var done = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/complete", new { text = "已办理居住登记" });
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
    }

    [Fact]
    public async Task A_tolerated_application_is_finished_only_once_the_tolerated_material_is_handed_in()
    {
        var (id, materials) = await app.StartAsync("window1", "senior-allowance", applicant: "郑桂香");
        await Decide(id, new { outcome = "AcceptedTolerated", receivedMaterialIds = materials[..3] });
        var window = await app.As("window1");

        // The proxy's papers are still to come: no result yet, nothing changes.
        var early = await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/complete", new { text = "区民政局审定通过" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("代办人身份证及委托书", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("InProgress", (await Get(id)).GetProperty("state").GetString());
        var page = await (await app.PageClientAsync("window1")).GetStringAsync($"/Services/Applications/{id}");
        Assert.Contains("补交后才能办结", page);

        // Brought in: the visit says what was handed in, the page no longer shows a date it is due by, and it finishes.
        Assert.Equal(HttpStatusCode.OK, (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/trips", new { receivedMaterialIds = new[] { materials[3] } })).StatusCode);
        Assert.Contains((await Get(id)).GetProperty("events").EnumerateArray(), e => e.GetProperty("text").GetString() == "第2次来办，补交代办人身份证及委托书（原件1份）");
        page = await (await app.PageClientAsync("window1")).GetStringAsync($"/Services/Applications/{id}");
        Assert.Contains("<dt>容缺补交</dt><dd>已补交</dd>", page);
        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/complete", new { text = "区民政局审定通过" })).StatusCode);
        Assert.Equal("Completed", (await Get(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Tolerated_acceptance_follows_the_items_rule()
    {
        var (id, materials) = await app.StartAsync("window1", "disability-nursing-subsidy");
        await using (var scope = app.SystemScope(out var db))
        {
            var minor = await db.ServiceMaterials().Where(m => materials.Contains(m.Id) && m.IsMinor).Select(m => m.Id).ToListAsync();
            // A required material missing: refused, nothing changes.
            var refused = await Decide(id, new { outcome = "AcceptedTolerated", receivedMaterialIds = materials.Skip(1).ToArray() }, HttpStatusCode.Conflict);
            Assert.Contains("不在容缺范围内", refused.GetProperty("detail").GetString());
            Assert.Equal("Receiving", (await Get(id)).GetProperty("state").GetString());

            var result = await Decide(id, new { outcome = "AcceptedTolerated", receivedMaterialIds = materials.Except(minor).ToArray() });
            Assert.Equal("InProgress", result.GetProperty("state").GetString());
            Assert.Equal(minor.Count, result.GetProperty("missingMaterials").GetArrayLength());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("toleranceDueOn").GetString()));
        }
        var view = await Get(id);
        Assert.Equal("AcceptedTolerated", view.GetProperty("outcome").GetString());
        Assert.Contains(view.GetProperty("materials").EnumerateArray(), m => m.GetProperty("status").GetString() == "Tolerated");

        // An item without a 容缺 rule refuses it.
        var (other, all) = await app.StartAsync("window1", "senior-meal");
        var none = await Decide(other, new { outcome = "AcceptedTolerated", receivedMaterialIds = Array.Empty<int>() }, HttpStatusCode.Conflict);
        Assert.Contains("不适用容缺受理", none.GetProperty("detail").GetString());
        _ = all;
    }

    [Fact]
    public async Task Transferred_application_stays_with_its_owner_who_sees_the_progress()
    {
        var (id, _) = await app.StartAsync("window1", "legal-aid");
        var bad = await Decide(id, new { outcome = "Transferred" }, HttpStatusCode.UnprocessableEntity);
        Assert.True(bad.GetProperty("errors").TryGetProperty("reason", out _));
        var result = await Decide(id, new { outcome = "Transferred", transferLevel = "Department", transferTo = "区法律援助中心", reason = "需法律援助中心审查指派律师" });
        Assert.Equal("Transferred", result.GetProperty("state").GetString());
        var window = await app.As("window1");
        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/progress", new { text = "法律援助中心已指派律师" })).StatusCode);

        var mine = await window.GetFromJsonAsync<JsonElement>("/api/v1/services/applications?queue=mine");
        var row = mine.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == id);
        Assert.Equal("区法律援助中心", row.GetProperty("transferredTo").GetString());
        Assert.Equal("法律援助中心已指派律师", row.GetProperty("lastEvent").GetString());
        Assert.Equal("window1", await OwnerUserName(id));

        Assert.Equal(HttpStatusCode.NoContent, (await window.PostAsJsonAsync($"/api/v1/services/applications/{id}/complete", new { text = "律师已代理，案件办结" })).StatusCode);
        var view = await Get(id);
        Assert.Equal("Completed", view.GetProperty("state").GetString());
        Assert.Equal("Transferred", view.GetProperty("outcome").GetString());
        Assert.True(view.GetProperty("totalHours").GetDouble() >= 0);
    }

    [Fact]
    public async Task Rejection_needs_a_reason_and_ends_the_application()
    {
        var (id, _) = await app.StartAsync("window1", "residence-permit", applicant: "赵六");
        var bad = await Decide(id, new { outcome = "Rejected", reason = " " }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("理由", bad.GetProperty("errors").GetProperty("reason")[0].GetString());
        await Decide(id, new { outcome = "Rejected", reason = "家庭人均收入超过准入标准" });
        var view = await Get(id);
        Assert.Equal("Rejected", view.GetProperty("state").GetString());
        var again = await Decide(id, new { outcome = "Accepted" }, HttpStatusCode.Conflict);
        Assert.Contains("不予受理", again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Staff_without_the_skill_are_told_who_can_help_and_may_proceed_with_that_helper()
    {
        var window = await app.As("window1");
        var itemId = await app.ItemIdAsync("public-housing");
        var refused = await window.PostAsJsonAsync("/api/v1/services/applications", new { serviceItemId = itemId, applicantName = "钱七" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("serviceItemId")[0].GetString();
        Assert.Contains("还不能独立办理「公共租赁住房申请」", message);
        Assert.Contains("书记", message);

        var colleagues = await window.GetFromJsonAsync<JsonElement>($"/api/v1/services/items/{itemId}/colleagues");
        var helper = colleagues.EnumerateArray().First();
        var helped = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = itemId, applicantName = "钱七", helperUserId = helper.GetProperty("userId").GetString() });
        Assert.Equal(HttpStatusCode.Created, helped.StatusCode);
        var id = (await helped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var view = await Get(id);
        Assert.Equal(helper.GetProperty("name").GetString(), view.GetProperty("helperName").GetString());
        Assert.Equal(await app.UserIdAsync("window1"), view.GetProperty("ownerUserId").GetString());
    }

    [Fact]
    public async Task Another_communitys_application_is_out_of_reach()
    {
        var (id, _) = await app.StartAsync("window1", "senior-meal");
        var other = await app.As("window2");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/services/applications/{id}")).StatusCode);
    }

    private async Task<string> OwnerUserName(long id)
    {
        await using var scope = app.SystemScope(out var db);
        var owner = await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.OwnerUserId).SingleAsync();
        return await db.Users.Where(u => u.Id == owner).Select(u => u.UserName!).SingleAsync();
    }
}
