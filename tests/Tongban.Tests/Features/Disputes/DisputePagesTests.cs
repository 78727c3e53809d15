using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Disputes;

namespace Tongban.Tests.Features.Disputes;

/// <summary>The staff pages: bad input re-shows the form with Chinese messages and saves nothing; actions move the case.</summary>
public sealed class DisputePagesTests(DisputesFactory app) : IClassFixture<DisputesFactory>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    [Fact]
    public async Task Registration_with_a_bad_ID_number_re_shows_the_form_with_what_was_typed_and_saves_nothing()
    {
        int before;
        await using (var scope = app.SystemScope(out var db)) before = await db.Set<DisputeCase>().CountAsync();
        var client = await app.PageClientAsync("window1");
        var response = await PostFormAsync(client, "/Disputes/New", "/Disputes/New",
        [
            new("Form.Title", "楼上夜间高跟鞋噪音"), new("Form.Type", "Neighbour"), new("Form.Source", "Application"), new("Form.Facts", "夜间噪音"),
            new("Form.AreaId", (await app.AreaOfAsync("window1")).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Form.Parties[0].Role", "Applicant"), new("Form.Parties[0].Kind", "Person"), new("Form.Parties[0].Name", "李建国"), new("Form.Parties[0].IdNumber", "990101197803121351"),
            new("Form.Parties[1].Role", "Respondent"), new("Form.Parties[1].Kind", "Person"), new("Form.Parties[1].Name", "王丽"), new("Form.Parties[1].Phone", "123"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("第1位当事人：身份证号校验位不正确", html);
        Assert.Contains("第2位当事人：手机号应为以1开头的11位数字", html);
        Assert.Contains("value=\"楼上夜间高跟鞋噪音\"", html);
        await using (var scope = app.SystemScope(out var db)) Assert.Equal(before, await db.Set<DisputeCase>().CountAsync());

        var ok = await PostFormAsync(client, "/Disputes/New", "/Disputes/New",
        [
            new("Form.Title", "楼上夜间高跟鞋噪音"), new("Form.Type", "Neighbour"), new("Form.Source", "Application"), new("Form.Facts", "夜间噪音"),
            new("Form.AreaId", (await app.AreaOfAsync("window1")).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Form.Parties[0].Role", "Applicant"), new("Form.Parties[0].Kind", "Person"), new("Form.Parties[0].Name", "李建国"),
            new("Form.Parties[0].IdNumber", DisputesFactory.IdNumber("19780312", 135)), new("Form.Parties[0].Address", "201室"),
            new("Form.Parties[1].Role", "Respondent"), new("Form.Parties[1].Kind", "Person"), new("Form.Parties[1].Name", "王丽"), new("Form.Parties[1].Address", "301室"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var detail = await client.GetStringAsync(ok.Headers.Location!.ToString());
        Assert.Contains("990101********1350"[..6], detail);
        Assert.DoesNotContain("19780312", detail);
        Assert.Contains("受理登记", detail);
    }

    [Fact]
    public async Task The_case_page_offers_each_person_only_the_actions_they_may_take()
    {
        var id = await app.MediatingAsync();
        await app.OkAsync("mediator1", id, "escalate", new { reason = "涉及物业和多户居民，需要街道协调" });
        int[] departments;
        await using (var scope = app.SystemScope(out var db))
            departments = await db.Departments.Where(d => d.LiaisonUserId != null).OrderBy(d => d.Id).Select(d => d.Id).Take(2).ToArrayAsync();
        await app.OkAsync("street1", id, "summons", new { departmentIds = departments, sessionAt = DateTimeOffset.UtcNow.AddDays(1), place = "街道综治中心调解室" });

        // A summoned department reads the case and reports for itself only; it is offered no mediation work.
        var dept = await (await app.PageClientAsync("dept1")).GetStringAsync($"/Disputes/{id}");
        Assert.Equal(1, dept.Split("asp-route-act=\"acknowledge\"").Length - 1 + dept.Split("act=acknowledge").Length - 1);
        foreach (var form in new[] { "act=session", "act=extend", "act=escalate", "act=conflict", "act=assess", "act=assign" })
            Assert.DoesNotContain(form, dept);
        Assert.Contains("您可以查看", dept);

        // The community that handed it up sees it is the street's now; the street is offered the assessment and its own people to lead.
        var community = await (await app.PageClientAsync("secretary1")).GetStringAsync($"/Disputes/{id}");
        Assert.DoesNotContain("act=assess", community);
        Assert.DoesNotContain("act=assign", community);
        Assert.Contains("由街道矛盾纠纷调解中心办理", community);
        var street = await (await app.PageClientAsync("street1")).GetStringAsync($"/Disputes/{id}");
        Assert.Contains("act=assess", street);
        Assert.DoesNotContain("act=acknowledge", street); // both summoned departments report in themselves
        var lead = street[street.IndexOf("id=\"lead\"", StringComparison.Ordinal)..];
        lead = lead[..lead.IndexOf("</select>", StringComparison.Ordinal)];
        Assert.DoesNotContain("滨河社区调解员", lead);
        Assert.Contains("综治中心", lead);
    }

    [Fact]
    public async Task A_refused_action_on_the_case_page_shows_the_Chinese_reason_and_keeps_the_input()
    {
        var id = await app.MediatingAsync();
        var client = await app.PageClientAsync("mediator1");
        var page = $"/Disputes/{id}";
        var response = await PostFormAsync(client, page, $"{page}?act=agreement-draft", [new("Form.Facts", "夜间噪音"), new("Form.Terms", "晚十点后不穿高跟鞋")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        response = await PostFormAsync(client, page, $"{page}?act=agreement-finalise", [new("Form.SignedOn", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("缺少争议事项", html);
        Assert.Contains("缺少履行期限", html);
        Assert.Contains("晚十点后不穿高跟鞋", html);
        Assert.Equal(DisputeState.Mediating.ToString(), (await app.GetAsync("mediator1", id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_date_or_time_typed_as_no_date_is_refused_beside_its_box_and_kept()
    {
        // The boxes were the browser's pickers (mm/dd/yyyy in an English browser); typed text that is no date is
        // refused in Chinese before anything is done, and comes back as typed.
        var id = await app.MediatingAsync();
        var client = await app.PageClientAsync("mediator1");
        var page = $"/Disputes/{id}";
        Assert.DoesNotContain("type=\"date\"", await client.GetStringAsync(page));
        Assert.DoesNotContain("datetime-local", await client.GetStringAsync(page));
        await PostFormAsync(client, page, $"{page}?act=agreement-draft", [new("Form.Facts", "夜间噪音"), new("Form.Terms", "晚十点后不穿高跟鞋")]);
        var response = await PostFormAsync(client, page, $"{page}?act=agreement-finalise", [new("Form.SignedOn", "2026年2月30日")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“2026年2月30日”不是有效的日期，请按 2026-11-25 或 2026年11月25日 的格式填写", html);
        Assert.Contains("name=\"Form.SignedOn\" value=\"2026年2月30日\"", html);

        response = await PostFormAsync(client, page, $"{page}?act=session", [new("Form.StartsAt", "明天下午"), new("Form.Place", "社区调解室")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“明天下午”不是有效的时间，请按 2026-11-25 14:30 或 2026年11月25日 14:30 的格式填写", html);
        Assert.Contains("name=\"Form.StartsAt\" value=\"明天下午\"", html);
        Assert.Equal(DisputeState.Mediating.ToString(), (await app.GetAsync("mediator1", id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Lists_documents_and_figures_render_and_other_mediators_are_refused()
    {
        var id = await app.MediatingAsync();
        var client = await app.PageClientAsync("mediator1");
        Assert.Contains($"/Disputes/{id}", await client.GetStringAsync("/Disputes"));
        Assert.Contains("人民调解受理登记表", await client.GetStringAsync($"/Disputes/{id}/Documents/registration"));
        Assert.Contains("卷内目录", await client.GetStringAsync($"/Disputes/{id}/Documents/archive"));
        Assert.Contains("调解成功率", await client.GetStringAsync("/Disputes/Figures"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Disputes/{id}/Documents/nonsense")).StatusCode);
        var other = await app.PageClientAsync("mediator2");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/Disputes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/Disputes/{id}/Documents/agreement")).StatusCode);
    }
}
