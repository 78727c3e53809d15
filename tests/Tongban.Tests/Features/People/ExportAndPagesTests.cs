using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.People;

public sealed class ExportAndPagesTests(PeopleFactory factory) : IClassFixture<PeopleFactory>, IAsyncLifetime
{
    private PeopleWorld _world = null!;

    public async Task InitializeAsync() => _world = await PeopleWorld.EnsureAsync(factory);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Export_is_masked_unless_full_is_asked_and_permitted_and_always_logged()
    {
        var centre = await factory.ApiClientAsync("p_centre");
        var masked = await centre.GetAsync("/api/v1/residents/export?q=zxm");
        Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
        var rows = TestWorkbook.ReadRows(await masked.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal("张晓明", rows[1][0]);
        Assert.Equal(Tongban.Web.Infrastructure.ChinaIdentity.MaskIdNumber(PeopleWorld.ZhangId), rows[1][3]);
        Assert.Equal("138****8000", rows[1][4]);
        Assert.DoesNotContain("残疾人", rows[1][7], StringComparison.Ordinal);

        var refused = await centre.GetAsync("/api/v1/residents/export?full=true");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("查看敏感信息", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var secretary = await factory.ApiClientAsync("p_sec");
        var full = await secretary.GetAsync("/api/v1/residents/export?full=true&tag=party_member");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var fullRows = TestWorkbook.ReadRows(await full.Content.ReadAsByteArrayAsync());
        Assert.Equal(PeopleWorld.ZhangId, fullRows[1][3]);
        Assert.Equal(PeopleWorld.ZhangPhone, fullRows[1][4]);
        Assert.Equal(PeopleWorld.ZhangHealth, fullRows[1][8]);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ApiClientAsync("p_grid1")).GetAsync("/api/v1/residents/export")).StatusCode);

        await using var scope = factory.SystemScope(out var db);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export" && a.UserName == "p_centre" && a.Detail!.Contains("关键词=zxm") && a.Detail.Contains("共1人")));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export-sensitive" && a.UserName == "p_sec" && a.Detail!.Contains("标签=party_member")));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "export-sensitive" && a.UserName == "p_centre"));
    }

    [Fact]
    public async Task The_people_page_searches_with_masked_results()
    {
        var client = await factory.PageClientAsync("p_window");
        var html = await client.GetStringAsync("/People?q=zxm");
        Assert.Contains("张晓明", html, StringComparison.Ordinal);
        Assert.Contains("138****8000", html, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangId, html, StringComparison.Ordinal);
        Assert.Contains("data-label=\"身份证号\"", html, StringComparison.Ordinal);

        var request = new HttpRequestMessage(HttpMethod.Get, "/People?q=李华");
        request.Headers.Add("HX-Request", "true");
        var partial = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"results\"", partial.Trim(), StringComparison.Ordinal);
        Assert.Contains("李华", partial, StringComparison.Ordinal);

        var grid2 = await factory.PageClientAsync("p_grid2");
        Assert.DoesNotContain("张晓明", await grid2.GetStringAsync("/People?q=晓明"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid2.GetAsync($"/People/Resident/{_world.ZhangResidentId}")).StatusCode);
    }

    [Fact]
    public async Task The_reveal_button_shows_full_values_and_logs_the_view()
    {
        var client = await factory.PageClientAsync("p_window");
        var page = await client.GetStringAsync($"/People/Resident/{_world.ZhangResidentId}");
        Assert.Contains("查看完整信息", page, StringComparison.Ordinal);
        Assert.DoesNotContain(PeopleWorld.ZhangId, page, StringComparison.Ordinal);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/People/Resident/{_world.ZhangResidentId}?handler=Reveal");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("X-CSRF-TOKEN", Forms.AntiforgeryToken(page));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = await response.Content.ReadAsStringAsync();
        Assert.Contains(PeopleWorld.ZhangId, partial, StringComparison.Ordinal);
        Assert.Contains(PeopleWorld.ZhangHealth, partial, StringComparison.Ordinal);

        await using var scope = factory.SystemScope(out var db);
        var id = Invariant(_world.ZhangResidentId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "view-sensitive" && a.EntityId == id && a.UserName == "p_window" && a.Detail!.Contains("网页")));

        var grid = await factory.PageClientAsync("p_grid1");
        var gridPage = await grid.GetStringAsync($"/People/Resident/{_world.ZhangResidentId}");
        Assert.DoesNotContain("查看完整信息", gridPage, StringComparison.Ordinal);
        var denied = new HttpRequestMessage(HttpMethod.Post, $"/People/Resident/{_world.ZhangResidentId}?handler=Reveal");
        denied.Headers.Add("X-CSRF-TOKEN", Forms.AntiforgeryToken(await grid.GetStringAsync("/People/Edit")));
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.SendAsync(denied)).StatusCode);
    }

    [Fact]
    public async Task The_edit_form_shows_errors_beside_fields_and_saves()
    {
        var client = await factory.PageClientAsync("p_grid1");
        var form = await client.GetStringAsync("/People/Edit");
        Assert.Contains("晨光小区 3号楼", form, StringComparison.Ordinal);
        Assert.DoesNotContain("东湖小区", form, StringComparison.Ordinal);
        var token = Forms.AntiforgeryToken(form);
        var bad = await client.PostAsync("/People/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "韩梅",
            ["IdNumber"] = "110105194912310021",
            ["Phone"] = "",
            ["BuildingId"] = Invariant(_world.Building3Id),
            ["Unit"] = "1单元",
            ["Room"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("身份证号校验位不正确", html, StringComparison.Ordinal);
        Assert.Contains("请填写房号", html, StringComparison.Ordinal);
        Assert.Contains("value=\"韩梅\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("110105194912310021", html, StringComparison.Ordinal);

        var good = await client.PostAsync("/People/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "韩梅",
            ["IdNumber"] = PeopleWorld.IdNumber("11010119920909002"),
            ["BuildingId"] = Invariant(_world.Building3Id),
            ["Unit"] = "1单元",
            ["Room"] = "101",
            ["RelationshipToHead"] = "户主",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var detail = await client.GetStringAsync(good.Headers.Location!.ToString());
        Assert.Contains("韩梅", detail, StringComparison.Ordinal);
        Assert.Contains("晨光小区 3号楼 1单元 101", detail, StringComparison.Ordinal);
    }
}
