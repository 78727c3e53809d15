using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.People;

public sealed class ResidentSearchTests(PeopleFactory factory) : IClassFixture<PeopleFactory>, IAsyncLifetime
{
    private PeopleWorld _world = null!;

    public async Task InitializeAsync() => _world = await PeopleWorld.EnsureAsync(factory);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> NamesAsync(string user, string query)
    {
        var client = await factory.ApiClientAsync(user);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
    }

    [Theory]
    [InlineData("q=晓明")]
    [InlineData("q=张晓明")]
    [InlineData("q=zxm")]
    [InlineData("q=ZX")]
    [InlineData("q=3号楼")]
    [InlineData("q=晨光 301")]
    [InlineData("q=138****8000")]
    [InlineData("q=13800138000")]
    [InlineData("q=138 0013 8000")]
    [InlineData("q=尾号8000")]
    public async Task Finds_a_resident_by_name_initials_address_and_phone(string query)
    {
        Assert.Equal(["张晓明"], await NamesAsync("p_admin", query));
    }

    [Fact]
    public async Task Finds_by_full_id_number_and_id_tail()
    {
        var id = PeopleWorld.ZhangId;
        Assert.Equal(["张晓明"], await NamesAsync("p_admin", $"q={id}"));
        Assert.Contains("张晓明", await NamesAsync("p_admin", $"q=尾号{id[^4..]}"));
        Assert.Contains("张晓明", await NamesAsync("p_admin", $"q={id[^4..]}"));
        Assert.Contains("张晓明", await NamesAsync("p_admin", $"q={id[..6]}********{id[^4..]}"));
    }

    [Fact]
    public async Task Results_are_masked()
    {
        var client = await factory.ApiClientAsync("p_admin");
        var body = await client.GetStringAsync("/api/v1/residents?q=zxm");
        Assert.DoesNotContain(PeopleWorld.ZhangId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangPhone, body, StringComparison.Ordinal);
        Assert.Contains("138****8000", body, StringComparison.Ordinal);
        Assert.Contains("晨光小区 3号楼 1单元 301", body, StringComparison.Ordinal);
        Assert.Contains("党员", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_tags_are_hidden_without_the_sensitive_permission()
    {
        var grid = await factory.ApiClientAsync("p_grid1");
        var body = await grid.GetStringAsync("/api/v1/residents?q=zxm");
        Assert.Contains("党员", body, StringComparison.Ordinal);
        Assert.DoesNotContain("残疾人", body, StringComparison.Ordinal);
        var filtered = await grid.GetAsync("/api/v1/residents?tag=disabled");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, filtered.StatusCode);
        Assert.Contains("敏感", await filtered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await factory.ApiClientAsync("p_admin");
        Assert.Contains("残疾人", await admin.GetStringAsync("/api/v1/residents?q=zxm"), StringComparison.Ordinal);
        Assert.Equal(["张晓明"], await NamesAsync("p_admin", "tag=disabled"));
    }

    [Fact]
    public async Task Filters_by_tag_area_and_building()
    {
        Assert.Equal(["张晓明"], await NamesAsync("p_admin", "tag=party_member"));
        Assert.Equal(["张晓明", "李华"], await NamesAsync("p_admin", $"areaId={_world.Community1Id}"));
        Assert.Equal(["李华"], await NamesAsync("p_admin", $"areaId={_world.Grid2Id}"));
        Assert.Equal(["李华"], await NamesAsync("p_admin", $"buildingId={_world.Building5Id}"));
        Assert.Empty(await NamesAsync("p_admin", $"q=张&buildingId={_world.Building5Id}"));
        var unknown = await (await factory.ApiClientAsync("p_admin")).GetAsync("/api/v1/residents?tag=no_such_tag");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    [Fact]
    public async Task A_grid_worker_sees_only_their_grid_by_search_and_by_id()
    {
        Assert.Empty(await NamesAsync("p_grid2", "q=晓明"));
        Assert.Empty(await NamesAsync("p_grid2", $"q={PeopleWorld.ZhangId}"));
        Assert.Empty(await NamesAsync("p_grid2", "q=13800138000"));
        Assert.Equal(["李华"], await NamesAsync("p_grid2", ""));
        Assert.Equal(["张晓明"], await NamesAsync("p_grid1", ""));
        Assert.Equal(["张晓明", "李华"], await NamesAsync("p_window", ""));

        var grid2 = await factory.ApiClientAsync("p_grid2");
        var response = await grid2.GetAsync($"/api/v1/residents/{_world.ZhangResidentId}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("管辖范围", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync("/api/v1/residents/999999")).StatusCode);

        var areaOutside = await grid2.GetAsync($"/api/v1/residents?areaId={_world.Grid1Id}");
        Assert.Equal(HttpStatusCode.Forbidden, areaOutside.StatusCode);

        await using var scope = factory.SystemScope(out var db);
        var id = _world.ZhangResidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.EntityType == "Resident" && a.EntityId == id && a.UserName == "p_grid2"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.EntityType == "Area" && a.UserName == "p_grid2"));
    }

    [Fact]
    public async Task Details_include_household_and_masked_values()
    {
        var client = await factory.ApiClientAsync("p_grid1");
        var r = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{_world.ZhangResidentId}");
        Assert.Equal("张晓明", r.GetProperty("name").GetString());
        Assert.Equal("男", r.GetProperty("gender").GetString());
        Assert.Equal(1990, r.GetProperty("birthYear").GetInt32());
        Assert.Equal("138****8000", r.GetProperty("phoneMasked").GetString());
        Assert.True(r.GetProperty("hasHealthRecord").GetBoolean());
        var member = Assert.Single(r.GetProperty("household").EnumerateArray());
        Assert.True(member.GetProperty("isHead").GetBoolean());
    }

    [Fact]
    public async Task Page_size_is_capped_at_100()
    {
        var client = await factory.ApiClientAsync("p_admin");
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/residents?pageSize=5000");
        Assert.Equal(100, page.GetProperty("pageSize").GetInt32());
    }
}
