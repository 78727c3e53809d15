using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>诉求设置: the category tree, departments with their liaisons, and time limits, on pages for the district's admin.</summary>
public sealed class AppealSettingsPagesTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(page));
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    [Theory]
    [InlineData("/Appeals/Settings/Categories", "问题分类")]
    [InlineData("/Appeals/Settings/Departments", "职能部门")]
    [InlineData("/Appeals/Settings/TimeLimits", "办理时限")]
    public async Task Only_those_who_configure_open_the_settings(string page, string title)
    {
        var html = await (await app.PageClientAsync("admin")).GetStringAsync(page);
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains("aria-current=\"page\"", html);
        foreach (var user in new[] { "window1", "secretary1", "street1" })
        {
            var denied = await (await app.PageClientAsync(user)).GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        Assert.Contains("/Appeals/Settings/Categories", await (await app.PageClientAsync("admin")).GetStringAsync("/Appeals"));
        Assert.DoesNotContain("/Appeals/Settings/Categories", await (await app.PageClientAsync("window1")).GetStringAsync("/Appeals"));
    }

    [Fact]
    public async Task Categories_are_added_under_a_parent_and_a_used_one_is_refused_deletion()
    {
        var admin = await app.PageClientAsync("admin");
        const string page = "/Appeals/Settings/Categories";
        var bad = await PostFormAsync(admin, page, "Save", new() { ["Input.Name"] = "", ["Input.Code"] = "宠物", ["Input.DefaultUrgency"] = "General" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("请填写分类名称", html);
        Assert.Contains("分类代码须为小写英文字母开头", html);
        Assert.Contains("value=\"宠物\"", html); // the form keeps what was typed
        var letters = await PostFormAsync(admin, page, "Save", new() { ["Input.Name"] = "宠物扰民", ["Input.Code"] = "env.pets", ["Input.SortOrder"] = "第一", ["Input.DefaultUrgency"] = "General" });
        Assert.Equal(HttpStatusCode.OK, letters.StatusCode);
        Assert.Contains("“第一”不是有效的值", await letters.Content.ReadAsStringAsync());
        await using (var scope = app.SystemScope(out var db))
            Assert.False(await db.AppealCategories.AnyAsync(c => c.Code == "env.pets"));

        var env = await app.CategoryIdAsync("env");
        var saved = await PostFormAsync(admin, page, "Save", new()
        {
            ["Input.Name"] = "宠物粪便", ["Input.Code"] = "env.pet-waste", ["Input.ParentId"] = env.ToString(), ["Input.DefaultUrgency"] = "General",
            ["Input.IsPublic"] = "true", ["Input.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        html = await admin.GetStringAsync(page);
        Assert.Contains("已新增分类“宠物粪便”", html);
        Assert.Contains("└ 宠物粪便", html);
        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(env, await db.AppealCategories.Where(c => c.Code == "env.pet-waste").Select(c => c.ParentId).SingleAsync());

        await app.SubmitAsync(category: "noise", description: "楼下商铺音响声音很大");
        var noise = await app.CategoryIdAsync("noise");
        var refused = await PostFormAsync(admin, page, $"Delete&id={noise}", []);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        html = await admin.GetStringAsync(page);
        Assert.Contains("不能删除；如不再使用，请将其停用", html);
        await using (var scope = app.SystemScope(out var db))
            Assert.True(await db.AppealCategories.AnyAsync(c => c.Id == noise));
    }

    [Fact]
    public async Task A_department_is_added_and_its_liaison_changed_on_the_page_and_the_appeals_follow()
    {
        var admin = await app.PageClientAsync("admin");
        const string page = "/Appeals/Settings/Departments";
        var district = (await app.DistrictIdAsync()).ToString();
        var wrongRole = await PostFormAsync(admin, page, "Save", new() { ["Input.Name"] = "区应急管理局", ["Input.AreaId"] = district, ["Input.LiaisonUserName"] = "grid1", ["Input.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.OK, wrongRole.StatusCode);
        Assert.Contains("找不到该联络员账户", await wrongRole.Content.ReadAsStringAsync());

        var taken = await PostFormAsync(admin, page, "Save", new() { ["Input.Name"] = "区应急管理局", ["Input.AreaId"] = district, ["Input.LiaisonUserName"] = "dept1", ["Input.IsActive"] = "true" });
        Assert.Contains("该账户已是其他部门的联络员", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await (await app.As("admin")).PostAsJsonAsync("/api/v1/users",
            new { userName = "safety1", displayName = "区应急管理局联络员", roles = new[] { "department_liaison" }, areaId = int.Parse(district), password = TongbanFactory.DemoPassword })).StatusCode);
        Assert.Contains("safety1（区应急管理局联络员）", await admin.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, "Save",
            new() { ["Input.Name"] = "区应急管理局", ["Input.AreaId"] = district, ["Input.LiaisonUserName"] = "safety1", ["Input.IsActive"] = "true" })).StatusCode);
        int id;
        await using (var scope = app.SystemScope(out var db))
            id = await db.Departments.Where(d => d.Name == "区应急管理局").Select(d => d.Id).SingleAsync();
        var appeal = await app.SentToDepartmentAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("safety1")).GetAsync($"/api/v1/appeals/{appeal}")).StatusCode);

        // The liaison leaves the post: nobody is named yet, so the department's appeal waits for the next one.
        var edit = await admin.GetStringAsync($"{page}?edit={id}");
        Assert.Contains("value=\"区应急管理局\"", edit);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, "Save",
            new() { ["Input.Id"] = id.ToString(), ["Input.Name"] = "区应急管理局", ["Input.AreaId"] = district, ["Input.LiaisonUserName"] = "", ["Input.IsActive"] = "true" })).StatusCode);
        Assert.Contains("本部门承办过的诉求已交给下一位联络员（暂未指定）", await admin.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("safety1")).GetAsync($"/api/v1/appeals/{appeal}")).StatusCode);
        Assert.Equal(appeal, (await app.GetAsync("street1", appeal)).GetProperty("id").GetInt64());

        // A used department cannot be deleted, only deactivated.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, $"Delete&id={id}", [])).StatusCode);
        Assert.Contains("已承办过诉求，不能删除", await admin.GetStringAsync(page));
    }

    [Fact]
    public async Task Time_limits_take_hours_or_working_days_and_the_default_rule_stays()
    {
        var admin = await app.PageClientAsync("admin");
        const string page = "/Appeals/Settings/TimeLimits";
        var leak = (await app.CategoryIdAsync("leak")).ToString();
        var both = await PostFormAsync(admin, page, "Save", new()
        {
            ["Input.CategoryId"] = leak, ["Input.Urgency"] = "General", ["Input.DispatchHours"] = "12", ["Input.FeedbackHours"] = "48",
            ["Input.FeedbackWorkingDays"] = "3", ["Input.AcknowledgeHours"] = "2",
        });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Contains("反馈时限请填写小时数或工作日数中的一项", await both.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, "Save", new()
        {
            ["Input.CategoryId"] = leak, ["Input.Urgency"] = "General", ["Input.DispatchHours"] = "12", ["Input.FeedbackWorkingDays"] = "3",
            ["Input.AcknowledgeHours"] = "2",
        })).StatusCode);
        var html = await admin.GetStringAsync(page);
        Assert.Contains("已新增时限规则", html);
        Assert.Contains("3个工作日", html);
        var submitted = await app.GetAsync("window1", await app.SubmitAsync(category: "leak", description: "楼上卫生间漏水到我家天花板"));
        Assert.Equal(submitted.GetProperty("submittedAt").GetDateTimeOffset().AddHours(12), submitted.GetProperty("dispatchDueAt").GetDateTimeOffset());

        int defaultRule;
        await using (var scope = app.SystemScope(out var db))
            defaultRule = await db.TimeLimitRules.Where(r => r.CategoryId == null && r.Urgency == AppealUrgency.Urgent).Select(r => r.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, $"Delete&id={defaultRule}", [])).StatusCode);
        Assert.Contains("的默认规则不能删除", await admin.GetStringAsync(page));
    }
}
