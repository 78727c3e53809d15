using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Where a building is: its name, its compound's name, its grid's path and its community.</summary>
public sealed record BuildingPlace(int Id, string Name, string AreaPath, string CompoundName, int CommunityId);

/// <summary>
/// Buildings as intake needs them, held in memory per building for <see cref="HeldData.Lifetime"/>: every QR or window
/// submission names one, and the same few hundred buildings of a community come up again and again. Read past the area
/// filter; the caller decides whether the building is within its scope (<see cref="AreaPaths.Contains"/>). A move to
/// another grid or a renamed compound saved on this node is seen at once (<see cref="HeldData"/>); "no such building"
/// is never held.
/// </summary>
public sealed class BuildingPlaces(TimeProvider clock)
{
    private const int MaxHeld = 200_000; // about 40 MB at the most; cleared rather than aged out one by one

    private readonly ConcurrentDictionary<int, (BuildingPlace Place, long Version, DateTimeOffset Until)> _held = new();

    /// <summary>The building, or null when there is no such building.</summary>
    public async Task<BuildingPlace?> FindAsync(AppDbContext db, int buildingId, CancellationToken ct)
    {
        if (_held.TryGetValue(buildingId, out var held) && held.Version == HeldData.Version && held.Until > clock.GetUtcNow()) return held.Place;
        var version = HeldData.Version;
        var place = await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == buildingId)
            .Join(db.Compounds.IgnoreQueryFilters(), b => b.CompoundId, c => c.Id, (b, c) => new BuildingPlace(b.Id, b.Name, b.AreaPath, c.Name, c.CommunityId))
            .FirstOrDefaultAsync(ct);
        // A miss is not held: the building may be being added on another node (its id is the next one), and a QR code
        // printed for it must work at once, not ten seconds later. A miss costs the same primary-key probe either way.
        if (place is null) return null;
        if (_held.Count >= MaxHeld) _held.Clear();
        _held[buildingId] = (place, version, clock.GetUtcNow() + HeldData.Lifetime);
        return place;
    }
}
