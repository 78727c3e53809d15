using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>The catalog: demo content, versioning, drafts, withdrawal, and the public guide pages and API.</summary>
public sealed class CatalogTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    private static object Content(string name, int days = 10, bool publish = true, string material = "申请人居民身份证") => new
    {
        name, group = "社会救助", duty = "Assist", decidedAt = "Street", decidingUnit = "街道办事处", timeLimitWorkingDays = days,
        summary = "测试用事项", eligibility = "本社区居民", steps = "窗口受理\n街道审核", fees = "不收费", legalBasis = "《社会救助暂行办法》",
        canDoOnline = false, canDoAtHome = true, toleranceMaxMissing = 1, toleranceDays = 5,
        materials = new object[] { new { name = material, form = "Original", count = 1 }, new { name = "银行卡复印件", form = "Copy", count = 1, isMinor = true } },
        isPublic = true, publish,
    };

    [Fact]
    public async Task Demo_catalog_has_about_thirty_sample_items_each_with_a_published_checklist()
    {
        await using var scope = app.SystemScope(out var db);
        var items = await db.ServiceItems().Where(i => i.IsSample).Include(i => i.CurrentVersion!).ThenInclude(v => v.Materials).ToListAsync();
        Assert.InRange(items.Count, 28, 34);
        Assert.All(items, i =>
        {
            Assert.NotNull(i.CurrentVersion);
            Assert.NotEmpty(i.CurrentVersion!.Materials);
        });
        Assert.Contains(items, i => i.CurrentVersion!.Name == "重度残疾人护理补贴");
        Assert.Contains(items, i => i.CurrentVersion!.Duty == ServiceDuty.Own);
        Assert.Contains(items, i => i.CurrentVersion!.Duty == ServiceDuty.Assist);
    }

    [Fact]
    public async Task Editing_makes_a_new_version_and_an_open_application_keeps_its_own()
    {
        var admin = await app.As("secretary1");
        var created = await admin.PostAsJsonAsync("/api/v1/services/items", new { code = "test-versioning", content = Content("测试救助事项") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32();
        await using (var scope = app.SystemScope(out var db))
        {
            var userId = await db.Users.Where(u => u.UserName == "window1").Select(u => u.Id).SingleAsync();
            db.StaffSkills().Add(new StaffSkill { UserId = userId, ServiceItemId = itemId, Level = SkillLevel.Qualified, Progress = 100 });
            await db.SaveChangesAsync();
        }
        var (applicationId, _) = await app.StartAsync("window1", "test-versioning");

        var revised = await admin.PostAsJsonAsync($"/api/v1/services/items/{itemId}/versions", new { baseVersion = 1, content = Content("测试救助事项", 15, material: "户口簿") });
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var result = await revised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("versionNumber").GetInt32());
        Assert.Equal(1, result.GetProperty("openApplicationsOnOlderVersions").GetInt32());

        var window = await app.As("window1");
        var application = await window.GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{applicationId}");
        Assert.Equal(1, application.GetProperty("versionNumber").GetInt32());
        Assert.Equal(2, application.GetProperty("currentVersionNumber").GetInt32());
        Assert.Contains(application.GetProperty("materials").EnumerateArray(), m => m.GetProperty("name").GetString()!.StartsWith("申请人居民身份证"));

        var guide = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/public/guide/test-versioning");
        Assert.Equal(2, guide.GetProperty("versionNumber").GetInt32());
        Assert.Equal("户口簿", guide.GetProperty("materials")[0].GetProperty("name").GetString());
        var old = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/services/items/{itemId}?version=1");
        Assert.Equal("申请人居民身份证", old.GetProperty("materials")[0].GetProperty("name").GetString());

        // An edit based on the old version is refused: two editors never overwrite each other.
        var stale = await admin.PostAsJsonAsync($"/api/v1/services/items/{itemId}/versions", new { baseVersion = 1, content = Content("测试救助事项（改）") });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改为第2版", await stale.Content.ReadAsStringAsync());

        // Withdrawing while the application is open is refused; nothing changes.
        var withdraw = await admin.PostAsync($"/api/v1/services/items/{itemId}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, withdraw.StatusCode);
        Assert.Contains("还有1件办件未办结", await withdraw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_item_without_a_published_checklist_cannot_be_received_or_shown()
    {
        var admin = await app.As("secretary1");
        var created = await admin.PostAsJsonAsync("/api/v1/services/items", new { code = "test-draft", content = Content("草稿事项", publish: false) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32();

        var window = await app.As("window1");
        var start = await window.PostAsJsonAsync("/api/v1/services/applications", new { serviceItemId = itemId, applicantName = "李四" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, start.StatusCode);
        Assert.Contains("尚未发布一次性告知清单", await start.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/guide/test-draft")).StatusCode);
    }

    [Fact]
    public async Task Bad_catalog_input_gets_field_errors_in_chinese()
    {
        var admin = await app.As("secretary1");
        var response = await admin.PostAsJsonAsync("/api/v1/services/items", new
        {
            code = "Bad Code", content = new { name = "", group = "", duty = "Own", decidedAt = "Department", decidingUnit = "", timeLimitWorkingDays = 0, materials = Array.Empty<object>() },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("小写字母", errors.GetProperty("code")[0].GetString());
        Assert.Contains("至少列一项材料", errors.GetProperty("materials")[0].GetString());
        Assert.Contains("不能即来即办", errors.GetProperty("timeLimitWorkingDays")[0].GetString());
    }

    [Fact]
    public async Task Window_staff_cannot_edit_the_catalog()
    {
        var window = await app.As("window1");
        var response = await window.PostAsJsonAsync("/api/v1/services/items", new { code = "x-forbidden", content = Content("不许") });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Public_guide_is_searchable_in_chinese_and_by_pinyin_initials_without_login()
    {
        var client = app.CreateClient();
        var byWord = await client.GetFromJsonAsync<JsonElement>("/api/v1/public/guide?q=" + Uri.EscapeDataString("残疾"));
        Assert.Contains(byWord.EnumerateArray(), i => i.GetProperty("name").GetString() == "重度残疾人护理补贴");
        Assert.DoesNotContain(byWord.EnumerateArray(), i => i.GetProperty("name").GetString() == "高龄津贴");
        var byInitials = await client.GetFromJsonAsync<JsonElement>("/api/v1/public/guide?q=gljt");
        Assert.Contains(byInitials.EnumerateArray(), i => i.GetProperty("name").GetString() == "高龄津贴");

        var pageResponse = await client.GetAsync("/guide?q=" + Uri.EscapeDataString("低保"));
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.True(pageResponse.IsSuccessStatusCode, page);
        Assert.Contains("最低生活保障申请", page);
        Assert.DoesNotContain("志愿者注册", page);
        var item = await client.GetStringAsync("/guide/disability-nursing-subsidy");
        Assert.Contains("第二代残疾人证", item);
        Assert.Contains("20个工作日", item);
        Assert.Contains("区民政局", item);
        Assert.Contains("示例", item);
    }

    [Fact]
    public async Task Printable_sheet_carries_a_qr_code_back_to_the_online_page()
    {
        var html = await app.CreateClient().GetStringAsync("/guide/senior-allowance/print");
        Assert.Contains("一次性告知单", html);
        Assert.Contains("<svg", html);
        Assert.Contains("/guide/senior-allowance", html);
        Assert.Contains("data-print", html);
    }
}
