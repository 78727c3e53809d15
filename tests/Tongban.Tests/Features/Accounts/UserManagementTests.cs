using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

public sealed class UserManagementTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    private async Task<HttpClient> AdminAsync(string name = "admin")
    {
        await factory.SeedAsync();
        return await factory.ApiClientAsync(name);
    }

    private static object NewUser(string userName, int areaId, params string[] roles) =>
        new { userName, displayName = "新同事", roles, areaId, password = "Welcome2026" };

    [Fact]
    public async Task Admin_lists_users_with_roles_scope_area_name_and_security_status()
    {
        var admin = await AdminAsync();
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?q=grid1");
        var grid1 = page.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "grid1");
        Assert.Equal(["grid_worker"], grid1.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("网格员", grid1.GetProperty("roleTitles")[0].GetString());
        Assert.Equal(AccountsData.Grid1Name, grid1.GetProperty("areaName").GetString());
        Assert.False(grid1.GetProperty("twoFactorEnabled").GetBoolean());
        Assert.False(grid1.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task A_community_level_admin_sees_only_accounts_inside_their_community()
    {
        var admin2 = await AdminAsync("admin2");
        var page = await admin2.GetFromJsonAsync<JsonElement>("/api/v1/users");
        var names = page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()).ToList();
        Assert.Contains("grid1", names);
        Assert.Contains("window1", names);
        Assert.DoesNotContain("street1", names);
        Assert.DoesNotContain("dept1", names);
        Assert.DoesNotContain("admin", names);
        Assert.DoesNotContain("locked1", names); // another community
    }

    [Fact]
    public async Task Created_account_gets_201_and_can_sign_in_with_its_roles()
    {
        var data = await factory.SeedAsync();
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", NewUser("newgrid", data.Grid2.Id, "grid_worker", "volunteer"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.Equal("青石社区第二网格", created.GetProperty("areaName").GetString());
        Assert.Equal($"/api/v1/users/{created.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);

        var client = await factory.ApiClientAsync("newgrid", "Welcome2026");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(data.Grid2.AreaPath, me.GetProperty("areaPath").GetString());
        Assert.Equal(["grid_worker", "volunteer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order());
    }

    [Fact]
    public async Task Missing_and_bad_fields_are_422_with_chinese_messages_per_field()
    {
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "张三", displayName = "", roles = new[] { "boss" }, password = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("拼音", errors.GetProperty("userName")[0].GetString());
        Assert.Equal("请输入姓名", errors.GetProperty("displayName")[0].GetString());
        Assert.Contains("没有“boss”这个角色", errors.GetProperty("roles")[0].GetString());
        Assert.Equal("请选择管辖区域", errors.GetProperty("areaId")[0].GetString());
        Assert.Contains("密码至少需要8位。", errors.GetProperty("password").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_taken_user_name_is_409()
    {
        var data = await factory.SeedAsync();
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", NewUser("WINDOW1", data.Community1.Id, "window_staff"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("已被使用", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Granting_a_scope_outside_ones_own_is_403_and_recorded()
    {
        var data = await factory.SeedAsync();
        var admin2 = await AdminAsync("admin2");
        var response = await admin2.PostAsJsonAsync("/api/v1/users", NewUser("faraway", data.Community3.Id, "window_staff"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        await using var scope = factory.SystemScope(out var db);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "faraway"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.UserName == "admin2" && a.EntityType == "Area"
            && a.EntityId == data.Community3.Id.ToString()));
    }

    [Fact]
    public async Task Editing_an_account_outside_ones_scope_is_403()
    {
        var data = await factory.SeedAsync();
        var admin2 = await AdminAsync("admin2");
        var response = await admin2.PutAsJsonAsync($"/api/v1/users/{data.UserIds["street1"]}",
            NewUser("street1", data.Community1.Id, "centre"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin2.GetAsync("/api/v1/users/no-such-id")).StatusCode);
    }

    [Fact]
    public async Task Update_changes_name_roles_scope_and_resets_the_password()
    {
        var data = await factory.SeedAsync();
        var admin = await AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", NewUser("mover", data.Community1.Id, "window_staff"))).JsonAsync();
        var id = created.GetProperty("id").GetString();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{id}",
            new { userName = "mover2", displayName = "调动后", roles = new[] { "mediator" }, areaId = data.Community3.Id, password = "NewSecret2026" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.JsonAsync();
        Assert.Equal("北门社区", updated.GetProperty("areaName").GetString());
        Assert.Equal(["mediator"], updated.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiLoginAsync("mover2", "Welcome2026")).StatusCode);
        var client = await factory.ApiClientAsync("mover2", "NewSecret2026");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(data.Community3.AreaPath, me.GetProperty("areaPath").GetString());
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role()
    {
        var data = await factory.SeedAsync();
        var admin = await AdminAsync();
        var response = await admin.PutAsJsonAsync($"/api/v1/users/{data.UserIds["admin"]}",
            new { userName = "admin", displayName = "管理员", roles = new[] { "window_staff" }, areaId = data.District.Id });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能移除自己的系统管理员角色", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Account_changes_are_audited_with_before_and_after_but_no_secrets()
    {
        var data = await factory.SeedAsync();
        var admin = await AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", NewUser("audited", data.Community1.Id, "window_staff"))).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        await admin.PutAsJsonAsync($"/api/v1/users/{id}",
            new { userName = "audited", displayName = "改名了", roles = new[] { "window_staff" }, areaId = data.Community1.Id, password = "Another2026" });

        await using var scope = factory.SystemScope(out var db);
        var hash = await db.Users.Where(u => u.Id == id).Select(u => new { u.PasswordHash, u.SecurityStamp }).SingleAsync();
        var entries = await db.AuditEntries.Where(a => a.EntityType == "StaffUser" && a.EntityId == id).OrderBy(a => a.Id).ToListAsync();
        var create = entries.First(e => e.Action == "create");
        Assert.Equal("admin", create.UserName);
        Assert.Equal(data.Community1.AreaPath, create.AreaPath);
        Assert.Contains("\"PasswordHash\":\"(已加密)\"", create.After);
        Assert.Contains("\"SecurityStamp\":\"(已加密)\"", create.After);
        var rename = entries.Single(e => e.Action == "update" && e.Before!.Contains("新同事"));
        Assert.Contains("改名了", rename.After);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "IdentityUserRole`1" && a.Action == "create" && a.After!.Contains(id)));
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(hash.PasswordHash!, (entry.Before ?? "") + entry.After);
            Assert.DoesNotContain(hash.SecurityStamp!, (entry.Before ?? "") + entry.After);
        }
    }

    [Fact]
    public async Task Users_api_needs_the_accounts_permission()
    {
        await factory.SeedAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/users")).StatusCode);
        var grid1 = await factory.ApiClientAsync("grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.PostAsJsonAsync("/api/v1/users", new { userName = "x" })).StatusCode);
    }

    [Fact]
    public async Task User_pages_are_403_for_a_grid_worker()
    {
        await factory.SeedAsync();
        var grid1 = await factory.PageClientAsync("grid1");
        foreach (var path in new[] { "/Accounts/Users", "/Accounts/Users/Edit" })
        {
            var response = await grid1.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("没有权限", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_user_list_page_shows_roles_scope_and_status()
    {
        await factory.SeedAsync();
        var admin = await factory.PageClientAsync("admin");
        var html = await admin.GetStringAsync("/Accounts/Users?q=grid1");
        Assert.Contains("grid1", html);
        Assert.Contains("网格员", html);
        Assert.Contains(AccountsData.Grid1Name, html);
        Assert.Contains("未开启", html);
    }

    [Fact]
    public async Task The_edit_page_creates_an_account_and_reshows_errors_in_chinese()
    {
        var data = await factory.SeedAsync();
        var admin = await factory.PageClientAsync("admin");

        var bad = await PageForms.PostAsync(admin, "/Accounts/Users/Edit", [new("UserName", ""), new("DisplayName", "")]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("请输入用户名", badHtml);
        Assert.Contains("请至少选择一个角色", badHtml);
        Assert.Contains("请设置初始密码", badHtml);

        var edit = await admin.GetStringAsync("/Accounts/Users/Edit");
        Assert.Contains("北门社区第一网格", edit); // the district admin may choose any area
        var good = await PageForms.PostAsync(admin, "/Accounts/Users/Edit",
        [
            new("UserName", "pagemade"), new("DisplayName", "页面新建"), new("Roles", "window_staff"), new("Roles", "volunteer"),
            new("AreaId", data.Community2.Id.ToString()), new("Password", "PageMade2026"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/Accounts/Users", good.Headers.Location?.OriginalString);
        var list = await admin.GetStringAsync("/Accounts/Users?q=pagemade");
        Assert.Contains("已新建账户“pagemade”", list);
        Assert.Contains("柳岸社区", list);
    }

    [Fact]
    public async Task A_community_admin_is_offered_only_areas_inside_their_scope()
    {
        await factory.SeedAsync();
        var admin2 = await factory.PageClientAsync("admin2");
        var html = await admin2.GetStringAsync("/Accounts/Users/Edit");
        Assert.Contains("青石社区第二网格", html);
        Assert.DoesNotContain("北门社区", html);
        Assert.DoesNotContain("东城街道", html);
    }
}
