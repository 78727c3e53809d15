using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Stores the boundary of a grid (or of a community or street, for the map above it) as a GeoJSON geometry.</summary>
public sealed class SetGridBoundary(AppDbContext db, AuditLog audit)
{
    /// <param name="GeoJson">A Polygon or MultiPolygon geometry, or a Feature holding one; blank with <paramref name="Clear"/> removes it.</param>
    public sealed record Request(string? GeoJson, bool Clear = false);

    public async Task<AreaSummary> HandleAsync(int id, Request request, CancellationToken ct)
    {
        var area = await PlaceLookup.AreaAsync(db, id, audit, ct);
        if (request.Clear)
        {
            area.SetBoundary(null);
        }
        else
        {
            var result = GeoJsonBoundary.Normalize(request.GeoJson);
            if (!result.IsValid) throw new ValidationFailedException("geoJson", result.Error!);
            area.SetBoundary(result.Geometry);
        }
        await db.SaveChangesAsync(ct);
        return AreaSummary.From(area, await PlaceCounts.ForAsync(db, area, ct));
    }
}
