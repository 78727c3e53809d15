using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// Intake reads categories, time-limit rules and buildings from memory (AppealReferenceCache, BuildingPlaces); a change
/// saved through the app must still apply to the very next submission.
/// </summary>
public sealed class AppealIntakeReferenceTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private async Task<HttpResponseMessage> PostAsync(int building, int category, string description) =>
        await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Help, categoryId = category, description, buildingId = building, channel = (int)AppealChannel.Window,
        });

    [Fact]
    public async Task A_new_category_its_rule_and_its_retirement_apply_to_the_next_submission()
    {
        var admin = await app.As("admin");
        var building = await app.BuildingOfAsync("grid1", 2);
        // Fill the caches first, so what follows must see changes made after they were filled.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(building, await app.CategoryIdAsync("noise"), "楼上每天深夜拖动家具，影响休息")).StatusCode);

        var created = await admin.PostAsJsonAsync("/api/v1/appeals/categories", new { code = "held-test", name = "井盖缺失", defaultUrgency = (int)AppealUrgency.General });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var category = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(building, category, "小区东门外井盖缺失，晚上看不见")).StatusCode);

        var rule = await admin.PostAsJsonAsync("/api/v1/appeals/time-limit-rules", new
        {
            categoryId = category, urgency = (int)AppealUrgency.General, dispatchHours = 3, feedbackHours = 5, acknowledgeHours = 1,
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        var before = DateTimeOffset.UtcNow;
        var ruled = await PostAsync(building, category, "井盖还是没有补上，有老人差点踩空");
        var after = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Created, ruled.StatusCode);
        var due = (await ruled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dispatchDueAt").GetDateTimeOffset();
        Assert.InRange(due, before.AddHours(3).AddSeconds(-1), after.AddHours(3).AddSeconds(1));

        var retired = await admin.PutAsJsonAsync($"/api/v1/appeals/categories/{category}", new
        {
            code = "held-test", name = "井盖缺失", defaultUrgency = (int)AppealUrgency.General, isActive = false,
        });
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var refused = await PostAsync(building, category, "井盖缺失的问题再反映一次");
        await ProblemAssert.IsAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("请选择问题分类", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_building_moved_to_another_grid_files_its_next_appeal_under_the_new_grid()
    {
        var building = await app.BuildingOfAsync("grid1", 4);
        var category = await app.CategoryIdAsync("noise");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(building, category, "广场舞音响声音太大，晚上十点还没停")).StatusCode);
        Area otherGrid;
        await using (var scope = app.SystemScope(out var db))
        {
            var gridId = await db.Buildings.Where(b => b.Id == building).Select(b => b.GridId).SingleAsync();
            var parent = await db.Areas.Where(a => a.Id == gridId).Select(a => a.ParentId).SingleAsync();
            otherGrid = await db.Areas.AsNoTracking().Where(a => a.ParentId == parent && a.Id != gridId && a.Level == AreaLevel.Grid).OrderBy(a => a.Id).FirstAsync();
        }

        var moved = await (await app.As("secretary1")).PostAsJsonAsync($"/api/v1/buildings/{building}/move", new { gridId = otherGrid.Id, reason = "网格重新划分" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var response = await PostAsync(building, category, "广场舞音响声音太大，换了网格还是没人管");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(otherGrid.AreaPath, await db.Appeals.Where(a => a.Id == id).Select(a => a.AreaPath).SingleAsync());
    }

    [Fact]
    public async Task A_building_another_node_adds_is_found_at_once_although_it_was_asked_for_before()
    {
        var places = app.Services.GetRequiredService<BuildingPlaces>();
        await using var scope = app.SystemScope(out var db);
        var template = await app.BuildingOfAsync("grid1", 1);
        var next = await db.Buildings.IgnoreQueryFilters().MaxAsync(b => b.Id) + 1;
        Assert.Null(await places.FindAsync(db, next, CancellationToken.None)); // someone scans a code for it too early

        // Another node adds it: plain SQL, so nothing in this process hears of the change.
        var table = db.Model.FindEntityType(typeof(Building))!;
        var columns = table.GetProperties().Select(p => p.GetColumnName()).Where(c => c != "Id").Select(c => "\"" + c + "\"").ToList();
        var sql = $"""
            INSERT INTO "Buildings" ("Id", {string.Join(", ", columns)})
            SELECT {next}, {string.Join(", ", columns.Select(c => c == "\"Name\"" ? "'新建99号楼'" : c))} FROM "Buildings" WHERE "Id" = {template}
            """;
        await db.Database.ExecuteSqlRawAsync(sql);
        var found = await places.FindAsync(db, next, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(next, found.Id);
    }
}
