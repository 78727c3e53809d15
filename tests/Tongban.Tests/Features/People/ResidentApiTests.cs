using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.People;

public sealed class ResidentApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>, IAsyncLifetime
{
    private PeopleWorld _world = null!;

    public async Task InitializeAsync() => _world = await PeopleWorld.EnsureAsync(factory);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sensitive_values_are_encrypted_at_rest()
    {
        await using var scope = factory.SystemScope(out var db);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT * FROM "Residents" """;
        var everything = new System.Text.StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++) everything.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
            }
        }
        var raw = everything.ToString();
        Assert.Contains("张晓明", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangId, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangPhone, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangHealth, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("肢体", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_reveal_needs_the_permission_and_is_logged_first()
    {
        var grid = await factory.ApiClientAsync("p_grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync($"/api/v1/residents/{_world.ZhangResidentId}/sensitive")).StatusCode);

        var window = await factory.ApiClientAsync("p_window");
        var values = await window.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{_world.ZhangResidentId}/sensitive");
        Assert.Equal(PeopleWorld.ZhangId, values.GetProperty("idNumber").GetString());
        Assert.Equal(PeopleWorld.ZhangPhone, values.GetProperty("phone").GetString());
        Assert.Equal(PeopleWorld.ZhangHealth, values.GetProperty("health").GetString());

        await using var scope = factory.SystemScope(out var db);
        var id = Invariant(_world.ZhangResidentId);
        var entry = await db.AuditEntries.Where(a => a.Action == "view-sensitive" && a.EntityId == id).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("p_window", entry.UserName);
        Assert.Equal(PeopleWorld.Grid1, entry.AreaPath);

        // Outside the area: 403 and logged, nothing revealed.
        var outside = await window.GetAsync($"/api/v1/residents/{_world.WangResidentId}/sensitive");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var wang = Invariant(_world.WangResidentId);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "view-sensitive" && a.EntityId == wang));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.EntityId == wang && a.UserName == "p_window"));
    }

    [Fact]
    public async Task Registering_checks_every_field_in_chinese()
    {
        var client = await factory.ApiClientAsync("p_grid1");
        var response = await client.PostAsJsonAsync("/api/v1/residents", new
        {
            name = "",
            idNumber = "110105194912310021",
            phone = "12345",
            relationshipToHead = "=cmd",
            buildingId = (int?)null,
            unit = "",
            room = "<b>1</b>",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("请填写姓名", errors.GetProperty("name")[0].GetString());
        Assert.Equal("身份证号校验位不正确，请核对后重新输入", errors.GetProperty("idNumber")[0].GetString());
        Assert.Equal("手机号应为以1开头的11位数字", errors.GetProperty("phone")[0].GetString());
        Assert.Contains("公式", errors.GetProperty("relationshipToHead")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("请选择居住的楼栋", errors.GetProperty("buildingId")[0].GetString());
        Assert.Equal("请填写单元", errors.GetProperty("unit")[0].GetString());
        Assert.Contains("HTML", errors.GetProperty("room")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_creates_the_dwelling_and_household_and_a_second_head_is_refused()
    {
        var client = await factory.ApiClientAsync("p_grid1");
        var id = PeopleWorld.IdNumber("11010120010203004");
        var response = await client.PostAsJsonAsync("/api/v1/residents", new { name = "赵新", idNumber = id, phone = "13700001111", relationshipToHead = "户主", buildingId = _world.Building3Id, unit = "2单元", room = "1502" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("晨光小区 3号楼 2单元 1502", created.GetProperty("address").GetString());
        Assert.True(created.GetProperty("household")[0].GetProperty("isHead").GetBoolean());
        var residentId = created.GetProperty("id").GetInt32();

        var spouse = await client.PostAsJsonAsync("/api/v1/residents", new { name = "钱芳", idNumber = PeopleWorld.IdNumber("11010120020304002"), relationshipToHead = "配偶", buildingId = _world.Building3Id, unit = "2单元", room = "1502" });
        Assert.Equal(HttpStatusCode.Created, spouse.StatusCode);
        Assert.Equal(2, (await spouse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("household").GetArrayLength());

        var secondHead = await client.PostAsJsonAsync("/api/v1/residents", new { name = "孙强", idNumber = PeopleWorld.IdNumber("11010120030405003"), relationshipToHead = "户主", buildingId = _world.Building3Id, unit = "2单元", room = "1502" });
        Assert.Equal(HttpStatusCode.Conflict, secondHead.StatusCode);
        Assert.Contains("该户已有户主：赵*", await secondHead.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = factory.SystemScope(out var db);
        var dwelling = await db.Dwellings.SingleAsync(d => d.Number == "1502");
        Assert.Equal(15, dwelling.Floor);
        Assert.Equal(PeopleWorld.Grid1, dwelling.AreaPath);
        Assert.False(await db.Residents.AnyAsync(r => r.Name == "孙强"));
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Resident" && a.EntityId == Invariant(residentId) && a.Action == "create").SingleAsync();
        Assert.DoesNotContain(id, audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_id_numbers_are_409_with_a_masked_hint()
    {
        var client = await factory.ApiClientAsync("p_window");
        var response = await client.PostAsJsonAsync("/api/v1/residents", new { name = "张三", idNumber = PeopleWorld.ZhangId, buildingId = _world.Building5Id, unit = "1单元", room = "201" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("该身份证号已登记为居民：张**（3号楼）。请勿重复登记，可在居民详情中修改。", detail);

        var outside = await client.PostAsJsonAsync("/api/v1/residents", new { name = "王五", idNumber = PeopleWorld.WangId, buildingId = _world.Building5Id, unit = "1单元", room = "201" });
        Assert.Equal(HttpStatusCode.Conflict, outside.StatusCode);
        Assert.DoesNotContain("王", (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_building_outside_the_area_is_403_and_logged_and_nothing_is_written()
    {
        var client = await factory.ApiClientAsync("p_grid1");
        var response = await client.PostAsJsonAsync("/api/v1/residents", new { name = "周越", idNumber = PeopleWorld.IdNumber("11010119990101005"), buildingId = _world.EastBuildingId, unit = "9单元", room = "909" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = factory.SystemScope(out var db);
        Assert.False(await db.Residents.AnyAsync(r => r.Name == "周越"));
        Assert.False(await db.BuildingUnits.AnyAsync(u => u.Name == "9单元"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.EntityType == "Building" && a.UserName == "p_grid1"));
    }

    [Fact]
    public async Task Updating_without_the_id_number_keeps_it_and_moves_the_resident()
    {
        var admin = await factory.ApiClientAsync("p_admin");
        var id = PeopleWorld.IdNumber("11010119800808006");
        var created = await (await admin.PostAsJsonAsync("/api/v1/residents", new { name = "吴敏", idNumber = id, phone = "13600001234", buildingId = _world.Building5Id, unit = "1单元", room = "201" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var residentId = created.GetProperty("id").GetInt32();

        var grid = await factory.ApiClientAsync("p_grid2");
        var updated = await grid.PutAsJsonAsync($"/api/v1/residents/{residentId}", new { name = "吴敏敏", buildingId = _world.Building5Id, unit = "1单元", room = "202", relationshipToHead = "户主" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("吴敏敏", body.GetProperty("name").GetString());
        Assert.Equal("136****1234", body.GetProperty("phoneMasked").GetString());
        Assert.Equal("晨光小区 5号楼 1单元 202", body.GetProperty("address").GetString());

        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/residents?q={id}");
        Assert.Equal("吴敏敏", found.GetProperty("items")[0].GetProperty("name").GetString());
        var byAddress = await admin.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=wmm 202");
        Assert.Equal(residentId, byAddress.GetProperty("items")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Tags_list_create_and_set()
    {
        var grid = await factory.ApiClientAsync("p_grid1");
        var tags = await grid.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        var codes = tags.EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        foreach (var code in new[] { "elderly_alone", "disabled", "child", "new_employment", "party_member", "low_income", "veteran", "elderly" })
            Assert.Contains(code, codes);

        var refused = await grid.PostAsJsonAsync("/api/v1/tags", new { name = "外卖骑手" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var secretary = await factory.ApiClientAsync("p_sec");
        var created = await secretary.PostAsJsonAsync("/api/v1/tags", new { name = "外卖骑手" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tag = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(tag.GetProperty("isBuiltIn").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync("/api/v1/tags", new { name = "外卖骑手" })).StatusCode);

        var set = await grid.PutAsJsonAsync($"/api/v1/residents/{_world.ZhangResidentId}/tags", new { tagCodes = new[] { "party_member", tag.GetProperty("code").GetString() } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var names = (await set.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["党员", "外卖骑手"], names);

        // The grid worker cannot see the disability tag, and setting tags did not remove it.
        await using var scope = factory.SystemScope(out var db);
        Assert.True(await db.ResidentTags.AnyAsync(t => t.ResidentId == _world.ZhangResidentId && t.Tag!.Code == "disabled"));
        var sensitive = await grid.PutAsJsonAsync($"/api/v1/residents/{_world.ZhangResidentId}/tags", new { tagCodes = new[] { "child" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sensitive.StatusCode);
    }

    [Fact]
    public async Task Households_are_listed_with_members_and_created_with_a_head()
    {
        var admin = await factory.ApiClientAsync("p_admin");
        var a = (await (await admin.PostAsJsonAsync("/api/v1/residents", new { name = "郑一", idNumber = PeopleWorld.IdNumber("11010119750505007"), buildingId = _world.Building5Id, unit = "1单元", room = "601" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var b = (await (await admin.PostAsJsonAsync("/api/v1/residents", new { name = "郑二", idNumber = PeopleWorld.IdNumber("11010120050505008"), buildingId = _world.Building5Id, unit = "1单元", room = "601" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var response = await admin.PostAsJsonAsync("/api/v1/households", new
        {
            buildingId = _world.Building5Id, unit = "1单元", room = "602",
            members = new[] { new { residentId = a, relationshipToHead = "户主" }, new { residentId = b, relationshipToHead = "子女" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var household = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a, household.GetProperty("headResidentId").GetInt32());
        Assert.Equal("晨光小区 5号楼 1单元 602", household.GetProperty("address").GetString());
        Assert.Equal(2, household.GetProperty("members").GetArrayLength());

        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/households?dwellingId={household.GetProperty("dwellingId").GetInt32()}");
        Assert.Equal("子女", list.GetProperty("items")[0].GetProperty("members").EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == b).GetProperty("relationshipToHead").GetString());
        var moved = await admin.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=郑二");
        Assert.Equal("晨光小区 5号楼 1单元 602", moved.GetProperty("items")[0].GetProperty("address").GetString());

        var grid = await factory.ApiClientAsync("p_grid1");
        var outside = await grid.PostAsJsonAsync("/api/v1/households", new { dwellingId = household.GetProperty("dwellingId").GetInt32(), members = new[] { new { residentId = _world.ZhangResidentId, relationshipToHead = "户主" } } });
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }
}
