using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Public;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>登记诉求: staff record what a resident raised at the window, with photos, and get the number and tracking code.</summary>
public sealed class AppealIntakePageTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static MultipartFormDataContent Form(string token, IDictionary<string, string> fields, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (name, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Photos", name);
        }
        return form;
    }

    [Fact]
    public async Task The_building_list_reads_in_number_order_within_each_compound()
    {
        // Two buildings entered after the others and out of order: the list must not follow the order of entry.
        var firstId = await app.BuildingOfAsync("window1");
        await using (var scope = app.SystemScope(out var db))
        {
            var first = await db.Buildings.AsNoTracking().SingleAsync(b => b.Id == firstId);
            if (!await db.Buildings.AnyAsync(b => b.CompoundId == first.CompoundId && b.Name == "40号楼"))
            {
                foreach (var name in new[] { "40号楼", "39号楼" })
                    db.Buildings.Add(new Tongban.Web.Features.Places.Building { Name = name, CompoundId = first.CompoundId, GridId = first.GridId, AreaPath = first.AreaPath, Floors = 6 });
                await db.SaveChangesAsync();
            }
        }
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals/New");
        Assert.Contains("39号楼", html);
        var groups = System.Text.RegularExpressions.Regex.Matches(html, "<optgroup label=\"([^\"]+)\">(.*?)</optgroup>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(groups);
        foreach (System.Text.RegularExpressions.Match g in groups)
        {
            var numbers = System.Text.RegularExpressions.Regex.Matches(g.Groups[2].Value, "<option value=\"[0-9]+\">[^<0-9]*?([0-9]+)号楼</option>")
                .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers); // 2号楼 before 10号楼, not after it or in the order the rows were entered
        }
    }

    [Fact]
    public async Task Window_staff_register_an_appeal_with_a_photo_and_read_out_the_tracking_code()
    {
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals/New");
        Assert.Contains("登记诉求", html);
        var key = System.Text.RegularExpressions.Regex.Match(html, "name=\"Form.IdempotencyKey\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var building = await app.BuildingOfAsync("window1");
        var fields = new Dictionary<string, string>
        {
            ["Form.Channel"] = nameof(AppealChannel.Window), ["Form.Kind"] = nameof(AppealKind.Help),
            ["Form.CategoryId"] = (await app.CategoryIdAsync("leak")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.BuildingId"] = building.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Address"] = "3单元502室",
            ["Form.Description"] = "卫生间天花板渗水，<script>alert(1)</script>楼上住户联系不上", ["Form.ReporterName"] = "孙阿姨",
            ["Form.ReporterPhone"] = "13912345678", ["Form.IdempotencyKey"] = key,
        };
        var token = Forms.AntiforgeryToken(html);
        var response = await client.PostAsync("/Appeals/New", Form(token, fields, ("渗水.png", PublicTestData.Png(20, 20))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/Appeals/[0-9]+$", location);

        var page = await client.GetStringAsync(location);
        Assert.Contains("已登记诉求 SQ", page);
        Assert.Contains("查询码", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page); // kept as written, shown escaped
        Assert.DoesNotContain("<script>alert(1)</script>", page);

        // The same form sent again (a double click, a refresh) files nothing new.
        var again = await client.PostAsync("/Appeals/New", Form(token, fields, ("渗水.png", PublicTestData.Png(20, 20))));
        Assert.Equal(location, again.Headers.Location!.ToString());
        await using var scope = app.SystemScope(out var db);
        var id = long.Parse(location["/Appeals/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        Assert.Equal(AppealChannel.Window, appeal.Channel);
        Assert.Equal("孙阿姨", appeal.ReporterName);
        Assert.Equal("139****5678", appeal.ReporterPhoneMasked);
        Assert.EndsWith("3单元502室", appeal.Address);
        Assert.Equal(1, await db.AppealAttachments.CountAsync(a => a.AppealId == id));
        Assert.Equal(1, await db.Appeals.CountAsync(a => a.IdempotencyKey == key));
    }

    [Fact]
    public async Task Bad_input_shows_the_form_again_with_chinese_reasons_and_files_nothing()
    {
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals/New");
        int before;
        await using (var scope = app.SystemScope(out var db)) before = await db.Appeals.CountAsync();
        var fields = new Dictionary<string, string>
        {
            ["Form.Channel"] = nameof(AppealChannel.Window), ["Form.Kind"] = nameof(AppealKind.Complaint),
            ["Form.CategoryId"] = "999999", ["Form.Description"] = new string('吵', 4001),
        };
        var response = await client.PostAsync("/Appeals/New", Form(Forms.AntiforgeryToken(html), fields, ("假照片.png", "这不是图片"u8.ToArray())));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("不是图片", page);

        fields["Form.Description"] = new string('吵', 4001);
        response = await client.PostAsync("/Appeals/New", Form(Forms.AntiforgeryToken(html), fields));
        page = await response.Content.ReadAsStringAsync();
        Assert.Contains("不能超过4000字", page);
        Assert.Contains("请选择问题分类", page);
        Assert.Contains("请选择问题所在楼栋", page);
        await using (var scope = app.SystemScope(out var db)) Assert.Equal(before, await db.Appeals.CountAsync());
    }

    [Fact]
    public async Task Control_characters_are_refused_by_field_on_the_staff_and_public_apis_and_line_breaks_are_kept()
    {
        var before = await PublicTestData.CountsAsync(app);
        var client = await app.As("window1");
        var category = await app.CategoryIdAsync("noise");
        var building = await app.BuildingOfAsync("grid1");
        var staff = await client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Complaint, categoryId = category, description = "楼上夜里装修\0电钻声很大", buildingId = building,
            channel = (int)AppealChannel.Window, reporterName = "王\u0007先生",
        });
        var problem = await staff.Content.ReadAsStringAsync();
        Assert.True(staff.StatusCode == HttpStatusCode.UnprocessableEntity, problem);
        var errors = System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("errors");
        Assert.Contains("控制字符（U+0000）", errors.GetProperty("description")[0].GetString());
        Assert.Contains("控制字符（U+0007）", errors.GetProperty("reporterName")[0].GetString());

        var b = await PublicTestData.BuildingAsync(app);
        var resident = await app.CreateClient().PostAsJsonAsync("/api/v1/public/appeals",
            new { placeCode = b.Code, categoryId = category, description = "楼上夜里装修\u001b电钻声很大" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resident.StatusCode);
        Assert.Equal(before, await PublicTestData.CountsAsync(app));

        // CR, LF and TAB are text.
        const string text = "楼上夜里装修\r\n时间：\t每晚十点后";
        var ok = await client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Complaint, categoryId = category, description = text, buildingId = building, channel = (int)AppealChannel.Window,
        });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var id = (await ok.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        await using var scope = app.SystemScope(out var db);
        Assert.Equal(text, await db.Appeals.Where(a => a.Id == id).Select(a => a.Description).SingleAsync());
    }

    [Fact]
    public async Task Grid_workers_cannot_open_the_intake_page()
    {
        var client = await app.PageClientAsync("grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Appeals/New")).StatusCode);
    }
}
