using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Places;

/// <summary>The same rules over the demo district the other modules and the browser tests use.</summary>
public sealed class PlacesDemoTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    [Fact]
    public async Task Demo_grid_worker_lists_exactly_the_buildings_of_their_grid()
    {
        int gridId, expected;
        await using (var scope = factory.SystemScope(out var db))
        {
            gridId = await db.Users.Where(u => u.UserName == "grid1").Select(u => u.AreaId).SingleAsync();
            expected = await db.Buildings.CountAsync(b => b.GridId == gridId);
        }
        var client = await factory.ApiClientAsync("grid1");
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/buildings?pageSize=200");
        Assert.Equal(expected, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), b => Assert.Equal(gridId, b.GetProperty("gridId").GetInt32()));
    }

    [Fact]
    public async Task Demo_admin_sees_the_district_and_its_map()
    {
        var client = await factory.PageClientAsync("admin");
        var index = await client.GetStringAsync("/Places");
        Assert.Contains("清源区（示例）", index);
        Assert.Contains("下级街道", index);

        var api = await factory.ApiClientAsync("admin");
        var roots = await api.GetFromJsonAsync<JsonElement>("/api/v1/areas");
        var district = Assert.Single(roots.GetProperty("items").EnumerateArray());
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/areas/{district.GetProperty("id").GetInt32()}");
        var street = detail.GetProperty("children")[0];
        Assert.True(street.GetProperty("counts").GetProperty("buildings").GetInt32() > 0);

        var streetPage = await client.GetAsync($"/Places/Area/{street.GetProperty("id").GetInt32()}");
        Assert.Equal(HttpStatusCode.OK, streetPage.StatusCode);
        Assert.Contains("places-map", await streetPage.Content.ReadAsStringAsync());
        var map = await api.GetFromJsonAsync<JsonElement>($"/api/v1/areas/{street.GetProperty("id").GetInt32()}/boundary");
        Assert.True(map.GetProperty("features").GetArrayLength() >= 2);
    }
}
