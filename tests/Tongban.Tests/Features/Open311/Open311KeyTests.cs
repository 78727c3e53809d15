using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Open311;

/// <summary>Open311 接入密钥: an administrator issues a key (shown once, stored as a hash), a client submits with it, a stop takes effect at once.</summary>
public sealed class Open311KeyTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    private async Task<int> StreetIdAsync()
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Areas.Where(a => a.Level == Web.Features.Places.AreaLevel.Street).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
    }

    [Fact]
    public async Task An_issued_key_submits_until_it_is_stopped()
    {
        var admin = await factory.ApiClientAsync("admin");
        var street = await StreetIdAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/open311-clients", new { name = "区12345热线系统（测试）", areaId = street });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("apiKey").GetString()!;
        var id = body.GetProperty("id").GetInt32();
        Assert.True(key.Length >= 40);

        await using (var scope = factory.SystemScope(out var db))
        {
            var client = await db.Open311Clients.SingleAsync(c => c.Id == id);
            Assert.NotEqual(key, client.KeyHash);
            Assert.DoesNotContain(key, await db.AuditEntries.Select(a => a.After ?? "").ToListAsync() is var afters ? string.Join("", afters) : "");
        }
        var list = await admin.GetStringAsync("/api/v1/open311-clients");
        Assert.Contains("区12345热线系统（测试）", list);
        Assert.DoesNotContain(key, list);

        var http = Open311Fixture.Client(factory);
        var building = await Open311Fixture.BuildingIdAsync(factory);
        (string, string)[] fields = [("api_key", key), ("service_code", "noise"), ("address_id", building.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("description", "夜里十一点楼下烧烤店还在放音乐"), ("attribute[noise_source]", "business")];
        var posted = await http.PostAsync("/open311/v2/requests.json", Open311Fixture.Form(fields));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/open311-clients/{id}/deactivate", null)).StatusCode);
        var stopped = await http.PostAsync("/open311/v2/requests.json", Open311Fixture.Form([.. fields[..3], ("description", "又开始放音乐了，已经十二点"), fields[4]]));
        Assert.Equal(HttpStatusCode.Forbidden, stopped.StatusCode);
        var twice = await admin.PostAsync($"/api/v1/open311-clients/{id}/deactivate", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("已经停用", await twice.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_requests_get_chinese_reasons_and_only_administrators_manage_keys()
    {
        var admin = await factory.ApiClientAsync("admin");
        var bad = await admin.PostAsJsonAsync("/api/v1/open311-clients", new { name = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        Assert.Contains("接入单位", text);
        Assert.Contains("区或街道", text);

        await using (var scope = factory.SystemScope(out var db))
        {
            var community = await db.Areas.Where(a => a.Level == Web.Features.Places.AreaLevel.Community).Select(a => a.Id).FirstAsync();
            var tooLow = await admin.PostAsJsonAsync("/api/v1/open311-clients", new { name = "社区小程序", areaId = community });
            Assert.Contains("只能发放到区或街道一级", await tooLow.Content.ReadAsStringAsync());
        }
        var window = await factory.ApiClientAsync("window1");
        Assert.Equal(HttpStatusCode.Forbidden, (await window.GetAsync("/api/v1/open311-clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/open311-clients")).StatusCode);
    }

    [Fact]
    public async Task The_key_page_shows_a_new_key_once()
    {
        var client = await factory.PageClientAsync("admin");
        var html = await client.GetStringAsync("/Accounts/Open311");
        Assert.Contains("Open311 接入密钥", html);
        var form = new FormUrlEncodedContent([new("Name", "随手拍应用（测试）"), new("AreaId", (await StreetIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("__RequestVerificationToken", Forms.AntiforgeryToken(html))]);
        var issued = await client.PostAsync("/Accounts/Open311?handler=Issue", form);
        var page = await issued.Content.ReadAsStringAsync();
        Assert.Contains("此后不会再显示", page);
        Assert.DoesNotContain("此后不会再显示", await client.GetStringAsync("/Accounts/Open311"));
    }
}
