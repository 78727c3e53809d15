using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Public;

/// <summary>The phone pages: report by QR link, tracking, large text, page weight, and the staff poster page.</summary>
public sealed partial class PublicPagesTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Opens the report form for a category and posts it as the phone would (multipart, with the antiforgery token).</summary>
    private static async Task<HttpResponseMessage> PostReportAsync(HttpClient client, string formUrl, Dictionary<string, string> fields, (byte[] Bytes, string Name)? photo = null)
    {
        var html = await client.GetStringAsync(formUrl);
        var form = new MultipartFormDataContent
        {
            { new StringContent(Forms.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent(Hidden(html, "Input.CategoryId")), "Input.CategoryId" },
            { new StringContent(Hidden(html, "Input.IdempotencyKey")), "Input.IdempotencyKey" },
        };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        if (photo is { } p)
        {
            var file = new ByteArrayContent(p.Bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Photos", p.Name);
        }
        return await client.PostAsync(formUrl, form);
    }

    private static string Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        if (!match.Success) match = Regex.Match(html, $"value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"");
        Assert.True(match.Success, $"页面中没有 {name}");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task The_qr_link_opens_the_place_with_category_tiles_then_the_form()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var client = Browser();
        var first = await client.GetAsync($"/r/{b.Code}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"{b.CompoundName}{b.Name}", html);
        Assert.Contains($"href=\"/r/{b.Code}?c={ev}\"", html);
        Assert.Contains("tb-device=", first.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("tb-device", StringComparison.Ordinal)));

        var form = await client.GetStringAsync($"/r/{b.Code}?c={ev}");
        Assert.Contains("问题类型：<strong>电动车充电</strong>", form);
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        Assert.DoesNotContain("style=", form);
        Assert.Contains("name=\"Photos\"", form);
        Assert.Matches("name=\"Input.IdempotencyKey\" value=\"[0-9a-f]{32}\"", form);

        // A compound's poster asks which building, or the compound's public space.
        var compound = await client.GetStringAsync($"/r/{b.CompoundCode}?c={ev}");
        Assert.Contains("小区公共区域（不在某栋楼）", compound);
        Assert.Contains($"<option value=\"{b.Id}\">{b.Name}</option>", compound);
    }

    [Fact]
    public async Task Submitting_the_form_with_a_photo_redirects_to_the_tracking_page_with_the_code_and_the_text_escaped()
    {
        var b = await PublicTestData.BuildingAsync(factory, 11);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var client = Browser();
        const string text = "一楼有人飞线充电<script>alert(1)</script>";
        var response = await PostReportAsync(client, $"/r/{b.Code}?c={ev}",
            new() { ["Input.Kind"] = "Report", ["Input.Description"] = text, ["Input.IsAnonymous"] = "true" }, (PublicTestData.Png(), "现场.png"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var code = TrackCode().Match(location).Groups[1].Value;
        Assert.Equal($"/track/{code}?new=1", location);

        var page = await client.GetStringAsync(location);
        Assert.Contains("提交成功", page);
        Assert.Contains($"data-testid=\"tracking-code\">{code}<", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains($"/track/{code}/photos/", page);

        // The phone remembers its codes, so /track lists them without an account.
        var track = await client.GetStringAsync("/track");
        Assert.Contains($"href=\"/track/{code}\"", track);

        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.TrackingCode == code);
        Assert.Equal(text, appeal.Description);
        Assert.Equal(Tongban.Web.Features.Appeals.AppealKind.Report, appeal.Kind);
    }

    [Fact]
    public async Task A_double_tap_on_submit_files_one_appeal()
    {
        var b = await PublicTestData.BuildingAsync(factory, 12);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var client = Browser();
        var html = await client.GetStringAsync($"/r/{b.Code}?c={ev}");
        var before = await PublicTestData.CountsAsync(factory);
        async Task<HttpResponseMessage> Post() => await client.PostAsync($"/r/{b.Code}?c={ev}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
            ["Input.CategoryId"] = ev.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.IdempotencyKey"] = Hidden(html, "Input.IdempotencyKey"),
            ["Input.Description"] = "楼道电动车充电插座冒烟",
        }));
        var first = await Post();
        var second = await Post();
        Assert.EndsWith("?new=1", first.Headers.Location!.OriginalString);
        Assert.EndsWith("?replayed=1", second.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location.OriginalString.Split('?')[0], second.Headers.Location.OriginalString.Split('?')[0]);
        var page = await client.GetStringAsync(second.Headers.Location.OriginalString);
        Assert.Contains("之前已经收到，没有重复登记", page);
        Assert.Equal(before.Appeals + 1, (await PublicTestData.CountsAsync(factory)).Appeals);
    }

    [Fact]
    public async Task Bad_input_reshows_the_form_with_chinese_messages_and_writes_nothing()
    {
        var b = await PublicTestData.BuildingAsync(factory, 13);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var before = await PublicTestData.CountsAsync(factory);
        var client = Browser();

        var tooLong = await PostReportAsync(client, $"/r/{b.Code}?c={ev}", new() { ["Input.Description"] = new string('字', 4001) }, ("GIF89a not allowed"u8.ToArray(), "x.png"));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var html = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("问题描述不能超过4000字（当前4001字）", html);
        Assert.Contains("不是图片，只能上传JPG、PNG或WebP格式的照片", html);
        Assert.Contains("问题类型：<strong>电动车充电</strong>", html); // still on the same form
        Assert.Contains("刚才选的照片没有保留，请重新选择照片后再提交；文字已经保留。", html); // the photo is not kept, and the page says so
        Assert.Contains(new string('字', 4001), html);
        Assert.DoesNotContain("style=", html); // the content security policy forbids inline styles
        // A screen reader reaching a refused field hears that it was refused and why.
        var description = Regex.Match(html, "<textarea[^>]*name=\"Input.Description\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", description);
        Assert.Contains("aria-describedby=\"Input_Description-error\"", description);
        Assert.Matches("<span[^>]*id=\"Input_Description-error\"[^>]*>问题描述不能超过4000字", html);
        Assert.DoesNotContain("aria-invalid", Regex.Match(html, "<input[^>]*name=\"Input.Address\"[^>]*>").Value); // accepted fields are not marked
        var photos = Regex.Match(html, "<input[^>]*name=\"Photos\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", photos);
        Assert.Contains("aria-describedby=\"photo-problem Photos-error\"", photos);
        Assert.Matches("<span[^>]*id=\"Photos-error\"[^>]*>第1张照片", html);

        var noPlace = await PostReportAsync(client, $"/report?c={ev}", new() { ["Input.Description"] = "没有选择社区也没有地址" });
        var noPlaceHtml = await noPlace.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, noPlace.StatusCode);
        Assert.Contains("没有说明问题发生在哪里", noPlaceHtml);
        Assert.Contains("请选择社区", noPlaceHtml);
        Assert.DoesNotContain("照片没有保留", noPlaceHtml); // none was sent

        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
    }

    [Fact]
    public async Task An_unknown_qr_code_says_so_and_offers_the_community_form()
    {
        var response = await Browser().GetAsync("/r/B22");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("二维码无法识别（B22）", html);
        Assert.Contains("第一步：遇到了什么问题？", html);
    }

    [Fact]
    public async Task Me_too_from_the_page_gives_the_neighbour_a_code_that_follows_the_appeal()
    {
        var b = await PublicTestData.BuildingAsync(factory, 14);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        var client = Browser();
        var filed = await PostReportAsync(client, $"/r/{b.Code}?c={noise}", new() { ["Input.Description"] = "楼下商铺音响每天开到半夜" });
        var reporterCode = TrackCode().Match(filed.Headers.Location!.OriginalString).Groups[1].Value;

        var neighbour = Browser();
        var html = await neighbour.GetStringAsync($"/r/{b.Code}?c={noise}");
        Assert.Contains("附近已有邻居反映了同类问题", html);
        Assert.DoesNotContain(reporterCode, html);
        Assert.Contains("暂无人附议", html); // not "已有0人附议"
        Assert.DoesNotContain("0人附议", html);
        var appealId = Regex.Match(html, "name=\"appealId\" value=\"(\\d+)\"").Groups[1].Value;
        var join = await neighbour.PostAsync($"/r/{b.Code}?c={noise}&handler=MeToo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["appealId"] = appealId,
        }));
        Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        var page = await neighbour.GetStringAsync(join.Headers.Location!.OriginalString);
        Assert.Contains("已记录“我也遇到了”", page);
        Assert.Contains("另有1位居民反映了同一问题", page);
        Assert.DoesNotContain("楼下商铺音响每天开到半夜</p>", page); // the reporter's own text stays theirs
        var neighbourCode = TrackCode().Match(join.Headers.Location!.OriginalString).Groups[1].Value;

        // The same phone taps again (a double tap, or coming back a day later): the same code, not a second neighbour.
        var again = await neighbour.PostAsync($"/r/{b.Code}?c={noise}&handler=MeToo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(await neighbour.GetStringAsync($"/r/{b.Code}?c={noise}")), ["appealId"] = appealId,
        }));
        Assert.Equal($"/track/{neighbourCode}?again=1", again.Headers.Location!.OriginalString);
        page = await neighbour.GetStringAsync(again.Headers.Location!.OriginalString);
        Assert.Contains("不再重复计数", page);
        Assert.Contains("另有1位居民反映了同一问题", page);
        // The reporter pressing "me too" on their own appeal is not a supporter either.
        var own = await client.PostAsync($"/r/{b.Code}?c={noise}&handler=MeToo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(await client.GetStringAsync($"/r/{b.Code}?c={noise}")), ["appealId"] = appealId,
        }));
        Assert.Equal($"/track/{reporterCode}?again=1", own.Headers.Location!.OriginalString);

        // "本机反映过的问题" says what each code is about and where it stands, not the bare code: the reporter sees
        // their title, the neighbour the neighbours' title (the reporter's words stay theirs).
        var reporterList = await client.GetStringAsync("/track");
        Assert.Contains($"<a href=\"/track/{reporterCode}\"><strong>噪音扰民：楼下商铺音响每天开到半夜</strong></a>", reporterList);
        Assert.Contains($"已提交 · ", reporterList);
        Assert.Contains($"查询码 {reporterCode}", reporterList);
        var neighbourList = await neighbour.GetStringAsync("/track");
        Assert.Contains($"<a href=\"/track/{neighbourCode}\"><strong>噪音扰民</strong></a>", neighbourList);
        Assert.DoesNotContain("楼下商铺音响", neighbourList);
    }

    /// <summary>
    /// "我也遇到了" on a QR page posts back to that page (/r/{code}), not to /report: refused (the appeal was resolved
    /// meanwhile), the resident used to be shown the page without a place, to pick a community and type the address
    /// the poster had given. The page again keeps the building, the category and the report form.
    /// </summary>
    [Fact]
    public async Task Me_too_refused_on_a_qr_page_keeps_the_place()
    {
        var b = await PublicTestData.BuildingAsync(factory, 18);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        var filed = await PostReportAsync(Browser(), $"/r/{b.Code}?c={noise}", new() { ["Input.Description"] = "楼下健身房音乐声太大" });
        var code = TrackCode().Match(filed.Headers.Location!.OriginalString).Groups[1].Value;
        var neighbour = Browser();
        var html = await neighbour.GetStringAsync($"/r/{b.Code}?c={noise}");
        var action = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "action=\"([^\"]*handler=MeToo[^\"]*)\"").Groups[1].Value);
        Assert.StartsWith($"/r/{b.Code}?", action);
        Assert.Matches("handler=MeToo[^>]*>(?:(?!</form>).)*name=\"__RequestVerificationToken\"", Regex.Replace(html, "\\s+", " ")); // the tap carries its own token

        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        await PublicTestData.AdvanceAsync(factory, code, new("w", "赵敏", "滨河社区"), new(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);
        long appealId;
        await using (var scope = factory.SystemScope(out var db)) appealId = await db.Appeals.Where(a => a.TrackingCode == code).Select(a => a.Id).SingleAsync();
        Assert.Contains($"name=\"appealId\" value=\"{appealId}\"", html);
        var join = await neighbour.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["appealId"] = appealId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var page = await join.Content.ReadAsStringAsync();
        Assert.Contains("这条诉求当前为“已办结”，不能再附议", page); // not 已“已办结”
        Assert.Contains($"<h1 class=\"place-title\">{b.CompoundName}{b.Name}</h1>", page);
        Assert.Contains("第二步：说说具体情况", page);
        // The form is offered afresh, as on opening the page: the category's usual kind ticked and a key against a double send.
        Assert.Matches("name=\"Input.IdempotencyKey\" value=\"[0-9a-f]{32}\"", page);
        Assert.Matches("value=\"[A-Za-z]+\" checked=\"checked\"", page);
    }

    [Fact]
    public async Task Me_too_sent_after_the_phone_dropped_its_cookies_says_the_page_expired_and_leads_back_to_it()
    {
        var b = await PublicTestData.BuildingAsync(factory, 15);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        await PostReportAsync(Browser(), $"/r/{b.Code}?c={noise}", new() { ["Input.Description"] = "楼上深夜拖动家具" });
        var html = await Browser().GetStringAsync($"/r/{b.Code}?c={noise}");
        var appealId = Regex.Match(html, "name=\"appealId\" value=\"(\\d+)\"").Groups[1].Value;
        var before = await PublicTestData.CountsAsync(factory);

        // WeChat's browser was closed in between: the form's token no longer matches any cookie. Nobody is counted, and
        // the resident is told what happened and given the page back (without the handler), not 请求有误.
        var join = await Browser().PostAsync($"/r/{b.Code}?c={noise}&handler=MeToo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["appealId"] = appealId,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, join.StatusCode);
        var page = await join.Content.ReadAsStringAsync();
        Assert.Contains("页面已过期", page);
        Assert.DoesNotContain("请求有误", page);
        Assert.Contains($"href=\"/r/{b.Code}?c={noise}\"", page);
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
    }

    /// <summary>
    /// 匿名 ticked and a phone left as well: the phone used to be dropped without a word (and with it the progress texts
    /// the resident may have wanted). The form now asks which one was meant, and nothing is filed until it is clear.
    /// </summary>
    [Fact]
    public async Task Anonymous_with_a_name_or_phone_asks_which_was_meant_and_files_nothing()
    {
        var b = await PublicTestData.BuildingAsync(factory, 17);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        var before = await PublicTestData.CountsAsync(factory);
        var client = Browser();
        var both = await PostReportAsync(client, $"/r/{b.Code}?c={noise}", new()
        {
            ["Input.Description"] = "楼上每天夜里拖椅子", ["Input.ReporterPhone"] = "13812345678", ["Input.IsAnonymous"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        var html = await both.Content.ReadAsStringAsync();
        Assert.Contains("您勾选了匿名反映，又留了姓名或电话", html);
        Assert.Contains("value=\"13812345678\"", html); // what was typed is still there
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));

        // Anonymous with nothing else, or a phone without 匿名: filed as before.
        Assert.Equal(HttpStatusCode.Redirect, (await PostReportAsync(client, $"/r/{b.Code}?c={noise}", new()
        {
            ["Input.Description"] = "楼上每天夜里拖椅子，声音很响", ["Input.IsAnonymous"] = "true", ["Input.ReporterName"] = " ",
        })).StatusCode);
    }

    [Fact]
    public async Task A_resident_with_only_a_landline_can_leave_it_on_the_report_form()
    {
        var b = await PublicTestData.BuildingAsync(factory, 16);
        var noise = await PublicTestData.CategoryIdAsync(factory, "noise");
        var html = await Browser().GetStringAsync($"/r/{b.Code}?c={noise}");
        Assert.Contains("座机请加区号", html);
        Assert.DoesNotContain("maxlength=\"11\" autocomplete=\"tel\"", html);

        var filed = await PostReportAsync(Browser(), $"/r/{b.Code}?c={noise}", new()
        {
            ["Input.Description"] = "对面工地夜里十一点还在施工", ["Input.ReporterName"] = "孙大爷", ["Input.ReporterPhone"] = "0351-7654321",
        });
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var code = TrackCode().Match(filed.Headers.Location!.OriginalString).Groups[1].Value;
        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.AsNoTracking().SingleAsync(a => a.TrackingCode == code);
        Assert.Equal("0351-****4321", appeal.ReporterPhoneMasked);
        Assert.True(appeal.ReporterPhoneCallOnly); // called back, never texted
    }

    [Fact]
    public async Task Track_by_form_redirects_to_the_code_and_an_unknown_code_is_explained()
    {
        var client = Browser();
        var redirect = await client.GetAsync("/track?code=abcd-2345");
        Assert.Equal("/track/ABCD2345", redirect.Headers.Location?.OriginalString);
        // Typed on a Chinese keyboard in full-width mode, or pasted from a message that used it: the same code.
        var fullWidth = await client.GetAsync("/track?code=" + Uri.EscapeDataString("ａｂｃｄ－２３４５"));
        Assert.Equal("/track/ABCD2345", fullWidth.Headers.Location?.OriginalString);
        // 查询 with an empty box, or one holding no letter or digit: the page says what to enter instead of reloading in silence.
        foreach (var nothing in new[] { "", "%20", "%EF%BC%9F" })
        {
            var blank = await client.GetAsync($"/track?code={nothing}");
            Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
            Assert.Contains("请输入查询码", await blank.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain("请输入查询码", await client.GetStringAsync("/track"));
        var missing = await client.GetAsync("/track/ABCD2345");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("没有找到查询码为 ABCD2345 的诉求", missingHtml);
        // The refused box is marked for screen readers and points at its own message, as the report form's fields are.
        var box = Regex.Match(missingHtml, "<input[^>]*id=\"code\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", box);
        var describedBy = Regex.Match(box, "aria-describedby=\"([^\"]+)\"").Groups[1].Value;
        Assert.Matches($"<span[^>]*id=\"{describedBy}\"[^>]*>没有找到查询码为 ABCD2345 的诉求", missingHtml);
        // Said once, under the box, and announced as the summary was; not twice over on a one-box form.
        Assert.Single(Regex.Matches(missingHtml, "没有找到查询码为 ABCD2345 的诉求"));
        Assert.Matches($"<span[^>]*id=\"{describedBy}\"[^>]*role=\"alert\"|<span[^>]*role=\"alert\"[^>]*id=\"{describedBy}\"", missingHtml);
        Assert.Contains("name=\"code\"", box);
        Assert.Contains("value=\"ABCD2345\"", box);
        // An empty 查询 is marked the same way; the page as first opened is not.
        var blankBox = Regex.Match(await client.GetStringAsync("/track?code="), "<input[^>]*id=\"code\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", blankBox);
        Assert.DoesNotContain("aria-invalid", Regex.Match(await client.GetStringAsync("/track"), "<input[^>]*id=\"code\"[^>]*>").Value);
    }

    [Fact]
    public async Task The_resident_rates_on_the_tracking_page_after_resolution()
    {
        var b = await PublicTestData.BuildingAsync(factory, 15);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var client = Browser();
        var filed = await PostReportAsync(client, $"/r/{b.Code}?c={ev}", new() { ["Input.Description"] = "车棚没有充电桩大家只能飞线" });
        var code = TrackCode().Match(filed.Headers.Location!.OriginalString).Groups[1].Value;
        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        await PublicTestData.AdvanceAsync(factory, code, new("w", "赵敏", "滨河社区"), new(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);

        var html = await client.GetStringAsync($"/track/{code}");
        Assert.Contains("请您评价", html);
        Assert.DoesNotContain("李芳", html);
        Assert.DoesNotContain("赵敏", html);
        var empty = await client.PostAsync($"/track/{code}?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
        }));
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("请选择问题是否已经解决", emptyHtml);
        Assert.Contains("请选择您对办理结果是否满意", emptyHtml);
        // A screen reader reaching a refused choice hears that it was refused and why, as on the report form.
        foreach (Match radio in Regex.Matches(emptyHtml, "<input[^>]*type=\"radio\"[^>]*>"))
        {
            var field = Regex.Match(radio.Value, "name=\"(\\w+)\"").Groups[1].Value;
            Assert.Contains("aria-invalid=\"true\"", radio.Value);
            Assert.Contains($"aria-describedby=\"{field}-error\"", radio.Value);
        }
        Assert.Equal(4, Regex.Matches(emptyHtml, "<input[^>]*type=\"radio\"[^>]*aria-invalid").Count);
        Assert.Matches("<span[^>]*id=\"Resolved-error\"[^>]*>请选择问题是否已经解决", emptyHtml);
        Assert.Matches("<span[^>]*id=\"Satisfied-error\"[^>]*>请选择您对办理结果是否满意", emptyHtml);
        Assert.DoesNotContain("aria-invalid", Regex.Match(emptyHtml, "<textarea[^>]*name=\"Note\"[^>]*>").Value); // accepted fields are not marked
        // Half answered: what was chosen is still chosen, and only the missing choice is marked.
        var half = await (await client.PostAsync($"/track/{code}?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["Resolved"] = "false", ["Note"] = "还在飞线",
        }))).Content.ReadAsStringAsync();
        string Radio(string page, string name, string value) => Regex.Matches(page, "<input[^>]*type=\"radio\"[^>]*>").Select(m => m.Value)
            .Single(tag => tag.Contains($"name=\"{name}\"", StringComparison.Ordinal) && tag.Contains($"value=\"{value}\"", StringComparison.Ordinal));
        Assert.Contains("checked", Radio(half, "Resolved", "false"));
        Assert.DoesNotContain("checked", Radio(half, "Resolved", "true"));
        Assert.DoesNotContain("aria-invalid", Radio(half, "Resolved", "false"));
        Assert.Contains("aria-invalid=\"true\"", Radio(half, "Satisfied", "true"));
        Assert.Matches("<textarea[^>]*name=\"Note\"[^>]*>\\s*还在飞线</textarea>", half);

        // Sent days later from a phone that dropped its cookies (WeChat's browser closed): the rating still counts. The
        // tracking code is what lets one rate, here as in the JSON API, so the form's safety token adds nothing.
        var rated = await Browser().PostAsync($"/track/{code}?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html), ["Resolved"] = "true", ["Satisfied"] = "false", ["Note"] = "充电桩太少",
        }));
        Assert.Equal($"/track/{code}?rated=1", rated.Headers.Location?.OriginalString);
        var after = await client.GetStringAsync(rated.Headers.Location!.OriginalString);
        Assert.Contains("感谢您的评价", after);
        Assert.Contains("问题已解决，不满意：充电桩太少", after);
        Assert.DoesNotContain("请您评价", after);

        // Not satisfied: reopening is offered until a date the resident can see, not only "15 days after the rating".
        DateTimeOffset ratedAt;
        await using (var scope = factory.SystemScope(out var db))
            ratedAt = (await db.Appeals.AsNoTracking().SingleAsync(a => a.TrackingCode == code)).FollowedUpAt!.Value;
        Assert.Contains($"请在 {Tongban.Web.Infrastructure.ShanghaiTime.Show(ratedAt.AddDays(15))} 前申请", after);

        // Reopening with no reason: the reason box is marked refused and points at its message.
        var noReason = await (await client.PostAsync($"/track/{code}?handler=Reopen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(after), ["Reason"] = "",
        }))).Content.ReadAsStringAsync();
        var reason = Regex.Match(noReason, "<textarea[^>]*name=\"Reason\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", reason);
        Assert.Contains("aria-describedby=\"Reason-error\"", reason);
        Assert.Contains("id=\"Reason\"", reason); // its label still names it
        Assert.Matches("<span[^>]*id=\"Reason-error\"[^>]*>请说明哪里还没有解决", noReason);
    }

    [Fact]
    public async Task Large_text_mode_is_a_cookie_switch_on_the_public_pages()
    {
        var client = Browser();
        var html = await client.GetStringAsync("/track");
        Assert.Contains("<body class=\"public \">", html);
        var toggle = new HttpRequestMessage(HttpMethod.Post, "/Shell/LargeText");
        toggle.Headers.Referrer = new Uri("http://localhost/track");
        var response = await client.SendAsync(toggle);
        Assert.Equal("/track", response.Headers.Location?.OriginalString);
        html = await client.GetStringAsync("/track");
        Assert.Contains("<body class=\"public large-text\">", html);
        Assert.Contains("标准字号", html);
    }

    [Fact]
    public async Task Every_resident_page_weighs_under_150_kb_before_photos()
    {
        var b = await PublicTestData.BuildingAsync(factory, 16);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var client = Browser();
        var filed = await PostReportAsync(client, $"/r/{b.Code}?c={ev}", new() { ["Input.Description"] = "车棚没有充电桩大家只能飞线" }, (PublicTestData.Png(), "车棚.png"));
        var code = TrackCode().Match(filed.Headers.Location!.OriginalString).Groups[1].Value;
        var resolved = await PostReportAsync(client, $"/r/{b.Code}?c={ev}", new() { ["Input.Description"] = "楼道里有人私拉电线给电瓶充电" });
        var resolvedCode = TrackCode().Match(resolved.Headers.Location!.OriginalString).Groups[1].Value;
        var grid = await PublicTestData.UserIdAsync(factory, "grid1");
        await PublicTestData.AdvanceAsync(factory, resolvedCode, new("w", "赵敏", "滨河社区"), new(grid, "李芳", "滨河社区第一网格"), grid, resolve: true);
        var rating = await client.GetStringAsync($"/track/{resolvedCode}");
        Assert.Contains("请您评价", rating);
        var withPhoto = await client.GetStringAsync($"/track/{code}");

        // Every page a resident opens: the QR link before and after a category is chosen (building and compound), the
        // page without a poster, tracking (empty, just submitted, with the rating form), and the published results.
        string[] pages = [$"/r/{b.Code}", $"/r/{b.Code}?c={ev}", $"/r/{b.CompoundCode}?c={ev}", "/report", $"/report?c={ev}", "/track", $"/track/{code}?new=1",
            $"/track/{resolvedCode}", "/results", "/results?period=year"];
        var loaded = new HashSet<string>();
        foreach (var url in pages)
        {
            var html = await client.GetByteArrayAsync(url);
            var assets = Assets(System.Text.Encoding.UTF8.GetString(html)).Where(a => !a.Contains("/photos/", StringComparison.Ordinal)).ToList();
            long pageTotal = html.Length;
            var sizes = new List<string>();
            // What the page's style sheets load in turn (fonts, pictures) counts too.
            for (var i = 0; i < assets.Count; i++)
            {
                using var asset = await client.GetAsync(assets[i]);
                var bytes = await asset.Content.ReadAsByteArrayAsync();
                // Versioned files are kept by the phone, not fetched again on the next page.
                if (assets[i].Contains("?v=", StringComparison.Ordinal))
                    Assert.True(asset.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 }, $"{assets[i]}: Cache-Control {asset.Headers.CacheControl}");
                pageTotal += bytes.Length;
                sizes.Add($"{assets[i]} {bytes.Length}");
                loaded.Add(assets[i].Split('?')[0]);
                if (assets[i].Split('?')[0].EndsWith(".css", StringComparison.Ordinal))
                    foreach (Match m in CssUrl().Matches(System.Text.Encoding.UTF8.GetString(bytes)))
                        if (!m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal))
                            assets.Add(new Uri(new Uri("http://localhost" + assets[i]), m.Groups[1].Value).PathAndQuery);
            }
            Assert.True(pageTotal < 150 * 1024, $"{url} 共 {pageTotal} 字节（{string.Join(", ", sizes)}），超过150KB");
        }
        Assert.Contains("/css/public.css", loaded);
        Assert.Contains("/js/public.js", loaded);
        Assert.Contains("/favicon.svg", loaded);
        Assert.DoesNotContain(loaded, a => a.Contains("htmx", StringComparison.Ordinal)); // the resident pages need no framework
        Assert.Contains("/photos/", withPhoto); // the photo itself is the resident's own, outside the budget
    }

    private static List<string> Assets(string html) =>
        Regex.Matches(html, "<(?:link[^>]+href|script[^>]+src|img[^>]+src)=\"([^\"]+)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();

    [GeneratedRegex("""url\(\s*['"]?([^'")]+)['"]?\s*\)""")]
    private static partial Regex CssUrl();

    [Fact]
    public async Task A_report_heavier_than_every_photo_allowed_comes_back_to_the_form_with_the_limits_and_writes_nothing()
    {
        var b = await PublicTestData.BuildingAsync(factory, 17);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var before = await PublicTestData.CountsAsync(factory);
        var client = Browser();
        // Without the page's script (which stops it on the phone) a 26 MB post reached the antiforgery check, whose
        // reading of the form failed on the server's size limit: the resident got the error page.
        var response = await PostReportAsync(client, $"/r/{b.Code}?c={ev}", new() { ["Input.Description"] = "一次选了三张很大的照片" },
            (PublicTestData.Png(padding: 26 * 1024 * 1024), "大照片.png"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/r/{b.Code}?c={ev}&toolarge=1", response.Headers.Location?.OriginalString);
        var html = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("超过了上限：照片最多3张，每张不超过8MB", html);
        Assert.Contains("这次填写的内容没能收到，请重新填写", html);
        Assert.Contains("问题类型：<strong>电动车充电</strong>", html);
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));
    }

    [Fact]
    public async Task Staff_print_a4_posters_with_qr_codes_for_a_compound_and_each_building_in_their_area()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var client = await factory.PageClientAsync("window1");
        var list = await client.GetStringAsync("/Public/Posters");
        Assert.Contains($"/Public/Posters?compoundId={b.CompoundId}", list);

        var html = await client.GetStringAsync($"/Public/Posters?compoundId={b.CompoundId}");
        int buildings;
        await using (var scope = factory.SystemScope(out var db)) buildings = await db.Buildings.CountAsync(x => x.CompoundId == b.CompoundId);
        Assert.Equal(buildings + 1, Regex.Matches(html, "<article class=\"poster\"").Count);
        Assert.Equal(buildings + 1, Regex.Matches(html, "<svg ").Count);
        // The place code is kept whole when the link wraps on a phone.
        Assert.Contains($"http://localhost/r/<span class=\"poster-code\">{b.CompoundCode}</span></strong>", html);
        Assert.Contains($"http://localhost/r/<span class=\"poster-code\">{b.Code}</span></strong>", html);
        Assert.Contains("/css/posters.css", html);
        Assert.DoesNotContain("style=", html); // the content security policy forbids inline styles
        var css = await client.GetStringAsync("/css/posters.css");
        Assert.Contains("size: A4", css);

        var single = await client.GetStringAsync($"/Public/Posters?buildingId={b.Id}");
        Assert.Single(Regex.Matches(single, "<article class=\"poster\""));

        // Another street's building is outside window1's community.
        int outside;
        await using (var scope = factory.SystemScope(out var db))
            outside = await db.Buildings.Where(x => !x.AreaPath.StartsWith(b.AreaPath.Substring(0, 39))).Select(x => x.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Public/Posters?buildingId={outside}")).StatusCode);
        var anonymous = await Browser().GetAsync("/Public/Posters");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [GeneratedRegex("/track/([A-Z0-9]{8})")]
    private static partial Regex TrackCode();
}
