using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Disputes;

namespace Tongban.Tests.Features.Disputes;

/// <summary>The closed loop through the staff API, with the refusals the issue lists, on the test engine.</summary>
public sealed class DisputeApiTests(DisputesFactory app) : IClassFixture<DisputesFactory>
{
    [Fact]
    public async Task A_case_runs_from_intake_to_closing_and_keeps_one_timeline()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var agreed = await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = today });
        Assert.Equal("Agreed", agreed.GetProperty("state").GetString());
        Assert.True(agreed.GetProperty("judicialDaysLeft").GetInt32() >= 30);
        await app.OkAsync("mediator1", id, "visits", new { visitedOn = today, performance = "Fulfilled", note = "楼上夜间已不穿高跟鞋，李家表示满意", visitedWith = "李建国家、王丽家" });
        var closed = await app.OkAsync("mediator1", id, "close", new { note = "协议履行良好" });

        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        var types = closed.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(["register", "assess", "assign", "session", "agreement-draft", "agreement", "visit", "close"], types);
        // The applicant's ID number and phone are shown masked and stored encrypted.
        var applicant = closed.GetProperty("parties")[0];
        Assert.Equal("990101********1350"[..6], applicant.GetProperty("idNumberMasked").GetString()![..6]);
        Assert.Contains("****", applicant.GetProperty("phoneMasked").GetString());
        await using var scope = app.SystemScope(out var db);
        var stored = await db.Set<DisputeParty>().Where(p => p.CaseId == id && p.Role == PartyRole.Applicant).SingleAsync();
        Assert.DoesNotContain("19780312", stored.IdNumberCipher);
        Assert.NotNull(stored.IdNumberHash);
    }

    [Fact]
    public async Task Illegal_transitions_are_409_in_Chinese_and_change_nothing()
    {
        var id = await app.RegisterAsync();
        var before = await app.GetAsync("window1", id);
        foreach (var (action, body) in new (string, object)[]
        {
            ("oral-agreement", new { content = "双方同意" }), ("agreement/finalise", new { signedOn = "2026-11-01" }), ("close", new { }),
            ("visits", new { visitedOn = "2026-11-01", note = "回访" }), ("judicial/application", new { appliedOn = "2026-11-01", court = "清源区人民法院" }),
        })
        {
            var problem = await ProblemAssert.IsAsync(await app.PostAsync("secretary1", id, action, body), HttpStatusCode.Conflict);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }
        var after = await app.GetAsync("window1", id);
        Assert.Equal(before.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());
        Assert.Equal("Registered", after.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bad_ID_number_is_422_with_the_field_and_nothing_is_saved()
    {
        int count;
        await using (var scope = app.SystemScope(out var db)) count = await db.Set<DisputeCase>().CountAsync();
        var bad = DisputesFactory.IdNumber("19780312", 135)[..17] + (DisputesFactory.IdNumber("19780312", 135)[17] == '1' ? "2" : "1");
        var client = await app.As("window1");
        var response = await client.PostAsJsonAsync("/api/v1/disputes", new
        {
            title = "楼上噪音", type = "Neighbour", source = "Application", facts = "夜间噪音", areaId = await app.AreaOfAsync("window1"),
            parties = DisputesFactory.TwoNeighbours(bad),
        });
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("校验位", problem.GetProperty("errors").GetProperty("parties[0].idNumber")[0].GetString());
        await using (var scope = app.SystemScope(out var db)) Assert.Equal(count, await db.Set<DisputeCase>().CountAsync());
    }

    [Fact]
    public async Task An_agreement_missing_a_part_is_422_naming_each_part_and_the_case_stays_in_mediation()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", new { facts = "夜间噪音", terms = "不穿高跟鞋" }, HttpMethod.Put);
        var response = await app.PostAsync("mediator1", id, "agreement/finalise", new { signedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)) });
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["matters", "performanceDeadline", "performanceManner", "responsibilities"], fields);
        var after = await app.GetAsync("mediator1", id);
        Assert.Equal("Mediating", after.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("agreementEffectiveOn").ValueKind);
    }

    [Fact]
    public async Task The_overdue_filter_lists_open_cases_past_their_month_and_the_home_page_counts_them()
    {
        var late = await app.RegisterAsync(title: "装修噪音纠纷拖了一个多月");
        var fresh = await app.RegisterAsync(title: "刚登记的邻里噪音纠纷");
        await using (var scope = app.SystemScope(out var db))
        {
            var c = await db.Set<DisputeCase>().SingleAsync(x => x.Id == late);
            c.RegisteredOn = c.RegisteredOn.AddDays(-(DisputeCase.TargetDays + 5));
            await db.SaveChangesAsync();
        }
        var client = await app.As("secretary1");
        var overdue = await client.GetFromJsonAsync<JsonElement>("/api/v1/disputes?overdue=true&pageSize=100");
        var ids = overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(late, ids);
        Assert.DoesNotContain(fresh, ids);
        Assert.All(overdue.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));

        // The page's 只看超期 and the home page's count run the same list.
        var pages = await app.PageClientAsync("secretary1");
        var page = await pages.GetAsync("/Disputes?overdue=true");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("装修噪音纠纷拖了一个多月", await page.Content.ReadAsStringAsync());
        var home = await pages.GetStringAsync("/");
        var panel = home[home.IndexOf("id=\"disputes-title\"", StringComparison.Ordinal)..];
        Assert.Matches("href=\"/Disputes\\?overdue=true\">已超期</a> <strong>[1-9]", panel);
    }

    [Fact]
    public async Task A_high_risk_case_alerts_the_centre_and_the_police_liaison_at_once()
    {
        var id = await app.RegisterAsync();
        var assessed = await app.OkAsync("secretary1", id, "assess", new { risk = "High", riskNote = "被申请人扬言要动手，已有肢体冲突", suitable = true, tier = "Community" });
        Assert.Equal(["centre", "police"], assessed.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("channel").GetString()));

        await using var scope = app.SystemScope(out var db);
        var street1 = await app.UserIdAsync("street1");
        var notice = await db.Notifications.SingleAsync(n => n.Key == $"dispute:{id}:high-risk:{street1}");
        Assert.Contains("高风险", notice.Text);
        var sms = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"dispute:{id}:high-risk:police");
        Assert.Equal("139****1110", sms.RecipientMasked);
        var police = await db.Set<DisputeAlert>().SingleAsync(a => a.CaseId == id && a.Channel == "police");
        Assert.Contains("派出所", police.Recipient);
        Assert.True(police.SmsQueued);
        // The demo police station has a liaison account, who is told in the app as well.
        var police1 = await app.UserIdAsync("police1");
        Assert.True(await db.Notifications.AnyAsync(n => n.Key == $"dispute:{id}:high-risk:police:{police1}" && n.UserId == police1));
        Assert.Equal(1, police.NotifiedUsers);
        // The notice links to the case, and the police liaison may open it (and finds it in the list); another
        // department's liaison, not alerted nor summoned, still may not.
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("police1")).GetAsync($"/api/v1/disputes/{id}")).StatusCode);
        var listed = await (await app.As("police1")).GetFromJsonAsync<JsonElement>("/api/v1/disputes?pageSize=100");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("dept1")).GetAsync($"/api/v1/disputes/{id}")).StatusCode);

        // Re-assessing does not alert twice.
        await app.OkAsync("secretary1", id, "assess", new { risk = "High", riskNote = "仍有冲突风险", suitable = true, tier = "Community" });
        Assert.Equal(2, await db.Set<DisputeAlert>().CountAsync(a => a.CaseId == id));
    }

    [Fact]
    public async Task A_mediator_outside_the_case_area_cannot_be_assigned()
    {
        var id = await app.RegisterAsync();
        await app.OkAsync("secretary1", id, "assess", new { risk = "Low", suitable = true, tier = "Community" });
        var response = await app.PostAsync("secretary1", id, "mediators", new { leadUserId = await app.UserIdAsync("mediator3") });
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不在本案所在辖区", problem.GetProperty("errors").GetProperty("leadUserId")[0].GetString());
        var candidates = await (await app.As("secretary1")).GetFromJsonAsync<JsonElement>($"/api/v1/disputes/{id}/mediators");
        var ids = candidates.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains(await app.UserIdAsync("mediator1"), ids);
        Assert.DoesNotContain(await app.UserIdAsync("mediator3"), ids);
    }

    [Fact]
    public async Task Mediators_see_only_their_own_cases_within_their_area()
    {
        var mine = await app.MediatingAsync();
        var other = await app.RegisterAsync(title: "另一起未指派的纠纷");
        var list = await (await app.As("mediator1")).GetFromJsonAsync<JsonElement>("/api/v1/disputes?pageSize=100");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(mine, ids);
        Assert.DoesNotContain(other, ids);
        await ProblemAssert.IsAsync(await (await app.As("mediator1")).GetAsync($"/api/v1/disputes/{other}"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await (await app.As("mediator2")).GetAsync($"/api/v1/disputes/{mine}"), HttpStatusCode.Forbidden);
        var secretaryList = await (await app.As("secretary1")).GetFromJsonAsync<JsonElement>("/api/v1/disputes?pageSize=100");
        Assert.Contains(other, secretaryList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Converting_an_appeal_links_it_and_keeps_its_history_on_the_case()
    {
        var client = await app.As("window1");
        await using var scope0 = app.SystemScope(out var db0);
        var category = await db0.AppealCategories.Where(c => c.Code == "noise").Select(c => c.Id).SingleAsync();
        var building = await db0.Buildings.Where(b => b.AreaPath.StartsWith(db0.Users.Where(u => u.UserName == "grid1").Select(u => u.AreaPath).First())).Select(b => b.Id).FirstAsync();
        var submitted = await client.PostAsJsonAsync("/api/v1/appeals", new { kind = 3, categoryId = category, description = "楼上夜里高跟鞋声音很大，孩子高三睡不好", buildingId = building, channel = 1, reporterName = "李先生" });
        var appealId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var response = await client.PostAsJsonAsync($"/api/v1/disputes/from-appeal/{appealId}", new { type = "Neighbour", parties = DisputesFactory.TwoNeighbours() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Appeal", c.GetProperty("source").GetString());
        Assert.Contains("高跟鞋", c.GetProperty("facts").GetString());
        var stages = c.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("stage").GetString()).ToList();
        Assert.StartsWith("诉求", stages[0]);
        Assert.Contains("调解", stages);

        var appeal = await client.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{appealId}");
        Assert.Contains(appeal.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("note").GetString()!.Contains(c.GetProperty("number").GetString()!));
        // The same appeal cannot become a second case.
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync($"/api/v1/disputes/from-appeal/{appealId}", new { type = "Neighbour", parties = DisputesFactory.TwoNeighbours() }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Escalation_summons_departments_and_each_acknowledges()
    {
        var id = await app.MediatingAsync();
        var escalated = await app.OkAsync("mediator1", id, "escalate", new { reason = "涉及物业和多户居民，需要街道协调" });
        Assert.Equal("Street", escalated.GetProperty("tier").GetString());
        // Only a centre blows the whistle: the community secretary is refused by the route's policy.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.PostAsync("secretary1", id, "summons", new { departmentIds = new[] { 1 }, sessionAt = DateTimeOffset.UtcNow.AddDays(1), place = "街道" })).StatusCode);
        int department;
        await using (var scope = app.SystemScope(out var db))
            department = await db.Departments.Where(d => d.LiaisonUserId == db.Users.Where(u => u.UserName == "dept1").Select(u => u.Id).First()).Select(d => d.Id).FirstAsync();
        var summoned = await app.OkAsync("street1", id, "summons", new { departmentIds = new[] { department }, sessionAt = DateTimeOffset.UtcNow.AddDays(1), place = "街道综治中心调解室" });
        var summons = summoned.GetProperty("summonses")[0];
        Assert.Equal(JsonValueKind.Null, summons.GetProperty("acknowledgedAt").ValueKind);
        // The department has a liaison account: the centre does not report in its name.
        await ProblemAssert.IsAsync(await app.PostAsync("street1", id, $"summons/{summons.GetProperty("id").GetInt64()}/acknowledge"), HttpStatusCode.Forbidden);
        var acknowledged = await app.OkAsync("dept1", id, $"summons/{summons.GetProperty("id").GetInt64()}/acknowledge");
        Assert.NotEqual(JsonValueKind.Null, acknowledged.GetProperty("summonses")[0].GetProperty("acknowledgedAt").ValueKind);
        var tiers = acknowledged.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("tier").GetString()).Distinct().ToList();
        Assert.Equal(["社区人民调解委员会", "街道矛盾纠纷调解中心"], tiers);
    }

    [Fact]
    public async Task After_an_escalation_the_street_decides_and_the_community_cannot_take_the_case_back_or_lead_it()
    {
        var id = await app.MediatingAsync();
        // Up the ladder only by escalation: the assessment form cannot send a community case to the street unannounced.
        var up = await ProblemAssert.IsAsync(await app.PostAsync("secretary1", id, "assess", new { risk = "Low", suitable = true, tier = "Street" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("升级", up.GetProperty("detail").GetString());

        await app.OkAsync("mediator1", id, "escalate", new { reason = "涉及多户，需街道协调" });
        // The community mediator who handed it up (and the community secretary) can no longer re-assess it down, lead it,
        // record mediation on it, or send it further up: the street owns it now.
        var mediator1 = await app.UserIdAsync("mediator1");
        foreach (var (user, action, body) in new (string, string, object)[]
        {
            ("mediator1", "assess", new { risk = "Low", suitable = true, tier = "Community" }),
            ("mediator1", "mediators", new { leadUserId = mediator1 }),
            ("secretary1", "mediators", new { leadUserId = mediator1 }),
            ("secretary1", "extensions", new { days = 10, reason = "当事人出差" }),
            ("mediator1", "escalate", new { reason = "再升一级" }),
        })
        {
            var refused = await ProblemAssert.IsAsync(await app.PostAsync(user, id, action, body), HttpStatusCode.Forbidden);
            Assert.Contains("街道", refused.GetProperty("detail").GetString());
        }
        var still = await app.GetAsync("street1", id);
        Assert.Equal("Street", still.GetProperty("tier").GetString());

        // The street names its own lead; a community mediator may help but not lead a street case.
        var notLead = await ProblemAssert.IsAsync(await app.PostAsync("street1", id, "mediators", new { leadUserId = mediator1 }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("主办调解员须是", notLead.GetProperty("detail").GetString());
        var street1 = await app.UserIdAsync("street1");
        var led = await app.OkAsync("street1", id, "mediators", new { leadUserId = street1, helperUserIds = new[] { mediator1 } });
        Assert.Equal(street1, led.GetProperty("leadMediatorUserId").GetString());
        // As a helper on the case the community mediator records mediation again.
        await app.OkAsync("mediator1", id, "sessions", new
        {
            startsAt = DateTimeOffset.UtcNow, place = "街道综治中心调解室", mode = "Joint", attendees = "双方当事人、物业",
            record = "街道主持联合调解，物业到场说明楼板隔音情况。",
        });
        // The street may hand the case back down; then it is the community's again.
        await app.OkAsync("street1", id, "assess", new { risk = "Low", suitable = true, tier = "Community" });
        await app.OkAsync("secretary1", id, "mediators", new { leadUserId = mediator1, reason = "街道交回社区继续调解" });
    }

    [Fact]
    public async Task An_agreement_cannot_be_signed_before_the_first_mediation_session()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        DateTimeOffset first;
        await using (var scope = app.SystemScope(out var db))
        {
            // The session is recorded as held two days after intake; an agreement dated the day of intake is a typo.
            var c = await db.Set<Tongban.Web.Features.Disputes.DisputeCase>().Include(x => x.Sessions).SingleAsync(x => x.Id == id);
            c.RegisteredAt = c.RegisteredAt.AddDays(-3);
            c.RegisteredOn = c.RegisteredOn.AddDays(-3);
            first = c.Sessions.Single().StartsAt;
            await db.SaveChangesAsync();
        }
        var today = DateOnly.FromDateTime(first.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var refused = await ProblemAssert.IsAsync(await app.PostAsync("mediator1", id, "agreement/finalise", new { signedOn = today.AddDays(-2) }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不能早于第一次调解", refused.GetProperty("detail").GetString());
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = today });
    }

    [Fact]
    public async Task The_printed_agreement_contains_every_Art_29_part_and_a_copy_per_party_plus_the_archive()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)) });
        var html = await (await app.As("mediator1")).GetStringAsync($"/api/v1/disputes/{id}/documents/agreement");
        foreach (var part in new[] { "当事人", "李建国", "王丽", "纠纷的主要事实", "争议事项", "各方当事人的责任", "协议内容", "不穿高跟鞋", "当面道歉", "履行方式", "履行期限", "按指印处", "人民调解员", "印章" })
            Assert.Contains(part, html);
        Assert.Contains("第1联", html);
        Assert.Contains("第2联", html);
        Assert.Contains("存档联", html);
        Assert.Equal(3, html.Split("class=\"doc agreement\"").Length - 1);
        Assert.Contains("一式3份", html);
        Assert.DoesNotContain("19780312", html); // ID numbers stay masked on paper too

        var archive = await (await app.As("mediator1")).GetStringAsync($"/api/v1/disputes/{id}/documents/archive");
        Assert.Contains("卷内目录", archive);
        Assert.Contains("人民调解受理登记表", archive);
        Assert.Contains("调解笔录", archive);
    }

    [Fact]
    public async Task The_signed_scan_is_stored_by_content_and_a_fake_is_refused()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)) });
        var client = await app.As("mediator1");
        using (var fake = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "file", "协议.png" } })
            await ProblemAssert.IsAsync(await client.PostAsync($"/api/v1/disputes/{id}/agreement/signed-scan", fake), HttpStatusCode.UnprocessableEntity);
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { content, "file", "协议书签字版.png" } };
        var response = await client.PostAsync($"/api/v1/disputes/{id}/agreement/signed-scan", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var details = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(details.GetProperty("agreement").GetProperty("hasSignedScan").GetBoolean());
        var attachment = details.GetProperty("attachments")[0].GetProperty("id").GetInt64();
        var bytes = await client.GetByteArrayAsync($"/api/v1/disputes/{id}/attachments/{attachment}");
        Assert.Equal(png, bytes);
    }

    [Fact]
    public async Task The_judicial_window_counts_down_reminds_and_refuses_a_late_application()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "agreement", DisputesFactory.FullAgreement, HttpMethod.Put);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await app.OkAsync("mediator1", id, "agreement/finalise", new { signedOn = today });
        // Three days left: the job reminds the lead mediator once.
        await using (var scope = app.SystemScope(out var db))
            await db.Set<DisputeCase>().Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.JudicialDeadlineOn, today.AddDays(3)));
        var job = app.Service<DisputeReminderJob>();
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);
        await using (var scope = app.SystemScope(out var db))
        {
            var lead = await app.UserIdAsync("mediator1");
            var notices = await db.Notifications.Where(n => n.Key!.StartsWith($"dispute:{id}:judicial:")).ToListAsync();
            Assert.Equal($"dispute:{id}:judicial:3:{lead}", Assert.Single(notices).Key);
            Assert.Contains("还剩3天", notices[0].Text);
        }
        var view = await app.GetAsync("mediator1", id);
        Assert.Equal(3, view.GetProperty("judicialDaysLeft").GetInt32());

        // Once the window has passed, an application is refused; one inside it is recorded.
        await using (var scope = app.SystemScope(out var db))
            await db.Set<DisputeCase>().Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.JudicialDeadlineOn, today.AddDays(-1)));
        var late = await ProblemAssert.IsAsync(await app.PostAsync("mediator1", id, "judicial/application", new { appliedOn = today, court = "清源区人民法院" }), HttpStatusCode.Conflict);
        Assert.Contains("30日", late.GetProperty("detail").GetString());
        var early = await ProblemAssert.IsAsync(await app.PostAsync("mediator1", id, "judicial/application", new { appliedOn = today.AddDays(-5), court = "清源区人民法院" }), HttpStatusCode.UnprocessableEntity);
        Assert.True(early.GetProperty("errors").TryGetProperty("appliedOn", out _));
    }

    [Fact]
    public async Task Figures_count_outcomes_and_the_share_settled_in_the_community()
    {
        var agreed = await app.MediatingAsync();
        await app.OkAsync("mediator1", agreed, "oral-agreement", new { content = "双方同意夜间十点后不穿高跟鞋" });
        var failed = await app.MediatingAsync();
        await app.OkAsync("mediator1", failed, "failure", new { reason = "被申请人拒绝调解", referral = "Litigation" });
        var figures = await (await app.As("secretary1")).GetFromJsonAsync<JsonElement>("/api/v1/disputes/figures");
        Assert.True(figures.GetProperty("succeeded").GetInt32() >= 1);
        Assert.True(figures.GetProperty("failed").GetInt32() >= 1);
        Assert.InRange(figures.GetProperty("successRate").GetDouble(), 0.1, 99.9);
        Assert.Equal(100.0, figures.GetProperty("settledInCommunityShare").GetDouble());
        Assert.Contains(figures.GetProperty("byType").EnumerateArray(), t => t.GetProperty("name").GetString() == "邻里纠纷");
        await ProblemAssert.IsAsync(await (await app.As("secretary1")).GetAsync("/api/v1/disputes/figures?from=2026-12-01&to=2026-11-01"), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_archive_prints_to_PDF_with_chromium_or_says_clearly_why_not()
    {
        var id = await app.MediatingAsync();
        var response = await (await app.As("mediator1")).GetAsync($"/api/v1/disputes/{id}/archive.pdf");
        if (File.Exists("/usr/bin/chromium"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
            // Cover, contents, registration, assessment, session record, outcome, visits, timeline, files: a page each at least.
            var pages = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]").Count;
            Assert.True(pages >= 9, $"PDF只有{pages}页");
        }
        else
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Chromium", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task The_demo_has_sample_marked_cases_at_every_stage()
    {
        await using var scope = app.SystemScope(out var db);
        var demo = await db.Set<DisputeCase>().Where(c => c.IsSample).Select(c => new { c.Title, c.State, c.Risk }).ToListAsync();
        Assert.True(demo.Count >= 5, $"示例案件只有{demo.Count}件");
        Assert.All(demo, c => Assert.EndsWith("（示例）", c.Title));
        Assert.Contains(demo, c => c.State == DisputeState.Closed);
        Assert.Contains(demo, c => c.State == DisputeState.Mediating);
        Assert.Contains(demo, c => c.State == DisputeState.FollowedUp);
        Assert.Contains(demo, c => c.Risk == RiskLevel.High);
    }
}
