using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>
/// Adds a building to a compound and one grid of the same community. Optionally generates its units ("1单元", …)
/// and dwellings ("101", "102", … per floor) with one exclusive area, written as one summary audit entry.
/// </summary>
public sealed class CreateBuilding(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public const int MaxGeneratedDwellings = 3000;

    /// <param name="Units">Number of units (单元) to generate; none when empty or 0.</param>
    /// <param name="DwellingsPerFloor">Dwellings per floor in each unit, for the generator.</param>
    /// <param name="ExclusiveArea">Exclusive area (专有部分面积, m²) of each generated dwelling.</param>
    public sealed record Request(int? CompoundId, int? GridId, string? Name, int? Floors, double? Latitude, double? Longitude,
        int? Units, int? DwellingsPerFloor, decimal? ExclusiveArea);

    public async Task<BuildingSummary> HandleAsync(Request request, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.CompoundId is null) validation.Add("compoundId", "请选择所属小区");
        if (request.GridId is null) validation.Add("gridId", "请选择所属网格");
        validation.ThrowIfInvalid();
        var compoundId = request.CompoundId!.Value;
        var gridId = request.GridId!.Value;
        var compound = await PlaceLookup.FindReferencedAsync(db.Compounds, c => c.Id == compoundId, PlaceLookup.Id(compoundId), audit,
            "compoundId", "所选小区不存在。", ct);
        var grid = await PlaceLookup.FindReferencedAsync(db.Areas, a => a.Id == gridId, PlaceLookup.Id(gridId), audit,
            "gridId", "所选网格不存在。", ct);
        if (grid.Level != AreaLevel.Grid) validation.Add("gridId", $"“{grid.Name}”不是网格，楼栋只能划入网格。");
        else if (grid.ParentId != compound.CommunityId) validation.Add("gridId", $"网格“{grid.Name}”不属于小区“{compound.Name}”所在的社区。");

        var name = request.Name?.Trim() ?? "";
        validation.Require(name.Length > 0, "name", "请填写楼栋名称，例如 3号楼")
            .Require(name.Length <= 40, "name", "楼栋名称不能超过40个字");
        // The unique index covers the whole compound, so the check does too.
        if (name.Length > 0 && await db.Buildings.IgnoreQueryFilters().AnyAsync(b => b.CompoundId == compound.Id && b.Name == name, ct))
            validation.Add("name", $"小区“{compound.Name}”已有“{name}”。");
        if (request.Floors is not { } floors || floors is < 1 or > 200) validation.Add("floors", "地上层数应为1到200之间的整数");
        BuildingRules.CheckPosition(validation, request.Latitude, request.Longitude);

        var generate = request.Units is > 0;
        if (request.Units is < 0 or > 30) validation.Add("units", "单元数应在0到30之间");
        if (generate)
        {
            if (request.DwellingsPerFloor is not (>= 1 and <= 20)) validation.Add("dwellingsPerFloor", "每单元每层户数应在1到20之间");
            BuildingRules.CheckArea(validation, request.ExclusiveArea, "exclusiveArea");
            if (request.Floors is { } f && request.DwellingsPerFloor is { } p && request.Units!.Value * f * p > MaxGeneratedDwellings)
                validation.Add("units", $"一次最多生成{MaxGeneratedDwellings}户，请减少单元数或每层户数。");
        }
        validation.ThrowIfInvalid();

        var building = new Building
        {
            Name = name,
            CompoundId = compound.Id,
            GridId = grid.Id,
            AreaPath = grid.AreaPath,
            Floors = request.Floors!.Value,
            Latitude = request.Latitude,
            Longitude = request.Longitude,
        };
        db.Buildings.Add(building);
        if (!generate)
        {
            await db.SaveChangesAsync(ct);
            return Summary(building, compound, grid, 0, 0);
        }

        var dwellings = new List<Dwelling>();
        for (var u = 1; u <= request.Units!.Value; u++)
        {
            var unit = new BuildingUnit { Building = building, Name = $"{u}单元", AreaPath = grid.AreaPath };
            building.Units.Add(unit);
            for (var floor = 1; floor <= building.Floors; floor++)
            {
                for (var i = 1; i <= request.DwellingsPerFloor!.Value; i++)
                {
                    dwellings.Add(new Dwelling
                    {
                        BuildingUnit = unit,
                        Building = building,
                        Number = string.Create(CultureInfo.InvariantCulture, $"{floor}{i:00}"),
                        Floor = floor,
                        ExclusiveArea = request.ExclusiveArea!.Value,
                        AreaPath = grid.AreaPath,
                    });
                }
            }
        }
        db.Dwellings.AddRange(dwellings);

        // Hundreds of rows: one summary audit entry in the same transaction instead of one entry per dwelling.
        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var after = JsonSerializer.Serialize(new
            {
                building.Id, building.Name, building.CompoundId, building.GridId, building.Floors, building.AreaPath,
                Units = building.Units.Count, Dwellings = dwellings.Count, request.DwellingsPerFloor, request.ExclusiveArea,
            });
            await PlaceAudit.SummaryAsync(db, clock, http, "create", nameof(Building), PlaceLookup.Id(building.Id), grid.AreaPath,
                $"新建楼栋“{compound.Name}{building.Name}”，生成{building.Units.Count}个单元、{dwellings.Count}户", after, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
        return Summary(building, compound, grid, building.Units.Count, dwellings.Count);
    }

    private static BuildingSummary Summary(Building b, Compound c, Area grid, int units, int dwellings) =>
        new(b.Id, b.Name, c.Id, c.Name, grid.Id, grid.Code, grid.Name, b.Floors, units, dwellings, b.Latitude, b.Longitude);
}

/// <summary>Checks shared by building and dwelling use cases.</summary>
internal static class BuildingRules
{
    public static void CheckArea(Validation validation, decimal? area, string field)
    {
        if (area is not { } a) validation.Add(field, "请填写专有部分面积（平方米）");
        else if (a is <= 0 or >= 10000) validation.Add(field, "专有部分面积应大于0且小于10000平方米");
        else if (decimal.Round(a, 2) != a) validation.Add(field, "面积最多保留两位小数");
    }

    public static void CheckPosition(Validation validation, double? latitude, double? longitude)
    {
        if (latitude is null != longitude is null) validation.Add(latitude is null ? "latitude" : "longitude", "经度和纬度需同时填写或同时留空");
        if (latitude is < -90 or > 90) validation.Add("latitude", "纬度应在-90到90之间");
        if (longitude is < -180 or > 180) validation.Add("longitude", "经度应在-180到180之间");
    }
}
