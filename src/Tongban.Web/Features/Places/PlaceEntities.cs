using System.Text.Json.Serialization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

[JsonConverter(typeof(JsonStringEnumConverter<AreaLevel>))]
public enum AreaLevel
{
    District = 1, // 区
    Street = 2,   // 街道/乡镇
    Community = 3, // 社区/村
    Grid = 4,     // 网格
}

/// <summary>A node of the division tree: district → street → community → grid.</summary>
public class Area : IAreaScoped
{
    public int Id { get; set; }

    /// <summary>12-digit division-style code for district, street and community; grids add a 3-digit serial.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public AreaLevel Level { get; set; }
    public int? ParentId { get; set; }
    public Area? Parent { get; set; }
    public string AreaPath { get; set; } = "";

    /// <summary>GeoJSON geometry (Polygon or MultiPolygon) of a grid or community, WGS 84.</summary>
    public string? BoundaryGeoJson { get; set; }

    /// <summary>Invented demonstration data, shown with a "示例" mark.</summary>
    public bool IsSample { get; set; }

    /// <summary>The level a child of this node has, or null for a grid (the leaf).</summary>
    public AreaLevel? ChildLevel => Level == AreaLevel.Grid ? null : Level + 1;

    public void Rename(string name) => Name = name;

    /// <summary>Stores an already validated geometry, or clears it with null.</summary>
    public void SetBoundary(string? geometryJson) => BoundaryGeoJson = geometryJson;

    public static string LevelName(AreaLevel level) => level switch
    {
        AreaLevel.District => "区",
        AreaLevel.Street => "街道",
        AreaLevel.Community => "社区",
        AreaLevel.Grid => "网格",
        _ => "",
    };
}

/// <summary>小区: a residential compound inside one community.</summary>
public class Compound : IAreaScoped, IHeldInMemory
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public string AreaPath { get; set; } = "";
    public string? PropertyCompany { get; set; } // 物业公司
    public bool IsSample { get; set; }

    public void Update(string name, string address, string? propertyCompany)
    {
        Name = name;
        Address = address;
        PropertyCompany = propertyCompany;
    }
}

/// <summary>楼栋: belongs to one compound and exactly one grid.</summary>
public class Building : IAreaScoped, IHeldInMemory
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public int GridId { get; set; }
    public Area? Grid { get; set; }

    /// <summary>The grid's path: the building is seen by whoever sees its grid.</summary>
    public string AreaPath { get; set; } = "";
    public int Floors { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public List<BuildingUnit> Units { get; set; } = [];

    /// <summary>Assigns the building to another grid of its community and returns the history record.</summary>
    public BuildingGridChange MoveToGrid(Area grid, string reason, string changedBy, DateTimeOffset at)
    {
        if (grid.Level != AreaLevel.Grid) throw new DomainException("楼栋只能划入网格，所选区划不是网格。");
        if (grid.Id == GridId) throw new DomainException("楼栋已在该网格中，无需调整。");
        var change = new BuildingGridChange
        {
            BuildingId = Id,
            FromGridId = GridId,
            ToGridId = grid.Id,
            ChangedAt = at,
            ChangedBy = changedBy,
            Reason = reason,
            AreaPath = grid.AreaPath,
        };
        GridId = grid.Id;
        Grid = grid;
        AreaPath = grid.AreaPath;
        return change;
    }
}

/// <summary>单元: a stairwell of a building.</summary>
public class BuildingUnit : IAreaScoped
{
    public int Id { get; set; }
    public int BuildingId { get; set; }
    public Building? Building { get; set; }
    public string Name { get; set; } = "";
    public string AreaPath { get; set; } = "";
}

/// <summary>户: one dwelling, with its floor and exclusive area (专有部分面积) for owners' votes.</summary>
public class Dwelling : IAreaScoped
{
    public int Id { get; set; }
    public int BuildingUnitId { get; set; }
    public BuildingUnit? BuildingUnit { get; set; }
    public int BuildingId { get; set; }
    public Building? Building { get; set; }
    public string Number { get; set; } = "";
    public int Floor { get; set; }
    public decimal ExclusiveArea { get; set; }
    public string AreaPath { get; set; } = "";

    public void Update(int floor, decimal exclusiveArea)
    {
        Floor = floor;
        ExclusiveArea = exclusiveArea;
    }
}

/// <summary>When a building moves to another grid the old assignment is kept.</summary>
public class BuildingGridChange : IAreaScoped
{
    public long Id { get; set; }
    public int BuildingId { get; set; }
    public int FromGridId { get; set; }
    public int ToGridId { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public string Reason { get; set; } = "";

    /// <summary>The new grid's path.</summary>
    public string AreaPath { get; set; } = "";
}
