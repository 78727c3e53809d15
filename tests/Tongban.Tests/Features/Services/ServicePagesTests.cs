using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Services;

/// <summary>The window pages and the resident booking page: forms post, refusals re-show the form with Chinese errors.</summary>
public sealed class ServicePagesTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    private static FormUrlEncodedContent Form(string html, params (string, string)[] fields) =>
        new([new("__RequestVerificationToken", Forms.AntiforgeryToken(html)), .. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))]);

    [Fact]
    public async Task The_on_the_spot_result_is_asked_only_for_an_item_the_community_decides()
    {
        var page = await app.PageClientAsync("window1");
        var (department, _) = await app.StartAsync("window1", "disability-nursing-subsidy");
        var html = await page.GetStringAsync($"/Services/Applications/{department}");
        Assert.Contains("受理（20个工作日内办结）", html);
        Assert.DoesNotContain("即来即办时填写", html);
        var (community, _) = await app.StartAsync("window1", "senior-meal");
        Assert.Contains("即来即办时填写", await page.GetStringAsync($"/Services/Applications/{community}"));
    }

    [Fact]
    public async Task Window_staff_receives_ticks_everything_and_accepts_in_one_visit_then_prints_the_sheet()
    {
        var client = await app.PageClientAsync("window1");
        var page = await client.GetStringAsync("/Services");
        Assert.Contains("接待居民（首问负责）", page);
        var itemId = await app.ItemIdAsync("disability-nursing-subsidy");

        var empty = await client.PostAsync("/Services", Form(page, ("Input.ServiceItemId", itemId.ToString()), ("Input.ApplicantName", "")));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写申请人姓名", await empty.Content.ReadAsStringAsync());

        var started = await client.PostAsync("/Services", Form(page, ("Input.ServiceItemId", itemId.ToString()), ("Input.ApplicantName", "李桂芳"), ("Input.Channel", "Window")));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var url = started.Headers.Location!.ToString();
        var detail = await client.GetStringAsync(url);
        var materials = Regex.Matches(detail, "name=\"Input.Received\" value=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(materials.Count >= 4);

        var accepted = await client.PostAsync($"{url}?handler=Decide&outcome=Accepted",
            Form(detail, [.. materials.Select(m => ("Input.Received", m))]));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var after = await client.GetStringAsync(accepted.Headers.Location!.ToString());
        Assert.Contains("已受理，承诺", after);
        Assert.Contains("1 次", after);

        var sheet = await client.GetStringAsync($"{url}/print");
        Assert.Contains("一次性告知单", sheet);
        Assert.Contains("材料已收齐", sheet);
        Assert.Contains("<svg", sheet);
    }

    [Fact]
    public async Task A_transfer_offers_the_items_deciding_unit_the_street_and_the_districts_departments_and_records_the_one_chosen()
    {
        var client = await app.PageClientAsync("window1");
        var (id, _) = await app.StartAsync("window1", "senior-allowance"); // finally decided by 区民政局 (a department)
        var detail = await client.GetStringAsync($"/Services/Applications/{id}");
        var list = Regex.Match(detail, "<datalist id=\"transferUnits\">(.*?)</datalist>", RegexOptions.Singleline).Groups[1].Value;
        var units = Regex.Matches(list, "<option value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        string street;
        await using (var scope = app.SystemScope(out var db))
            street = await db.Areas.Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.Street).Select(a => a.Name).FirstAsync();
        Assert.Equal("区民政局", units[0]);
        Assert.Equal(street, units[1]);
        Assert.Contains("区住建局", units);
        Assert.Equal(units.Count, units.Distinct().Count());
        Assert.Matches("<option value=\"Department\" selected", detail); // the item's own level comes first

        // No unit: the form comes back with the Chinese message and the list, and nothing is transferred.
        var refused = await client.PostAsync($"/Services/Applications/{id}?handler=Decide&outcome=Transferred",
            Form(detail, ("Input.TransferLevel", "Department"), ("Input.TransferTo", ""), ("Input.Reason", "高龄津贴由区民政局审定")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请填写转办单位", again);
        Assert.Contains("<option value=\"区民政局\">", again);
        Assert.DoesNotContain("已转办", again);

        var transferred = await client.PostAsync($"/Services/Applications/{id}?handler=Decide&outcome=Transferred",
            Form(detail, ("Input.TransferLevel", "Department"), ("Input.TransferTo", units[0]), ("Input.Reason", "高龄津贴由区民政局审定")));
        Assert.Equal(HttpStatusCode.Redirect, transferred.StatusCode);
        var after = await client.GetStringAsync(transferred.Headers.Location!.ToString());
        Assert.Contains("区民政局：高龄津贴由区民政局审定", after);
    }

    [Fact]
    public async Task An_extra_material_gets_a_box_to_tick_on_the_next_trip_and_the_sheet_does_not_promise_no_extras()
    {
        var client = await app.PageClientAsync("window1");
        var (id, materials) = await app.StartAsync("window1", "minimum-living");
        var url = $"/Services/Applications/{id}";
        var detail = await client.GetStringAsync(url);
        await client.PostAsync($"{url}?handler=Decide&outcome=AcceptedMissing", Form(detail, [.. materials[..2].Select(m => ("Input.Received", m.ToString()))]));
        var sheet = await client.GetStringAsync($"{url}/print");
        Assert.Contains("不会再要求清单以外的材料", sheet); // the first notice makes that promise

        detail = await client.GetStringAsync(url);
        var asked = await client.PostAsync($"{url}?handler=Trip",
            Form(detail, [.. materials.Select(m => ("Input.Received", m.ToString())), ("Input.ExtraRequired", "结婚证")]));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        detail = await client.GetStringAsync(url);
        var box = Regex.Match(detail, "name=\"Input.ExtraReceived\" value=\"(\\d+)\"(?![^>]*disabled)");
        Assert.True(box.Success, "the extra line has a box that can be ticked");
        Assert.Contains("待补材料", detail);
        sheet = await client.GetStringAsync($"{url}/print");
        Assert.DoesNotContain("不会再要求清单以外的材料", sheet);
        Assert.Contains("结婚证（清单外）", sheet);
        Assert.Contains("一次告知缺陷", sheet);

        var brought = await client.PostAsync($"{url}?handler=Trip", Form(detail, ("Input.ExtraReceived", box.Groups[1].Value)));
        Assert.Equal(HttpStatusCode.Redirect, brought.StatusCode);
        var after = await client.GetStringAsync(brought.Headers.Location!.ToString());
        Assert.Contains("已登记第3次来办。", after);
        Assert.DoesNotContain("注意：", after); // the second trip's defect is not told again as if new
        Assert.Contains("办理中", after);
        Assert.Contains("handler=Complete", after); // the 办结 form is offered again
    }

    [Fact]
    public async Task While_materials_are_missing_the_sheet_promises_working_days_from_completion_not_a_date_and_zero_days_is_said_as_on_the_spot()
    {
        var client = await app.PageClientAsync("window1");
        var (id, materials) = await app.StartAsync("window1", "minimum-living");
        var url = $"/Services/Applications/{id}";
        await client.PostAsync($"{url}?handler=Decide&outcome=AcceptedMissing", Form(await client.GetStringAsync(url), ("Input.Received", materials[0].ToString())));
        var sheet = await client.GetStringAsync($"{url}/print");
        Assert.Contains("材料补齐后30个工作日内办结", sheet);
        Assert.DoesNotContain("承诺办结日期：", sheet);
        Assert.Contains("材料补齐后30个工作日内办结", await client.GetStringAsync(url));

        var (onTheSpot, _) = await app.StartAsync("window1", "residence-certificate"); // 0 working days
        var page = await client.GetStringAsync($"/Services/Applications/{onTheSpot}");
        Assert.Contains("受理（即来即办）", page);
        Assert.DoesNotContain("0个工作日", page);
        await client.PostAsync($"/Services/Applications/{onTheSpot}?handler=Decide&outcome=AcceptedMissing", Form(page));
        sheet = await client.GetStringAsync($"/Services/Applications/{onTheSpot}/print");
        Assert.Contains("材料补齐后即来即办", sheet);
        Assert.DoesNotContain("0个工作日", sheet);
    }

    [Fact]
    public async Task A_real_application_of_a_sample_item_is_not_marked_as_a_sample_but_one_the_demo_seeded_is()
    {
        var client = await app.PageClientAsync("window1");
        var (id, _) = await app.StartAsync("window1", "senior-allowance"); // every demo catalog item is a sample item
        const string badge = "<span class=\"sample\">示例</span>";
        Assert.DoesNotContain(badge, await client.GetStringAsync($"/Services/Applications/{id}"));
        Assert.DoesNotContain(badge, await client.GetStringAsync($"/Services/Applications/{id}/print"));
        Assert.False((await (await app.As("window1")).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/services/applications/{id}")).GetProperty("isSample").GetBoolean());

        long seeded;
        await using (var scope = app.SystemScope(out var db))
            seeded = await db.ServiceApplications().Where(a => a.IsSample && a.AreaPath == db.Users.Where(u => u.UserName == "window1").Select(u => u.AreaPath).First())
                .Select(a => a.Id).FirstAsync();
        Assert.Contains(badge, await client.GetStringAsync($"/Services/Applications/{seeded}"));
    }

    [Fact]
    public async Task A_post_that_names_no_action_changes_nothing_and_shows_the_application_again()
    {
        var client = await app.PageClientAsync("window1");
        var (id, _) = await app.StartAsync("window1", "senior-allowance");
        var page = await client.GetStringAsync($"/Services/Applications/{id}");
        var posted = await client.PostAsync($"/Services/Applications/{id}", Form(page, ("Input.Result", "没有按钮的提交")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode); // was 500: the page rendered without being loaded
        Assert.Equal($"/Services/Applications/{id}", posted.Headers.Location!.ToString());
        Assert.DoesNotContain("没有按钮的提交", await client.GetStringAsync($"/Services/Applications/{id}"));
    }

    [Fact]
    public async Task A_refused_outcome_re_shows_the_application_with_the_reason()
    {
        var client = await app.PageClientAsync("window1");
        var (id, _) = await app.StartAsync("window1", "senior-meal");
        var detail = await client.GetStringAsync($"/Services/Applications/{id}");
        var refused = await client.PostAsync($"/Services/Applications/{id}?handler=Decide&outcome=OnTheSpot", Form(detail));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("未收齐", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Resident_books_an_evening_slot_on_the_public_page_and_a_bad_phone_is_explained()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var start = await client.GetStringAsync("/guide/book");
        var community = Regex.Match(start, "<option value=\"(\\d+)\"").Groups[1].Value;
        var days = await client.GetStringAsync($"/guide/book?communityId={community}&item=senior-allowance");
        // An evening after today: today's 19:00 slot may already have gone by.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var eveningDay = Regex.Matches(days, "day=([0-9-]+)\">[^<]*含晚间").Select(m => m.Groups[1].Value)
            .First(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) > today);
        var page = await client.GetStringAsync($"/guide/book?communityId={community}&item=senior-allowance&day={eveningDay}");
        var evening = Regex.Matches(page, "value=\"([^\"]+)\"[^>]*/>\\s*<span>19:00-19:30</span>").First().Groups[1].Value;

        var bad = await client.PostAsync($"/guide/book?communityId={community}&item=senior-allowance",
            Form(page, ("CommunityId", community), ("Item", "senior-allowance"), ("StartsAt", WebUtility.HtmlDecode(evening)), ("Name", "冯大爷"), ("Phone", "12345")));
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("手机号", badHtml);
        Assert.Contains("冯大爷", badHtml);

        var ok = await client.PostAsync($"/guide/book?communityId={community}&item=senior-allowance",
            Form(page, ("CommunityId", community), ("Item", "senior-allowance"), ("StartsAt", WebUtility.HtmlDecode(evening)), ("Name", "冯大爷"), ("Phone", "13612345678")));
        var html = await ok.Content.ReadAsStringAsync();
        Assert.Contains("预约成功", html);
        Assert.Contains("19:00-19:30", html);
        Assert.Contains("延时服务", html);
    }

    [Fact]
    public async Task Resident_looks_up_a_booking_by_code_and_phone_and_cancels_it_on_the_public_page()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var start = await client.GetStringAsync("/guide/book");
        var community = Regex.Match(start, "<option value=\"(\\d+)\"").Groups[1].Value;
        var days = await client.GetStringAsync($"/guide/book?communityId={community}&item=senior-allowance");
        var slot = Regex.Matches(days, "name=\"StartsAt\" value=\"([^\"]+)\"(?! disabled)").First().Groups[1].Value;
        var booked = await (await client.PostAsync($"/guide/book?communityId={community}&item=senior-allowance",
            Form(days, ("CommunityId", community), ("Item", "senior-allowance"), ("StartsAt", WebUtility.HtmlDecode(slot)), ("Name", "褚阿姨"), ("Phone", "13698765432"))))
            .Content.ReadAsStringAsync();
        var code = Regex.Match(booked, "data-testid=\"appointment-code\">([A-Z0-9]+)<").Groups[1].Value;
        Assert.Contains($"/guide/booking?code={code}", booked);

        var form = await client.GetStringAsync($"/guide/booking?code={code}");
        Assert.Contains($"value=\"{code}\"", form);

        // Nothing given, then the code with someone else's phone: the form again with a reason, and nothing shown.
        var empty = await (await client.PostAsync("/guide/booking", Form(form, ("Code", ""), ("Phone", "")))).Content.ReadAsStringAsync();
        Assert.Contains("请填写预约码", empty);
        Assert.Contains("请填写预约时留的手机号", empty);
        var wrong = await (await client.PostAsync("/guide/booking", Form(form, ("Code", code.ToLowerInvariant()), ("Phone", "13600000000")))).Content.ReadAsStringAsync();
        Assert.Contains("没有找到该预约", wrong);
        Assert.DoesNotContain("cancel-appointment", wrong);
        Assert.DoesNotContain("褚阿姨", wrong);

        var found = await (await client.PostAsync("/guide/booking", Form(form, ("Code", code.ToLowerInvariant()), ("Phone", "13698765432")))).Content.ReadAsStringAsync();
        Assert.Contains("已预约", found);
        Assert.Contains("data-testid=\"cancel-appointment\"", found);

        var cancelled = await client.PostAsync("/guide/booking?handler=Cancel", Form(found, ("Code", code), ("Phone", "13698765432")));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var after = await cancelled.Content.ReadAsStringAsync();
        Assert.Contains("已取消预约", after);
        Assert.Contains("已取消", Regex.Match(after, "data-testid=\"appointment-status\">(.*?)</dd>").Groups[1].Value);
        Assert.DoesNotContain("data-testid=\"cancel-appointment\"", after);
        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(AppointmentStatus.Cancelled, (await db.Appointments().IgnoreQueryFilters().SingleAsync(a => a.Code == code)).Status);

        // Cancelling again is refused with the reason, and the booking is still shown as it stands.
        var again = await (await client.PostAsync("/guide/booking?handler=Cancel", Form(found, ("Code", code), ("Phone", "13698765432")))).Content.ReadAsStringAsync();
        Assert.Contains("该预约已取消或已办理，不能取消", again);
        Assert.Contains(code, again);
    }

    [Fact]
    public async Task A_month_without_a_rota_says_so_instead_of_listing_every_hour_as_a_conflict_until_one_is_generated()
    {
        var client = await app.PageClientAsync("secretary1");
        var month = TestMonths.Ahead(4);
        var first = TestMonths.First(4);
        var empty = await client.GetStringAsync($"/Services/Rota?month={month}");
        Assert.Contains($"{first.Year}年{first.Month}月还没有排班", empty);
        Assert.DoesNotContain("冲突 ", Regex.Replace(empty, "<[^>]+>", ""));

        var generated = await client.PostAsync($"/Services/Rota?handler=Generate&month={month}", Form(empty));
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        var rota = await client.GetStringAsync(generated.Headers.Location!.ToString());
        Assert.Contains($"已生成{month}排班", rota);
        Assert.DoesNotContain("还没有排班", rota);
        Assert.Contains($"data-label=\"日期\">{first.Month}月1日 周{"日一二三四五六"[(int)first.DayOfWeek]}", rota);
    }

    [Fact]
    public async Task The_desk_pages_offer_days_and_months_written_in_chinese_not_boxes_in_the_browser_locale()
    {
        // A date or month box is drawn by the browser in its own locale ("November 2026" in an English one).
        var client = await app.PageClientAsync("secretary1");
        var today = app.Service<TimeProvider>().Today();
        var ahead = TestMonths.First(3);
        var rota = await client.GetStringAsync($"/Services/Rota?month={TestMonths.Ahead(3)}");
        Assert.Contains($"<option value=\"{TestMonths.Ahead(3)}\" selected=\"selected\">{ahead.Year}年{ahead.Month}月</option>", rota);
        Assert.Contains($"<option value=\"{today:yyyy-MM}\">{today.Year}年{today.Month}月</option>", rota);
        var list = await client.GetStringAsync("/Services/Appointments");
        Assert.Contains($"<option value=\"{today:yyyy-MM-dd}\" selected=\"selected\">今天 {today.Year}年{today.Month}月{today.Day}日 周{"日一二三四五六"[(int)today.DayOfWeek]}</option>", list);
        var tomorrow = today.AddDays(1);
        Assert.Contains($"<option value=\"{tomorrow:yyyy-MM-dd}\">{tomorrow.Year}年{tomorrow.Month}月{tomorrow.Day}日", list);
        var close = await client.GetStringAsync("/Services/Close");
        foreach (var page in new[] { rota, list, close })
        {
            Assert.DoesNotContain("type=\"month\"", page);
            Assert.DoesNotContain("type=\"date\"", page);
        }
    }

    [Fact]
    public async Task Secretary_pages_for_rota_skills_close_and_catalog_render()
    {
        var client = await app.PageClientAsync("secretary1");
        foreach (var url in new[] { $"/Services/Rota?month={TestMonths.Ahead(3)}", "/Services/Skills", "/Services/Close", "/Services/Catalog", "/Services/Catalog/Edit", "/Services/Appointments" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
        var home = await client.GetStringAsync("/Services");
        Assert.Contains("href=\"/Services\"", home);
    }

    [Fact]
    public async Task A_yes_no_field_posted_with_junk_re_shows_the_catalog_form_with_the_message_and_saves_nothing()
    {
        var client = await app.PageClientAsync("secretary1");
        var page = await client.GetStringAsync("/Services/Catalog/Edit");
        var posted = await client.PostAsync("/Services/Catalog/Edit", Form(page, ("Input.Code", "junk-yes-no"), ("Input.Name", "杂值测试事项"),
            ("Input.CanDoOnline", "<b>x</b>-1"), ("Input.IsPublic", "true")));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var body = await posted.Content.ReadAsStringAsync();
        Assert.Contains("不是有效的值", body);
        Assert.DoesNotContain("<b>x</b>", body);
        Assert.Contains("杂值测试事项", body); // what was typed is still in the form
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.ServiceItems().AnyAsync(i => i.Code == "junk-yes-no"));
    }

    [Fact]
    public async Task A_street_member_picks_the_community_whose_rota_and_skills_to_look_at()
    {
        List<(int Id, string Name)> communities;
        await using (var scope = app.SystemScope(out var db))
            communities = (await db.Areas.Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.Community).OrderBy(a => a.Code)
                .Select(a => new { a.Id, a.Name }).ToListAsync()).Select(a => (a.Id, a.Name)).ToList();
        Assert.True(communities.Count >= 2);
        var street = await app.PageClientAsync("street1");
        foreach (var page in new[] { "/Services/Skills", "/Services/Rota" })
        {
            // Before, the street's account (several communities) got an error page here with nothing to choose from.
            var first = await street.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var html = await first.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"community-picker\"", html);
            Assert.Contains($"<h1>{(page.EndsWith("Rota") ? "轮岗排班" : "技能矩阵")} · {communities[0].Name}", html);
            var second = await street.GetStringAsync($"{page}?community={communities[1].Id}&month=2027-02");
            Assert.Contains($" · {communities[1].Name}", second);
            Assert.Contains($"<option value=\"{communities[1].Id}\" selected=\"selected\">", second);
        }
        // Someone who works in one community has nothing to pick.
        var secretary = await app.PageClientAsync("secretary1");
        Assert.DoesNotContain("community-picker", await secretary.GetStringAsync("/Services/Skills"));
    }

    [Theory]
    [InlineData("street1", "/Services/Rota?month=2027-05", "/Services/Rota?handler=Generate&month=2027-05", "生成排班")]
    [InlineData("grid1", "/Services/Rota?month=2027-05", "/Services/Rota?handler=Generate&month=2027-05", "生成排班")]
    [InlineData("window1", "/Services/Skills", "/Services/Skills", "修改技能矩阵")]
    [InlineData("street1", "/Services/Close", "/Services/Close", "日结")]
    public async Task A_desk_page_refuses_a_change_the_callers_role_may_not_make(string user, string page, string post, string action)
    {
        // The desk pages need only the right to look; their forms post to the same use cases as the API, which now
        // check the right to change. Before, a street member or a grid worker could generate a community's rota here.
        var client = await app.PageClientAsync(user);
        var html = await client.GetStringAsync(page);
        var community = Regex.Match(html, "<option value=\"(\\d+)\" selected").Groups[1].Value;
        var target = community == "" ? post : $"{post}{(post.Contains('?') ? '&' : '?')}community={community}";
        var userId = Regex.Match(html, "<option value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var response = await client.PostAsync(target, Form(html, ("userId", userId), ("serviceItemId", (await app.ItemIdAsync("public-housing")).ToString()), ("level", "Qualified")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"您的角色不能{action}", await response.Content.ReadAsStringAsync());
        await using var scope = app.SystemScope(out var db);
        Assert.False(await db.RotaAssignments().AnyAsync(r => r.Day >= new DateOnly(2027, 5, 1) && r.Day < new DateOnly(2027, 6, 1)));
    }

    [Fact]
    public async Task The_close_button_is_offered_only_to_those_who_may_close()
    {
        const string button = "<button type=\"submit\" class=\"primary\">日结</button>";
        Assert.Contains(button, await (await app.PageClientAsync("secretary1")).GetStringAsync("/Services/Close"));
        Assert.DoesNotContain(button, await (await app.PageClientAsync("street1")).GetStringAsync("/Services/Close"));
    }
}
