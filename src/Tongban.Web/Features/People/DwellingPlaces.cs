using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>Where a resident lives: the dwelling (possibly new, not yet saved), the building's area path (the resident's scope) and the readable address.</summary>
public sealed record DwellingPlace(Dwelling Dwelling, string AreaPath, string Address);

/// <summary>
/// Finds the dwelling a resident is registered at. A unit or room that is new in a known building is created
/// (registration often reaches rooms the building survey missed); buildings themselves are never created here.
/// </summary>
internal static class DwellingPlaces
{
    /// <summary>
    /// Checks the scope first (a logged 403 outside it, 422 when missing) and only then adds a missing unit or room to
    /// the context, so the caller saves it together with the resident.
    /// </summary>
    public static async Task<DwellingPlace> ResolveAsync(AppDbContext db, AuditLog audit, int? dwellingId, int? buildingId, string unitName, string room, CancellationToken ct)
    {
        try
        {
            if (dwellingId is { } id)
            {
                var dwelling = await PeopleLookup.DwellingAsync(db, audit, id, ct);
                var owner = await PeopleLookup.BuildingAsync(db, audit, dwelling.BuildingId, ct);
                var address = await PeopleLookup.AddressesAsync(db, [dwelling.Id], ct);
                return new DwellingPlace(dwelling, owner.AreaPath, address.GetValueOrDefault(dwelling.Id, dwelling.Number));
            }
            var building = await PeopleLookup.BuildingAsync(db, audit, buildingId ?? 0, ct);
            // The compound belongs to the community, which a grid worker does not see; its name is not sensitive.
            var compound = await db.Compounds.IgnoreQueryFilters().Where(c => c.Id == building.CompoundId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
            var found = await FindOrAddAsync(db, building, unitName, room, ct);
            return new DwellingPlace(found, building.AreaPath, ResidentWriter.AddressText(compound, building.Name, unitName, room));
        }
        catch (NotFoundException e)
        {
            throw new ValidationFailedException(dwellingId is null ? "buildingId" : "dwellingId", e.Message);
        }
    }

    public static async Task<Dwelling> FindOrAddAsync(AppDbContext db, Building building, string unitName, string room, CancellationToken ct)
    {
        var unit = await db.BuildingUnits.FirstOrDefaultAsync(u => u.BuildingId == building.Id && u.Name == unitName, ct);
        if (unit is null)
        {
            unit = new BuildingUnit { BuildingId = building.Id, Name = unitName, AreaPath = building.AreaPath };
            db.BuildingUnits.Add(unit);
        }
        else
        {
            var existing = await db.Dwellings.FirstOrDefaultAsync(d => d.BuildingUnitId == unit.Id && d.Number == room, ct);
            if (existing is not null) return existing;
        }
        var dwelling = new Dwelling { BuildingUnit = unit, BuildingId = building.Id, Number = room, Floor = FloorOf(room), AreaPath = building.AreaPath };
        db.Dwellings.Add(dwelling);
        return dwelling;
    }

    /// <summary>"1502" → 15, "301" → 3: Chinese room numbers put the floor before the last two digits.</summary>
    public static int FloorOf(string room)
    {
        var digits = 0;
        while (digits < room.Length && char.IsAsciiDigit(room[digits])) digits++;
        if (digits < 3) return 0;
        return int.TryParse(room.AsSpan(0, digits - 2), out var floor) ? floor : 0;
    }
}
