using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>/api/v1 routes of the area tree, compounds, buildings and dwellings; the pages call the same handlers.</summary>
public static class PlacesApi
{
    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("区划网格");

        var view = api.MapGroup("").RequireAuthorization(Permissions.PlacesView);
        view.MapGet("/areas", BrowseAreas).WithSummary("区划列表：不带 parentId 时为本人管辖的节点，带 parentId 时为其下级（按代码排序，分页）");
        view.MapGet("/areas/{id:int}", GetArea).WithSummary("区划详情：上级名称、下级及各级的小区、楼栋、房屋、家庭、居民数量");
        view.MapGet("/areas/{id:int}/boundary", GetBoundaries).WithSummary("区划地图：本节点及其下级边界的 GeoJSON FeatureCollection")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/geo+json");
        view.MapGet("/compounds", BrowseCompounds).WithSummary("小区列表：可按区划 areaId 筛选（按拼音排序，分页）");
        view.MapGet("/compounds/{id:int}", GetCompound).WithSummary("小区详情及可划入的网格");
        view.MapGet("/buildings", BrowseBuildings).WithSummary("楼栋列表：可按小区 compoundId、网格 gridId 筛选（分页）");
        view.MapGet("/buildings/{id:int}", GetBuilding).WithSummary("楼栋详情：单元、房屋（楼层、专有部分面积）与所属网格");
        view.MapGet("/buildings/{id:int}/grid-history", GetGridHistory).WithSummary("楼栋网格调整记录（新的在前）");

        var edit = api.MapGroup("").RequireAuthorization(Permissions.PlacesEdit);
        edit.MapPost("/areas", CreateArea).WithSummary("新建街道、社区或网格：代码须与上级代码前缀一致");
        edit.MapPut("/areas/{id:int}", RenameArea).WithSummary("修改区划名称（代码不可修改）");
        edit.MapPut("/areas/{id:int}/boundary", SetBoundary).WithSummary("设置边界：请求体为 GeoJSON Polygon、MultiPolygon 或包含它们的 Feature（WGS 84，[经度, 纬度]）")
            .Accepts<JsonObject>("application/json", "application/geo+json");
        edit.MapDelete("/areas/{id:int}/boundary", ClearBoundary).WithSummary("清除边界");
        edit.MapPost("/compounds", CreateCompound).WithSummary("在社区下新建小区");
        edit.MapPut("/compounds/{id:int}", UpdateCompound).WithSummary("修改小区名称、地址、物业公司");
        edit.MapPost("/buildings", CreateBuilding).WithSummary("新建楼栋，可按单元数、层数、每层户数自动生成单元和房屋");
        edit.MapPost("/buildings/{id:int}/move", MoveBuilding).WithSummary("把楼栋调整到本社区的另一个网格，记录原因并同步更新其下房屋和居民的区划");
        edit.MapPut("/dwellings/{id:int}", UpdateDwelling).WithSummary("修改房屋楼层和专有部分面积（平方米，大于0小于10000）");
        return app;
    }

    private static async Task<Ok<Paged<AreaSummary>>> BrowseAreas(int? parentId, int? page, int? pageSize, BrowseAreas handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(new BrowseAreas.Query(parentId, page, pageSize), ct));

    private static async Task<Ok<AreaDetail>> GetArea(int id, GetArea handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, ct));

    private static async Task<ContentHttpResult> GetBoundaries(int id, GetAreaBoundaries handler, CancellationToken ct) =>
        TypedResults.Text(await handler.HandleAsync(id, ct), "application/geo+json", Encoding.UTF8);

    private static async Task<Created<AreaSummary>> CreateArea(CreateArea.Request request, CreateArea handler, CancellationToken ct)
    {
        var area = await handler.HandleAsync(request, ct);
        return TypedResults.Created($"/api/v1/areas/{area.Id}", area);
    }

    private static async Task<Ok<AreaSummary>> RenameArea(int id, RenameArea.Request request, RenameArea handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, request, ct));

    private static async Task<Results<Ok<AreaSummary>, ProblemHttpResult>> SetBoundary(int id, HttpRequest http, SetGridBoundary handler, CancellationToken ct)
    {
        // Only JSON bodies: a cross-site form cannot send these, so a signed-in browser cannot be tricked into a change.
        var mediaType = http.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "application/geo+json"))
            return TypedResults.Problem(title: "不支持的内容类型", detail: "请以 Content-Type: application/json（或 application/geo+json）提交 GeoJSON。",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        // Read as text: the checker gives a Chinese message for every kind of bad GeoJSON, malformed JSON included.
        using var reader = new StreamReader(http.Body, Encoding.UTF8);
        var buffer = new char[GeoJsonBoundary.MaxCharacters + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return TypedResults.Ok(await handler.HandleAsync(id, new SetGridBoundary.Request(new string(buffer, 0, length)), ct));
    }

    private static async Task<Ok<AreaSummary>> ClearBoundary(int id, SetGridBoundary handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, new SetGridBoundary.Request(null, Clear: true), ct));

    private static async Task<Ok<Paged<CompoundSummary>>> BrowseCompounds(int? areaId, int? page, int? pageSize, BrowseCompounds handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(new BrowseCompounds.Query(areaId, page, pageSize), ct));

    private static async Task<Ok<CompoundDetail>> GetCompound(int id, GetCompound handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, ct));

    private static async Task<Created<CompoundSummary>> CreateCompound(CreateCompound.Request request, CreateCompound handler, CancellationToken ct)
    {
        var compound = await handler.HandleAsync(request, ct);
        return TypedResults.Created($"/api/v1/compounds/{compound.Id}", compound);
    }

    private static async Task<Ok<CompoundSummary>> UpdateCompound(int id, UpdateCompound.Request request, UpdateCompound handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, request, ct));

    private static async Task<Ok<Paged<BuildingSummary>>> BrowseBuildings(int? compoundId, int? gridId, int? page, int? pageSize, BrowseBuildings handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(new BrowseBuildings.Query(compoundId, gridId, page, pageSize), ct));

    private static async Task<Ok<BuildingDetail>> GetBuilding(int id, GetBuilding handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, ct));

    private static async Task<Created<BuildingSummary>> CreateBuilding(CreateBuilding.Request request, CreateBuilding handler, CancellationToken ct)
    {
        var building = await handler.HandleAsync(request, ct);
        return TypedResults.Created($"/api/v1/buildings/{building.Id}", building);
    }

    private static async Task<Ok<GridChangeView>> MoveBuilding(int id, MoveBuildingToGrid.Request request, MoveBuildingToGrid handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, request, ct));

    private static async Task<Ok<IReadOnlyList<GridChangeView>>> GetGridHistory(int id, GetBuildingGridHistory handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, ct));

    private static async Task<Ok<DwellingView>> UpdateDwelling(int id, UpdateDwelling.Request request, UpdateDwelling handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, request, ct));
}
