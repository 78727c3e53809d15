using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Places;

public sealed class PlacesPagesTests(PlacesFactory factory) : IClassFixture<PlacesFactory>
{
    [Fact]
    public async Task Pages_render_for_an_admin_with_chinese_headings()
    {
        var client = await factory.PageClientAsync(PlacesFactory.Admin);
        var pages = new (string Url, string Text)[]
        {
            ("/Places", "<h1>区划网格</h1>"),
            ("/Places", "下级街道"),
            ($"/Places/Area/{factory.CommunityA.Id}", "下级网格"),
            ($"/Places/Area/{factory.CommunityA.Id}", "杏花苑"),
            ($"/Places/Area/{factory.GridA1.Id}", "网格内楼栋"),
            ($"/Places/Area/New?parentId={factory.CommunityA.Id}", "新建网格"),
            ($"/Places/Area/{factory.GridA1.Id}/Edit", "修改网格名称"),
            ($"/Places/Area/{factory.GridA1.Id}/Boundary", "边界 GeoJSON"),
            ($"/Places/Compound/{factory.CompoundA.Id}", "楼栋"),
            ($"/Places/Compound/New?communityId={factory.CommunityA.Id}", "新建小区"),
            ($"/Places/Compound/{factory.CompoundA.Id}/Edit", "修改小区信息"),
            ($"/Places/Building/New?compoundId={factory.CompoundA.Id}", "新建楼栋"),
            ($"/Places/Building/{factory.BuildingA1.Id}", "单元与房屋"),
            ($"/Places/Building/{factory.BuildingA1.Id}", "调整到其他网格"),
        };
        foreach (var (url, text) in pages)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} 返回 {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(text, html);
        }
        int dwellingId;
        await using (var scope = factory.SystemScope(out var db))
            dwellingId = await db.Dwellings.Where(d => d.BuildingId == factory.BuildingA1.Id).Select(d => d.Id).FirstAsync();
        Assert.Contains("修改房屋信息", await client.GetStringAsync($"/Places/Dwelling/{dwellingId}/Edit"));
    }

    [Fact]
    public async Task The_area_page_has_a_map_fed_by_the_boundary_endpoint_without_inline_script()
    {
        await using (var scope = factory.SystemScope(out var db))
        {
            var grid = await db.Areas.SingleAsync(a => a.Id == factory.GridA1.Id);
            grid.BoundaryGeoJson = "{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87],[112.55,37.86]]]}";
            await db.SaveChangesAsync();
        }
        var client = await factory.PageClientAsync(PlacesFactory.Admin);
        var html = await client.GetStringAsync($"/Places/Area/{factory.CommunityA.Id}");
        Assert.Contains($"data-boundary-url=\"/api/v1/areas/{factory.CommunityA.Id}/boundary\"", html);
        Assert.Contains("/js/places-map.js", html);
        Assert.Contains("/lib/leaflet/leaflet.js", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain(" style=\"", html);

        // The page's cookie opens the boundary endpoint the script fetches.
        var geojson = await client.GetStringAsync($"/api/v1/areas/{factory.CommunityA.Id}/boundary");
        Assert.Contains("杏花第一网格", geojson);
    }

    [Fact]
    public async Task A_grid_worker_sees_ancestors_as_names_only_and_gets_403_outside_their_grid()
    {
        var client = await factory.PageClientAsync(PlacesFactory.GridWorker);
        var html = await client.GetStringAsync("/Places");
        Assert.Contains("杏花第一网格", html);
        Assert.Contains("杏花社区", html);
        Assert.DoesNotContain($"href=\"/Places/Area/{factory.CommunityA.Id}\"", html);
        Assert.DoesNotContain("调整到其他网格", await client.GetStringAsync($"/Places/Building/{factory.BuildingA1.Id}"));

        var outside = await client.GetAsync($"/Places/Building/{factory.BuildingB1.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("没有权限", await outside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Places/Building/987654")).StatusCode);
        // Editing forms need places.edit.
        var form = await client.GetAsync($"/Places/Area/{factory.GridA1.Id}/Edit");
        Assert.NotEqual(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task A_bad_boundary_form_is_shown_again_with_the_error_and_nothing_is_stored()
    {
        var client = await factory.PageClientAsync(PlacesFactory.Secretary);
        var url = $"/Places/Area/{factory.GridA2.Id}/Boundary";
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(url));
        var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.GeoJson"] = "{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87]]]}",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("外环未闭合：最后一个坐标点必须与第一个相同。", html);
        Assert.Contains("112.55,37.87]]]}", html); // the pasted text is kept for correction
        await using var scope = factory.SystemScope(out var db);
        Assert.Null(await db.Areas.Where(a => a.Id == factory.GridA2.Id).Select(a => a.BoundaryGeoJson).SingleAsync());
    }

    [Fact]
    public async Task The_move_form_answers_htmx_with_the_grid_panel()
    {
        Tongban.Web.Features.Places.Building building;
        await using (var scope = factory.SystemScope(out var db))
            building = await PlacesFactory.AddBuildingAsync(db, factory.CompoundA, factory.GridA1, "页面迁移楼", residentsPerDwelling: 1);
        var client = await factory.PageClientAsync(PlacesFactory.Secretary);
        var url = $"/Places/Building/{building.Id}";
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(url));

        var empty = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.GridId"] = "", ["Input.Reason"] = "", ["__RequestVerificationToken"] = token }),
        };
        empty.Headers.Add("HX-Request", "true");
        var refused = await client.SendAsync(empty);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var panel = await refused.Content.ReadAsStringAsync();
        Assert.StartsWith("<section id=\"grid-panel\"", panel.Trim());
        Assert.Contains("请选择要调整到的网格", panel);
        Assert.Contains("请填写调整原因", panel);

        var move = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.GridId"] = factory.GridA2.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Input.Reason"] = "楼栋归属调整",
                ["__RequestVerificationToken"] = token,
            }),
        };
        move.Headers.Add("HX-Request", "true");
        var done = await client.SendAsync(move);
        var html = await done.Content.ReadAsStringAsync();
        Assert.Contains("已从“杏花第一网格”调整到“杏花第二网格”。", html);
        Assert.Contains("楼栋归属调整", html);
        Assert.DoesNotContain("<html", html);

        await using (var scope = factory.SystemScope(out var db))
            Assert.Equal(factory.GridA2.AreaPath, (await db.Buildings.SingleAsync(b => b.Id == building.Id)).AreaPath);
    }

    [Fact]
    public async Task Creating_a_grid_through_the_form_shows_code_errors_then_succeeds()
    {
        var client = await factory.PageClientAsync(PlacesFactory.Secretary);
        var url = $"/Places/Area/New?parentId={factory.CommunityA.Id}";
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(url));
        var bad = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ParentId"] = factory.CommunityA.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Code"] = "990101001002005",
            ["Input.Name"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("网格代码前12位应为所属社区代码（990101001001）", html);
        Assert.Contains("请填写名称", html);

        var good = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ParentId"] = factory.CommunityA.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Code"] = "990101001001005",
            ["Input.Name"] = "杏花第五网格",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var page = await client.GetStringAsync(good.Headers.Location!.ToString());
        Assert.Contains("已新建网格“杏花第五网格”。", page);
    }
}
