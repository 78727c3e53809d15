using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>The grids a building belonged to before, newest first.</summary>
public sealed class GetBuildingGridHistory(AppDbContext db, AuditLog audit)
{
    public async Task<IReadOnlyList<GridChangeView>> HandleAsync(int buildingId, CancellationToken ct)
    {
        await PlaceLookup.BuildingAsync(db, buildingId, audit, ct);
        // Each row carries the grid of its own time; the building is visible, so all of its history is.
        var rows = await db.BuildingGridChanges.IgnoreQueryFilters().AsNoTracking().Where(c => c.BuildingId == buildingId)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).ToListAsync(ct);
        var names = await PlaceNames.ForAsync(db, [], rows.SelectMany(r => new[] { r.FromGridId, r.ToGridId }), ct);
        return rows.Select(r => new GridChangeView(r.Id, r.FromGridId, names.Grid(r.FromGridId), r.ToGridId, names.Grid(r.ToGridId),
            r.ChangedAt, r.ChangedBy, r.Reason)).ToList();
    }
}
