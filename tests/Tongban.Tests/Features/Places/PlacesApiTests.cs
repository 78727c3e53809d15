using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Places;

public sealed class PlacesApiTests(PlacesFactory factory) : IClassFixture<PlacesFactory>
{
    private const string Square = "[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87],[112.55,37.86]]";

    [Fact]
    public async Task Area_code_must_fit_the_parent_and_the_path_is_built_from_it()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Admin);

        var wrongPrefix = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.Street.Id, code = "990101002009", name = "错码社区" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPrefix.StatusCode);
        var problem = await wrongPrefix.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("前9位应与所属街道相同（990101001）", problem.GetProperty("errors").GetProperty("code")[0].GetString());

        var wrongLevel = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.Street.Id, code = "990101001009", name = "错级", level = "Grid" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongLevel.StatusCode);
        Assert.Equal("街道的下级只能是社区，不能是网格。", (await wrongLevel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("level")[0].GetString());

        var duplicate = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.Street.Id, code = factory.CommunityA.Code, name = "重复" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains("已被使用", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("code")[0].GetString());

        var underGrid = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.GridA1.Id, code = "990101001001001001", name = "网格下" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, underGrid.StatusCode);

        var noParent = await client.PostAsJsonAsync("/api/v1/areas", new { code = "990102000000", name = "另一个区" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noParent.StatusCode);

        var created = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.Street.Id, code = "990101001009", name = "新建社区" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var community = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Community", community.GetProperty("level").GetString());
        var grid = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = community.GetProperty("id").GetInt32(), code = "990101001009001", name = "新建网格" });
        Assert.Equal(HttpStatusCode.Created, grid.StatusCode);
        var gridId = (await grid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await using var scope = factory.SystemScope(out var db);
        var stored = await db.Areas.SingleAsync(a => a.Id == gridId);
        Assert.Equal("990101000000/990101001000/990101001009/990101001009001/", stored.AreaPath);
        Assert.Equal(AreaLevel.Grid, stored.Level);
    }

    [Fact]
    public async Task A_community_admin_cannot_add_a_node_beside_their_own()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Secretary);
        var response = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.Street.Id, code = "990101001008", name = "越权社区" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var grid = await client.PostAsJsonAsync("/api/v1/areas", new { parentId = factory.CommunityA.Id, code = "990101001001009", name = "杏花第九网格" });
        Assert.Equal(HttpStatusCode.Created, grid.StatusCode);
    }

    [Fact]
    public async Task A_grid_worker_sees_only_their_grid_and_its_buildings()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.GridWorker);

        var roots = await client.GetFromJsonAsync<JsonElement>("/api/v1/areas");
        var root = Assert.Single(roots.GetProperty("items").EnumerateArray());
        Assert.Equal(factory.GridA1.Id, root.GetProperty("id").GetInt32());

        var buildings = await client.GetFromJsonAsync<JsonElement>("/api/v1/buildings?pageSize=200");
        var items = buildings.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, b => b.GetProperty("id").GetInt32() == factory.BuildingA1.Id);
        Assert.All(items, b => Assert.Equal(factory.GridA1.Id, b.GetProperty("gridId").GetInt32()));
        Assert.DoesNotContain(items, b => b.GetProperty("id").GetInt32() == factory.BuildingA2.Id || b.GetProperty("id").GetInt32() == factory.BuildingB1.Id);
        // The compound is named even though its record belongs to the community.
        Assert.Equal("杏花苑", items.First(b => b.GetProperty("id").GetInt32() == factory.BuildingA1.Id).GetProperty("compoundName").GetString());

        var byCompound = await client.GetFromJsonAsync<JsonElement>($"/api/v1/buildings?compoundId={factory.CompoundA.Id}");
        Assert.All(byCompound.GetProperty("items").EnumerateArray(), b => Assert.Equal(factory.GridA1.Id, b.GetProperty("gridId").GetInt32()));

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/buildings/{factory.BuildingA1.Id}");
        Assert.Equal(2, detail.GetProperty("units").GetArrayLength());
        Assert.Equal(6, detail.GetProperty("units")[0].GetProperty("dwellings").GetArrayLength());
        Assert.Equal(88.5m, detail.GetProperty("units")[0].GetProperty("dwellings")[0].GetProperty("exclusiveArea").GetDecimal());
        var ancestors = detail.GetProperty("ancestors").EnumerateArray().ToList();
        Assert.Equal(["清源区（测试）", "东关街道", "杏花社区", "杏花第一网格"], ancestors.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, ancestors[0].GetProperty("id").ValueKind);
        Assert.True(ancestors[3].GetProperty("visible").GetBoolean());

        var area = await client.GetFromJsonAsync<JsonElement>($"/api/v1/areas/{factory.GridA1.Id}");
        Assert.True(area.GetProperty("counts").GetProperty("buildings").GetInt32() >= 1);
        Assert.True(area.GetProperty("counts").GetProperty("residents").GetInt32() >= 12);
    }

    [Fact]
    public async Task A_building_outside_the_callers_area_is_403_in_chinese_and_audited()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.GridWorker);
        var response = await client.GetAsync($"/api/v1/buildings/{factory.BuildingA2.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("该记录不在您的管辖范围内，此次访问已记录。", problem.GetProperty("detail").GetString());

        await using var scope = factory.SystemScope(out var db);
        var entryId = factory.BuildingA2.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entry = await db.AuditEntries.Where(a => a.Action == "outside-scope" && a.EntityType == "Building" && a.EntityId == entryId)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync();
        Assert.NotNull(entry);
        Assert.Equal(PlacesFactory.GridWorker, entry.UserName);
        Assert.Equal(factory.GridA2.AreaPath, entry.AreaPath);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/areas/{factory.CommunityB.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/buildings?gridId={factory.GridB1.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/buildings?compoundId={factory.CompoundB.Id}")).StatusCode);
    }

    [Fact]
    public async Task Missing_records_are_404_and_lists_refuse_huge_pages()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Admin);
        var missing = await client.GetAsync("/api/v1/buildings/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("楼栋 987654 不存在。", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/areas/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/dwellings/987654", new { floor = 1, exclusiveArea = 50 })).StatusCode);

        var huge = await client.GetAsync("/api/v1/buildings?pageSize=500");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Equal("每页条数应在1到200之间", (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

    [Fact]
    public async Task Reads_need_places_view_and_writes_need_places_edit()
    {
        var grid = await factory.ApiClientAsync(PlacesFactory.GridWorker);
        var response = await grid.PutAsJsonAsync($"/api/v1/areas/{factory.GridA1.Id}", new { name = "改名" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/buildings")).StatusCode);
    }

    [Fact]
    public async Task Bad_geojson_is_422_in_chinese_and_nothing_is_stored()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Secretary);
        var target = factory.GridA2.Id;
        string[] bad =
        [
            "{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87]]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],",
            "{\"type\":\"Polygon\",\"coordinates\":[[[37.86,112.55],[37.86,112.56],[37.87,112.56],[37.86,112.55]]]}",
            "{\"type\":\"LineString\",\"coordinates\":[[112.55,37.86],[112.56,37.86]]}",
        ];
        foreach (var text in bad)
        {
            var response = await client.PutAsync($"/api/v1/areas/{target}/boundary", new StringContent(text, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var message = problem.GetProperty("errors").GetProperty("geoJson")[0].GetString()!;
            Assert.Contains(message, c => c >= '\u4e00' && c <= '\u9fff');
        }
        var formPost = await client.PutAsync($"/api/v1/areas/{target}/boundary", new StringContent($$"""{"type":"Polygon","coordinates":[{{Square}}]}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formPost.StatusCode);

        await using (var scope = factory.SystemScope(out var db))
            Assert.Null(await db.Areas.Where(a => a.Id == target).Select(a => a.BoundaryGeoJson).SingleAsync());

        var feature = $$$"""{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[{{{Square}}}]}}""";
        var ok = await client.PutAsync($"/api/v1/areas/{target}/boundary", new StringContent(feature, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var map = await client.GetAsync($"/api/v1/areas/{factory.CommunityA.Id}/boundary");
        Assert.Equal("application/geo+json", map.Content.Headers.ContentType?.MediaType);
        var collection = await map.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var child = collection.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetInt32() == target);
        Assert.Equal("杏花第二网格", child.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal("Polygon", child.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Moving_a_building_keeps_history_and_moves_units_dwellings_households_and_residents()
    {
        Building building;
        await using (var scope = factory.SystemScope(out var db))
            building = await PlacesFactory.AddBuildingAsync(db, factory.CompoundA, factory.GridA1, "迁移楼", residentsPerDwelling: 2);

        var gridWorker = await factory.ApiClientAsync(PlacesFactory.GridWorker);
        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/api/v1/buildings/{building.Id}")).StatusCode);

        var client = await factory.ApiClientAsync(PlacesFactory.Secretary);
        var noReason = await client.PostAsJsonAsync($"/api/v1/buildings/{building.Id}/move", new { gridId = factory.GridA2.Id });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var sameGrid = await client.PostAsJsonAsync($"/api/v1/buildings/{building.Id}/move", new { gridId = factory.GridA1.Id, reason = "测试" });
        Assert.Equal(HttpStatusCode.Conflict, sameGrid.StatusCode);
        var otherCommunity = await client.PostAsJsonAsync($"/api/v1/buildings/{building.Id}/move", new { gridId = factory.GridB1.Id, reason = "测试" });
        Assert.Equal(HttpStatusCode.Forbidden, otherCommunity.StatusCode);

        var moved = await client.PostAsJsonAsync($"/api/v1/buildings/{building.Id}/move", new { gridId = factory.GridA2.Id, reason = "网格重新划分" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var change = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("杏花第一网格", change.GetProperty("fromGridName").GetString());
        Assert.Equal("杏花第二网格", change.GetProperty("toGridName").GetString());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/buildings/{building.Id}/grid-history");
        var entry = Assert.Single(history.EnumerateArray());
        Assert.Equal("网格重新划分", entry.GetProperty("reason").GetString());
        Assert.Equal(PlacesFactory.Secretary, entry.GetProperty("changedBy").GetString());
        Assert.Equal(factory.GridA1.Id, entry.GetProperty("fromGridId").GetInt32());

        await using (var scope = factory.SystemScope(out var db))
        {
            var path = factory.GridA2.AreaPath;
            var id = building.Id;
            Assert.Equal(path, (await db.Buildings.SingleAsync(b => b.Id == id)).AreaPath);
            Assert.Equal(factory.GridA2.Id, (await db.Buildings.SingleAsync(b => b.Id == id)).GridId);
            Assert.All(await db.BuildingUnits.Where(u => u.BuildingId == id).ToListAsync(), u => Assert.Equal(path, u.AreaPath));
            var dwellings = await db.Dwellings.Where(d => d.BuildingId == id).ToListAsync();
            Assert.Equal(12, dwellings.Count);
            Assert.All(dwellings, d => Assert.Equal(path, d.AreaPath));
            var dwellingIds = dwellings.Select(d => d.Id).ToList();
            var households = await db.Households.Where(h => dwellingIds.Contains(h.DwellingId)).ToListAsync();
            Assert.Equal(12, households.Count);
            Assert.All(households, h => Assert.Equal(path, h.AreaPath));
            var residents = await db.Residents.Where(r => r.DwellingId != null && dwellingIds.Contains(r.DwellingId.Value)).ToListAsync();
            Assert.Equal(24, residents.Count);
            Assert.All(residents, r => Assert.Equal(path, r.AreaPath));
            var stored = await db.BuildingGridChanges.SingleAsync(c => c.BuildingId == id);
            Assert.Equal(path, stored.AreaPath);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "move" && a.EntityType == "Building" && a.EntityId == id.ToString()));
            // The building that was not moved keeps its place.
            Assert.Equal(factory.GridA1.AreaPath, (await db.Buildings.SingleAsync(b => b.Id == factory.BuildingA1.Id)).AreaPath);
        }

        // The old grid's worker no longer reaches it; the attempt is refused and logged.
        Assert.Equal(HttpStatusCode.Forbidden, (await gridWorker.GetAsync($"/api/v1/buildings/{building.Id}")).StatusCode);
    }

    [Fact]
    public async Task Creating_a_building_can_generate_units_and_dwellings()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Secretary);
        var wrongGrid = await client.PostAsJsonAsync("/api/v1/buildings", new { compoundId = factory.CompoundA.Id, gridId = factory.CommunityA.Id, name = "9号楼", floors = 6 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongGrid.StatusCode);
        Assert.Contains("不是网格", (await wrongGrid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("gridId")[0].GetString());

        var badArea = await client.PostAsJsonAsync("/api/v1/buildings", new
        {
            compoundId = factory.CompoundA.Id, gridId = factory.GridA1.Id, name = "9号楼", floors = 6, units = 2, dwellingsPerFloor = 2, exclusiveArea = 0,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badArea.StatusCode);

        var response = await client.PostAsJsonAsync("/api/v1/buildings", new
        {
            compoundId = factory.CompoundA.Id, gridId = factory.GridA1.Id, name = "9号楼", floors = 11, units = 2, dwellingsPerFloor = 3, exclusiveArea = 96.35m,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(66, created.GetProperty("dwellings").GetInt32());

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/buildings/{created.GetProperty("id").GetInt32()}");
        var units = detail.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(["1单元", "2单元"], units.Select(u => u.GetProperty("name").GetString()));
        var numbers = units[0].GetProperty("dwellings").EnumerateArray().Select(d => d.GetProperty("number").GetString()).ToList();
        Assert.Equal(["101", "102", "103", "201"], numbers.Take(4));
        Assert.Equal("1103", numbers[^1]);
        Assert.Equal(96.35m, units[1].GetProperty("dwellings")[0].GetProperty("exclusiveArea").GetDecimal());

        var duplicate = await client.PostAsJsonAsync("/api/v1/buildings", new { compoundId = factory.CompoundA.Id, gridId = factory.GridA1.Id, name = "9号楼", floors = 6 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
    }

    [Fact]
    public async Task A_dwelling_area_must_be_between_0_and_10000_square_metres()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Admin);
        int dwellingId;
        await using (var scope = factory.SystemScope(out var db))
            dwellingId = await db.Dwellings.Where(d => d.BuildingId == factory.BuildingB1.Id).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();

        foreach (var area in new[] { 0m, -3m, 10000m, 12.345m })
        {
            var bad = await client.PutAsJsonAsync($"/api/v1/dwellings/{dwellingId}", new { floor = 2, exclusiveArea = area });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        }
        var badFloor = await client.PutAsJsonAsync($"/api/v1/dwellings/{dwellingId}", new { floor = 9, exclusiveArea = 70 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badFloor.StatusCode);
        Assert.Contains("楼层应在-5到3之间", (await badFloor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("floor")[0].GetString());

        var ok = await client.PutAsJsonAsync($"/api/v1/dwellings/{dwellingId}", new { floor = 2, exclusiveArea = 72.25m });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await using (var scope = factory.SystemScope(out var db))
        {
            var stored = await db.Dwellings.SingleAsync(d => d.Id == dwellingId);
            Assert.Equal(72.25m, stored.ExclusiveArea);
            Assert.Equal(2, stored.Floor);
        }
    }

    [Fact]
    public async Task Compounds_are_listed_in_pinyin_order_with_their_community()
    {
        var client = await factory.ApiClientAsync(PlacesFactory.Admin);
        foreach (var name in new[] { "阳光家园", "安居小区" })
        {
            var created = await client.PostAsJsonAsync("/api/v1/compounds", new { communityId = factory.CommunityB.Id, name, address = "测试路" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var notCommunity = await client.PostAsJsonAsync("/api/v1/compounds", new { communityId = factory.GridB1.Id, name = "错层小区" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notCommunity.StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/compounds?areaId={factory.CommunityB.Id}");
        var names = list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["安居小区", "柳巷小区", "阳光家园"], names);
        Assert.All(list.GetProperty("items").EnumerateArray(), c => Assert.Equal("柳巷社区", c.GetProperty("communityName").GetString()));
    }
}
