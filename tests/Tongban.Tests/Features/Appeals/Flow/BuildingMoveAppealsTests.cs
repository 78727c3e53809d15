using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>A building moved to another grid takes the appeals still being worked on it along; the ended ones stay with the grid that had them.</summary>
public sealed class BuildingMoveAppealsTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Open_appeals_follow_their_building_to_the_new_grid_and_closed_ones_stay()
    {
        var building = await app.BuildingOfAsync("grid1", 2);
        var open = await app.SubmitAsync(buildingId: building, category: "leak", description: "3号楼2单元楼顶漏水，顶楼住户家里天花板发霉");
        var closed = await app.InStateAsync(AppealState.Closed);
        int grid2;
        string oldPath;
        await using (var scope = app.SystemScope(out var db))
        {
            grid2 = await db.Users.Where(u => u.UserName == "grid2").Select(u => u.AreaId).SingleAsync();
            oldPath = await db.Buildings.Where(b => b.Id == building).Select(b => b.AreaPath).SingleAsync();
            // The closed one is made to stand at the same building, as an older case of the same place.
            await db.Appeals.Where(a => a.Id == closed).ExecuteUpdateAsync(s => s.SetProperty(a => a.BuildingId, building).SetProperty(a => a.AreaPath, oldPath));
        }
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("grid1")).GetAsync($"/api/v1/appeals/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("grid2")).GetAsync($"/api/v1/appeals/{open}")).StatusCode);

        var moved = await (await app.As("admin")).PostAsJsonAsync($"/api/v1/buildings/{building}/move", new { gridId = grid2, reason = "网格调整" });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());

        // The new grid worker sees it, finds it by search in their own grid, and the old one no longer reads it.
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("grid2")).GetAsync($"/api/v1/appeals/{open}")).StatusCode);
        Assert.Contains(open, await app.IdsAsync("grid2", "q=" + Uri.EscapeDataString("漏水")));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("grid1")).GetAsync($"/api/v1/appeals/{open}")).StatusCode);
        await using (var scope = app.SystemScope(out var db))
        {
            var newPath = await db.Areas.Where(a => a.Id == grid2).Select(a => a.AreaPath).SingleAsync();
            var appeal = await db.Appeals.SingleAsync(a => a.Id == open);
            Assert.Equal(newPath, appeal.AreaPath);
            Assert.EndsWith(Tongban.Web.Infrastructure.AreaPaths.SearchToken(newPath), appeal.SearchText);
            Assert.DoesNotContain(Tongban.Web.Infrastructure.AreaPaths.SearchToken(oldPath), appeal.SearchText);
            // The ended case keeps the grid that handled it.
            Assert.Equal(oldPath, await db.Appeals.Where(a => a.Id == closed).Select(a => a.AreaPath).SingleAsync());
        }
    }
}
