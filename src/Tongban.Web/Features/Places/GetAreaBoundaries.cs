using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>
/// A GeoJSON FeatureCollection for the map of a node: the node's own outline (role "self") and each child with a
/// boundary (role "child"), with id, code, name and level as properties.
/// </summary>
public sealed class GetAreaBoundaries(AppDbContext db, AuditLog audit)
{
    public async Task<string> HandleAsync(int id, CancellationToken ct)
    {
        var area = await PlaceLookup.AreaAsync(db, id, audit, ct);
        var children = await db.Areas.AsNoTracking()
            .Where(a => a.ParentId == id && a.BoundaryGeoJson != null)
            .OrderBy(a => a.Code)
            .Select(a => new { a.Id, a.Code, a.Name, a.Level, a.BoundaryGeoJson })
            .ToListAsync(ct);

        var features = new JsonArray();
        if (area.BoundaryGeoJson is not null)
            features.Add(Feature(area.Id, area.Code, area.Name, area.Level, area.BoundaryGeoJson, "self"));
        foreach (var child in children)
            features.Add(Feature(child.Id, child.Code, child.Name, child.Level, child.BoundaryGeoJson!, "child"));
        var collection = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
        return collection.ToJsonString(Json);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static JsonObject Feature(int id, string code, string name, AreaLevel level, string geometry, string role) => new()
    {
        ["type"] = "Feature",
        ["id"] = id,
        ["properties"] = new JsonObject
        {
            ["id"] = id,
            ["code"] = code,
            ["name"] = name,
            ["level"] = level.ToString(),
            ["levelName"] = Area.LevelName(level),
            ["role"] = role,
            ["url"] = $"/Places/Area/{id}",
        },
        ["geometry"] = JsonNode.Parse(geometry),
    };
}
