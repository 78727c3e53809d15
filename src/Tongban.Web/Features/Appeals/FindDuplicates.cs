using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Appeals;

public sealed record DuplicateCandidate(long Id, string Number, string TrackingCode, string Title, string State, DateTimeOffset SubmittedAt, int SupporterCount, double? DistanceMetres);

/// <summary>Open appeals of the same category at the same building or within a radius, offered before a duplicate is filed.</summary>
public sealed class FindDuplicates(AppDbContext db)
{
    public const double RadiusMetres = 150;

    public async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(int categoryId, int? buildingId, double? latitude, double? longitude,
        long? excludeId, bool publicIntake, CancellationToken ct = default)
    {
        var exclude = excludeId ?? 0; // a plain value: an expression here would be evaluated anew on every call
        var appeals = (publicIntake ? db.Appeals.IgnoreQueryFilters() : db.Appeals).AsNoTracking()
            .Where(a => a.CategoryId == categoryId && a.Id != exclude
                && (a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
                    || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress));
        if (buildingId is { } b)
        {
            var same = await appeals.Where(a => a.BuildingId == b).OrderByDescending(a => a.SupporterCount).ThenBy(a => a.Id).Take(5)
                .Select(a => new DuplicateCandidate(a.Id, a.Number, a.TrackingCode, a.Title, a.State.ToString(), a.SubmittedAt, a.SupporterCount, null))
                .ToListAsync(ct);
            if (same.Count > 0) return same;
        }
        if (latitude is not { } lat || longitude is not { } lon) return [];
        // A bounding box narrows the rows in SQL; the exact distance is checked here.
        var dLat = RadiusMetres / 111_320d;
        var dLon = RadiusMetres / (111_320d * Math.Cos(lat * Math.PI / 180));
        var near = await appeals.Where(a => a.Latitude >= lat - dLat && a.Latitude <= lat + dLat && a.Longitude >= lon - dLon && a.Longitude <= lon + dLon)
            .Take(50).Select(a => new { a.Id, a.Number, a.TrackingCode, a.Title, a.State, a.SubmittedAt, a.SupporterCount, a.Latitude, a.Longitude })
            .ToListAsync(ct);
        return near.Select(a => new DuplicateCandidate(a.Id, a.Number, a.TrackingCode, a.Title, a.State.ToString(), a.SubmittedAt, a.SupporterCount,
                Math.Round(Distance(lat, lon, a.Latitude!.Value, a.Longitude!.Value))))
            .Where(c => c.DistanceMetres <= RadiusMetres).OrderBy(c => c.DistanceMetres).Take(5).ToList();
    }

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        double ToRad(double d) => d * Math.PI / 180;
        var dLat = ToRad(lat2 - lat1);
        var dLon = ToRad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(ToRad(lat1)) * Math.Cos(ToRad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }
}
