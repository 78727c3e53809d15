using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>Categories, departments, time-limit rules and reply templates through the API.</summary>
public sealed class AppealConfigurationApiTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Categories_are_configurable_but_a_used_one_can_only_be_deactivated()
    {
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/appeals/categories", new { code = "env.pets", name = "宠物扰民", parentId = await app.CategoryIdAsync("env"), defaultUrgency = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var category = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = category.GetProperty("id").GetInt32();

        var duplicate = await admin.PostAsJsonAsync("/api/v1/appeals/categories", new { code = "env.pets", name = "重复" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var chinese = await admin.PostAsJsonAsync("/api/v1/appeals/categories", new { code = "宠物", name = "宠物" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, chinese.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals/categories", new { code = "x", name = "x" })).StatusCode);

        await app.SubmitAsync(category: "env.pets", description: "邻居家的狗每天夜里叫个不停");
        var refused = await admin.DeleteAsync($"/api/v1/appeals/categories/{id}");
        var detail = await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("停用", detail);
        var deactivated = await admin.PutAsJsonAsync($"/api/v1/appeals/categories/{id}", new { code = "env.pets", name = "宠物扰民", parentId = await app.CategoryIdAsync("env"), isActive = false });
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.False((await deactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Reply_templates_per_category_and_state_are_filled_in_for_an_appeal()
    {
        var window = await app.As("window1");
        var noise = await app.CategoryIdAsync("noise");
        var specific = await window.PostAsJsonAsync("/api/v1/appeals/reply-templates", new
        {
            categoryId = noise, state = (int)AppealState.InProgress, title = "噪音已协调", text = "您反映的{地址}噪音问题（{编号}）已由{承办单位}协调处理。",
        });
        Assert.Equal(HttpStatusCode.Created, specific.StatusCode);
        var general = await window.PostAsJsonAsync("/api/v1/appeals/reply-templates", new { title = "通用受理答复", text = "您的诉求已受理，查询码{查询码}。" });
        Assert.Equal(HttpStatusCode.Created, general.StatusCode);
        var other = await window.PostAsJsonAsync("/api/v1/appeals/reply-templates", new { categoryId = await app.CategoryIdAsync("leak"), title = "漏水", text = "漏水已处理" });
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await window.PostAsJsonAsync("/api/v1/appeals/reply-templates", new { title = "", text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("grid1")).PostAsJsonAsync("/api/v1/appeals/reply-templates", new { title = "x", text = "y" })).StatusCode);

        var id = await app.InStateAsync(AppealState.InProgress);
        var view = await app.GetAsync("window1", id);
        var templates = (await window.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{id}/reply-templates")).EnumerateArray().ToList();
        // The most specific first: this category and state (the installation's own 噪音已协调 and the one added here).
        Assert.Equal(noise, templates[0].GetProperty("categoryId").GetInt32());
        var added = templates.Last(t => t.GetProperty("title").GetString() == "噪音已协调");
        Assert.Equal(noise, added.GetProperty("categoryId").GetInt32());
        Assert.Contains(view.GetProperty("number").GetString()!, added.GetProperty("text").GetString());
        Assert.Contains(view.GetProperty("currentAssignee").GetString()!, added.GetProperty("text").GetString());
        Assert.Contains(templates, t => t.GetProperty("title").GetString() == "通用受理答复");
        Assert.DoesNotContain(templates, t => t.GetProperty("title").GetString() == "漏水");
    }

    [Fact]
    public async Task A_new_installation_offers_reply_templates_for_common_categories_and_states()
    {
        var id = await app.InStateAsync(AppealState.InProgress); // a noise complaint
        var templates = (await (await app.As("window1")).GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{id}/reply-templates")).EnumerateArray().ToList();
        var noise = templates.First(t => t.GetProperty("title").GetString() == "噪音已协调");
        Assert.DoesNotContain("{", noise.GetProperty("text").GetString());
        Assert.Contains(templates, t => t.GetProperty("title").GetString() == "已办结（通用）");
        Assert.DoesNotContain(templates, t => t.GetProperty("title").GetString() == "漏水已维修");
        var html = await (await app.PageClientAsync("grid1")).GetStringAsync($"/Appeals/{id}");
        Assert.Contains("选择模板填入", html);
    }

    [Fact]
    public async Task Time_limit_rules_take_hours_or_working_days_not_both()
    {
        var admin = await app.As("admin");
        var rules = await admin.GetFromJsonAsync<JsonElement>("/api/v1/appeals/time-limit-rules");
        Assert.True(rules.GetArrayLength() >= 4);
        var both = await admin.PostAsJsonAsync("/api/v1/appeals/time-limit-rules", new { categoryId = await app.CategoryIdAsync("leak"), urgency = 3, dispatchHours = 12, feedbackHours = 48, feedbackWorkingDays = 3 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        var ok = await admin.PostAsJsonAsync("/api/v1/appeals/time-limit-rules", new { categoryId = await app.CategoryIdAsync("leak"), urgency = 3, dispatchHours = 12, feedbackWorkingDays = 3, acknowledgeHours = 2 });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var again = await admin.PostAsJsonAsync("/api/v1/appeals/time-limit-rules", new { categoryId = await app.CategoryIdAsync("leak"), urgency = 3, dispatchHours = 6, feedbackWorkingDays = 2 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var leak = await app.SubmitAsync(category: "leak", description: "楼上卫生间漏水到我家天花板");
        var view = await app.GetAsync("window1", leak);
        var submitted = view.GetProperty("submittedAt").GetDateTimeOffset();
        Assert.Equal(submitted.AddHours(12), view.GetProperty("dispatchDueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Departments_need_an_area_and_a_liaison_with_the_liaison_role()
    {
        var admin = await app.As("admin");
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.NotNull(me.GetProperty("areaPath").GetString());
        var district = await app.DistrictIdAsync();
        var wrongRole = await admin.PostAsJsonAsync("/api/v1/appeals/departments", new { name = "区城管局", areaId = district, liaisonUserName = "grid1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongRole.StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/appeals/departments", new { name = "区城管局", areaId = district, contact = "0351-1234567" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await (await app.As("street1")).GetFromJsonAsync<JsonElement>("/api/v1/appeals/departments");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("name").GetString() == "区城管局");
    }
}
