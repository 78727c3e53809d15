using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;

namespace Tongban.Web.Features.Open311;

/// <summary>A grid found for a point: where an appeal made from coordinates belongs.</summary>
public sealed record LocatedGrid(int Id, string Name, string AreaPath);

/// <summary>Finds the grid whose boundary (GeoJSON Polygon or MultiPolygon, WGS 84) contains a point.</summary>
public static class GridLocator
{
    public static async Task<LocatedGrid?> FindAsync(AppDbContext db, double latitude, double longitude, CancellationToken ct)
    {
        // Grid boundaries are small text; one pass over them is cheaper than keeping a spatial index for a few thousand.
        var grids = await db.Areas.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Level == AreaLevel.Grid && a.BoundaryGeoJson != null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.Name, a.AreaPath, a.BoundaryGeoJson }).ToListAsync(ct);
        foreach (var grid in grids)
        {
            if (Contains(grid.BoundaryGeoJson!, longitude, latitude)) return new LocatedGrid(grid.Id, grid.Name, grid.AreaPath);
        }
        return null;
    }

    /// <summary>True when (x = longitude, y = latitude) lies inside the geometry: inside an outer ring and in none of its holes.</summary>
    public static bool Contains(string geoJson, double x, double y)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var geometry = doc.RootElement;
            if (geometry.TryGetProperty("type", out var t) && t.GetString() == "Feature" && geometry.TryGetProperty("geometry", out var g))
                geometry = g;
            if (!geometry.TryGetProperty("type", out var type) || !geometry.TryGetProperty("coordinates", out var coordinates)) return false;
            return type.GetString() switch
            {
                "Polygon" => InPolygon(coordinates, x, y),
                "MultiPolygon" => coordinates.EnumerateArray().Any(polygon => InPolygon(polygon, x, y)),
                _ => false,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return false; // a malformed boundary contains nothing rather than failing every submission
        }
    }

    private static bool InPolygon(JsonElement rings, double x, double y)
    {
        var first = true;
        foreach (var ring in rings.EnumerateArray())
        {
            var inside = InRing(ring, x, y);
            if (first && !inside) return false;
            if (!first && inside) return false; // in a hole
            first = false;
        }
        return !first;
    }

    /// <summary>Even-odd ray casting towards +x.</summary>
    private static bool InRing(JsonElement ring, double x, double y)
    {
        var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        var inside = false;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
        {
            var (xi, yi) = points[i];
            var (xj, yj) = points[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }
}
