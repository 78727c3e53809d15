using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

public sealed record PublicBuilding(int Id, string Name, string Code);

/// <summary>What a resident sees after scanning a poster: the building (or compound) and where it is.</summary>
public sealed record PublicPlace(string Code, PlaceCodeKind Kind, int? BuildingId, string? BuildingName, int CompoundId, string CompoundName,
    string CompoundAddress, int CommunityId, string CommunityName, bool IsSample, IReadOnlyList<PublicBuilding> Buildings)
{
    public string Title => BuildingName is null ? CompoundName : $"{CompoundName}{BuildingName}";
}

public sealed record PublicCommunity(int Id, string Name, string StreetName);

/// <summary>
/// Looks up the place behind a QR short code. Residents have no account, so this reads past the area filter on
/// purpose and returns only names and ids that are printed on the poster anyway.
/// </summary>
public sealed class FindPlace(AppDbContext db)
{
    public async Task<PublicPlace?> ByCodeAsync(string? code, CancellationToken ct = default)
    {
        if (!PlaceCode.TryParse(code, out var kind, out var id)) return null;
        int compoundId;
        int? buildingId = null;
        string? buildingName = null;
        if (kind == PlaceCodeKind.Building)
        {
            var building = await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == id)
                .Select(b => new { b.Id, b.Name, b.CompoundId }).FirstOrDefaultAsync(ct);
            if (building is null) return null;
            (compoundId, buildingId, buildingName) = (building.CompoundId, building.Id, building.Name);
        }
        else compoundId = id;

        var compound = await db.Compounds.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == compoundId)
            .Select(c => new { c.Id, c.Name, c.Address, c.CommunityId, Community = c.Community!.Name, c.IsSample }).FirstOrDefaultAsync(ct);
        if (compound is null) return null;
        var buildings = kind == PlaceCodeKind.Compound
            ? (await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.CompoundId == compound.Id)
                .Select(b => new { b.Id, b.Name }).ToListAsync(ct))
                .OrderBy(b => b.Name.Length).ThenBy(b => b.Name, StringComparer.Ordinal)
                .Select(b => new PublicBuilding(b.Id, b.Name, PlaceCode.ForBuilding(b.Id))).ToList()
            : [];
        return new PublicPlace(kind == PlaceCodeKind.Building ? PlaceCode.ForBuilding(id) : PlaceCode.ForCompound(id), kind, buildingId, buildingName,
            compound.Id, compound.Name, compound.Address, compound.CommunityId, compound.Community, compound.IsSample, buildings);
    }

    /// <summary>Communities a resident can pick when reporting without a QR code (then with a written address).</summary>
    public async Task<IReadOnlyList<PublicCommunity>> CommunitiesAsync(CancellationToken ct = default) =>
        await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == Places.AreaLevel.Community)
            .OrderBy(a => a.Code).Select(a => new PublicCommunity(a.Id, a.Name, a.Parent!.Name)).ToListAsync(ct);
}
