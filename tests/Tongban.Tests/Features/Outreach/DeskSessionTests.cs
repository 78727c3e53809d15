using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Appeals.Flow;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Outreach;

/// <summary>
/// Desk sessions and the Services module: a question tied to a catalog item by id, an application started for real
/// (channel 流动办公桌, the desk staff member as first-inquiry owner) in the session's transaction, refusals that leave
/// nothing behind, and a session sent several times (one after another, or at once) recorded once.
/// </summary>
public sealed class DeskSessionTests(OutreachFixture app) : IClassFixture<OutreachFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private async Task<(int BuildingId, int ItemId)> BuildingAndItemAsync(string userName, string itemCode)
    {
        var communityPath = await app.AreaPathOfAsync(userName);
        await using var scope = app.SystemScope(out var db);
        var building = await db.Buildings.Where(b => b.AreaPath.StartsWith(communityPath)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        var item = await db.ServiceItems().Where(i => i.Code == itemCode).Select(i => i.Id).SingleAsync();
        return (building, item);
    }

    private static object Session(int buildingId, string key, object[] questions) => new
    {
        buildingId, heldOn = Today.AddDays(-1), startTime = "18:00", endTime = "20:00", peopleServed = 12, summary = "居民咨询养老服务", idempotencyKey = key, questions,
    };

    [Fact]
    public async Task A_question_about_a_catalog_item_starts_an_application_owned_by_the_desk_staff()
    {
        var (buildingId, itemId) = await BuildingAndItemAsync("secretary1", "senior-allowance");
        var secretary = await app.As("secretary1");
        var key = Guid.NewGuid().ToString();
        var body = Session(buildingId, key,
        [
            new { question = "母亲满80岁了，高龄津贴怎么办", answer = "材料已核对，当场接待", serviceItemId = itemId, applicationStarted = true, applicantName = "赵桂芳", applicantPhone = "13912345678" },
            new { question = "楼下垃圾桶什么时候清运", answer = "每天早晚各一次", resolvedOnSpot = true },
        ]);
        var first = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", body);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.StatusCode == HttpStatusCode.Created, result.ToString());
        var started = Assert.Single(result.GetProperty("applications").EnumerateArray());
        var applicationId = started.GetProperty("applicationId").GetInt64();
        var sessionId = result.GetProperty("id").GetInt64();

        await using (var scope = app.SystemScope(out var db))
        {
            var owner = await db.Users.Where(u => u.UserName == "secretary1").Select(u => new { u.Id, u.DisplayName }).SingleAsync();
            var application = await db.ServiceApplications().SingleAsync(a => a.Id == applicationId);
            Assert.Equal(IntakeChannel.MobileDesk, application.Channel);
            Assert.Equal(owner.Id, application.OwnerUserId); // 首问负责人 = the desk staff member
            Assert.Equal(itemId, application.ServiceItemId);
            Assert.Equal("赵桂芳", application.ApplicantName);
            Assert.Equal(started.GetProperty("number").GetString(), application.Number);
            var questions = await db.DeskQuestions.Where(q => q.SessionId == sessionId).OrderBy(q => q.Id).ToListAsync();
            Assert.Equal(itemId, questions[0].ServiceItemId);
            Assert.Equal(applicationId, questions[0].ApplicationId);
            Assert.Equal("高龄津贴", questions[0].ServiceItem);
            Assert.Equal(owner.DisplayName, questions[0].FirstInquiryOwner);
            Assert.Null(questions[1].ServiceItemId); // a question no catalog item covers
            Assert.Null(questions[1].ApplicationId);
        }

        // A resend is the first session, with the same application and no second one.
        var again = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replay = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(applicationId, replay.GetProperty("applications")[0].GetProperty("applicationId").GetInt64());
        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(1, await db.ServiceApplications().CountAsync(a => a.ApplicantName == "赵桂芳"));

        var view = await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/desk-sessions/{sessionId}");
        Assert.Equal(started.GetProperty("number").GetString(), view.GetProperty("questions")[0].GetProperty("applicationNumber").GetString());
        var page = await (await app.PageClientAsync("secretary1")).GetStringAsync($"/Outreach/Desk/Session/{sessionId}");
        Assert.Contains($"/Services/Applications/{applicationId}", page);
        // The application the desk started is the owner's own, in Services.
        var mine = await secretary.GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{applicationId}");
        Assert.Equal("MobileDesk", mine.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task A_bad_catalog_item_or_a_refused_application_is_a_422_and_nothing_is_written()
    {
        var (buildingId, _) = await BuildingAndItemAsync("secretary1", "senior-allowance");
        var secretary = await app.As("secretary1");
        int applicationsBefore;
        await using (var scope = app.SystemScope(out var db)) applicationsBefore = await db.ServiceApplications().CountAsync();

        var key = Guid.NewGuid().ToString();
        var unknown = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", Session(buildingId, key,
            [new { question = "这个事项怎么办", serviceItemId = 987654, applicationStarted = true, applicantName = "钱多多" }]));
        var detail = await ProblemAssert.IsAsync(unknown, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("没有编号为987654的服务事项", detail);
        var errors = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("questions[0].serviceItemId", out _), errors.ToString());

        var noApplicant = await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", Session(buildingId, key,
            [new { question = "高龄津贴", serviceItemId = (await BuildingAndItemAsync("secretary1", "senior-allowance")).ItemId, applicationStarted = true }]));
        Assert.Contains("申请人姓名", await ProblemAssert.IsAsync(noApplicant, HttpStatusCode.UnprocessableEntity));

        // Refused inside the Services use case (window staff still in training for public housing): the session and
        // the other question's application are rolled back with it.
        var (windowBuilding, housing) = await BuildingAndItemAsync("window1", "public-housing");
        var allowance = (await BuildingAndItemAsync("window1", "senior-allowance")).ItemId;
        var window = await app.As("window1");
        var refused = await window.PostAsJsonAsync("/api/v1/outreach/desk-sessions", Session(windowBuilding, key,
        [
            new { question = "高龄津贴", serviceItemId = allowance, applicationStarted = true, applicantName = "钱多多" },
            new { question = "公租房申请", serviceItemId = housing, applicationStarted = true, applicantName = "孙小红" },
        ]));
        Assert.Contains("不能独立办理", await ProblemAssert.IsAsync(refused, HttpStatusCode.UnprocessableEntity));
        var refusedErrors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(refusedErrors.TryGetProperty("questions[1].serviceItemId", out _), refusedErrors.ToString());

        await using (var scope = app.SystemScope(out var db))
        {
            Assert.False(await db.DeskSessions.AnyAsync(s => s.IdempotencyKey == key));
            Assert.Equal(applicationsBefore, await db.ServiceApplications().CountAsync());
        }
    }

    [Fact]
    public async Task A_session_sent_again_and_twice_at_once_is_recorded_once()
    {
        var (buildingId, itemId) = await BuildingAndItemAsync("secretary1", "senior-meal");
        var secretary = await app.As("secretary1");
        var key = Guid.NewGuid().ToString();
        var body = Session(buildingId, key, [new { question = "助餐怎么登记", answer = "已登记", serviceItemId = itemId, applicationStarted = true, applicantName = "周建国" }]);
        var sends = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) sends.Add(await secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", body));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK], sends.Select(r => r.StatusCode));

        var racing = Guid.NewGuid().ToString();
        var raceBody = Session(buildingId, racing, [new { question = "助餐怎么登记", answer = "已登记", serviceItemId = itemId, applicationStarted = true, applicantName = "吴淑珍" }]);
        var both = await Task.WhenAll(secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", raceBody), secretary.PostAsJsonAsync("/api/v1/outreach/desk-sessions", raceBody));
        Assert.All(both, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(both.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
        Assert.Equal(ids[0], ids[1]);

        await using var scope = app.SystemScope(out var db);
        Assert.Equal(1, await db.DeskSessions.CountAsync(s => s.IdempotencyKey == key));
        Assert.Equal(1, await db.DeskSessions.CountAsync(s => s.IdempotencyKey == racing));
        Assert.Equal(1, await db.ServiceApplications().CountAsync(a => a.ApplicantName == "周建国"));
        Assert.Equal(1, await db.ServiceApplications().CountAsync(a => a.ApplicantName == "吴淑珍"));
    }

    [Fact]
    public async Task The_phone_form_offers_the_catalog_and_answers_a_resend_in_json()
    {
        var (buildingId, itemId) = await BuildingAndItemAsync("secretary1", "senior-allowance");
        var client = await app.PageClientAsync("secretary1");
        var html = await client.GetStringAsync("/Outreach/Desk/Session");
        Assert.Contains("data-offline-form=\"desk\"", html);
        Assert.Contains($"<option value=\"{itemId}\">高龄津贴</option>", html);
        var token = Tongban.Tests.Infrastructure.Forms.AntiforgeryToken(html);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post() => new(HttpMethod.Post, "/Outreach/Desk/Session")
        {
            Headers = { Accept = { new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json") } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.BuildingId"] = buildingId.ToString(), ["Input.HeldOn"] = Today.AddDays(-1).ToString("yyyy-MM-dd"),
                ["Input.StartTime"] = "08:00", ["Input.EndTime"] = "09:00", ["Input.PeopleServed"] = "6", ["Input.IdempotencyKey"] = key,
                ["Input.Questions[0].Question"] = "", // an empty slot of the phone form, as the browser posts it
                ["Input.Questions[1].Question"] = "高龄津贴发放时间", ["Input.Questions[1].Answer"] = "每月10日前发放", ["Input.Questions[1].ServiceItemId"] = itemId.ToString(),
                ["Input.Questions[1].ResolvedOnSpot"] = "true",
            }),
        };
        var first = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetBoolean());

        // An item id that is not in the catalog comes back as JSON the phone shows, on the question it belongs to.
        var bad = new HttpRequestMessage(HttpMethod.Post, "/Outreach/Desk/Session")
        {
            Headers = { Accept = { new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json") } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.BuildingId"] = buildingId.ToString(), ["Input.HeldOn"] = Today.ToString("yyyy-MM-dd"),
                ["Input.StartTime"] = "08:00", ["Input.EndTime"] = "09:00", ["Input.PeopleServed"] = "6", ["Input.IdempotencyKey"] = Guid.NewGuid().ToString(),
                ["Input.Questions[0].Question"] = "", ["Input.Questions[1].Question"] = "",
                ["Input.Questions[2].Question"] = "某事项", ["Input.Questions[2].ServiceItemId"] = "987654",
            }),
        };
        var refused = await client.SendAsync(bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("questions[2].serviceItemId", out _), problem.ToString());

        await using var scope = app.SystemScope(out var db);
        var session = await db.DeskSessions.Include(x => x.Questions).SingleAsync(x => x.IdempotencyKey == key);
        Assert.Equal(itemId, Assert.Single(session.Questions).ServiceItemId);
    }

    [Fact]
    public async Task A_grid_worker_at_a_desk_in_their_grid_starts_an_application_and_opens_it_afterwards()
    {
        // The application belongs to the community above the grid. Grid workers take turns on its desk, so they start
        // it as first receiver (首问负责) and open it later; before, the desk refused them and Services answered 403.
        var (gridBuilding, allowance) = await BuildingAndItemAsync("grid1", "senior-allowance");
        var grid = await app.As("grid1");
        var recorded = await grid.PostAsJsonAsync("/api/v1/outreach/desk-sessions", Session(gridBuilding, Guid.NewGuid().ToString(),
            [new { question = "高龄津贴怎么申请", serviceItemId = allowance, applicationStarted = true, applicantName = "钱多多" }]));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var started = Assert.Single((await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applications").EnumerateArray());
        var applicationId = started.GetProperty("applicationId").GetInt64();
        var application = await grid.GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{applicationId}");
        Assert.Equal("钱多多", application.GetProperty("applicantName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await (await app.PageClientAsync("grid1")).GetAsync($"/Services/Applications/{applicationId}")).StatusCode);
        // The next grid's worker takes the next desk turn in the same community and can carry it on; a grid worker of
        // another community cannot open it.
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("grid2")).GetAsync($"/api/v1/services/applications/{applicationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("grid5")).GetAsync($"/api/v1/services/applications/{applicationId}")).StatusCode);
    }
}
