using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

public sealed record HouseholdMemberView(int Id, string Name, string Gender, int? BirthYear, string RelationshipToHead, string? IdNumberMasked, bool IsHead);

/// <summary>A resident as staff see it: masked sensitive values, household members, visible tags.</summary>
public sealed record ResidentDetails(
    int Id,
    string Name,
    string Gender,
    int? BirthYear,
    string? IdNumberMasked,
    string? PhoneMasked,
    bool HasHealthRecord,
    string RelationshipToHead,
    int? DwellingId,
    int? BuildingId,
    string Unit,
    string Room,
    string Address,
    int? HouseholdId,
    IReadOnlyList<HouseholdMemberView> Household,
    IReadOnlyList<TagView> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Shows one resident (居民详情), masked.</summary>
public static class GetResident
{
    public static async Task<ResidentDetails> HandleAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var r = await PeopleLookup.ResidentAsync(db, audit, id, ct);
        var place = r.DwellingId is { } d
            ? await db.Dwellings.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == d)
                .Select(x => new { x.BuildingId, Unit = x.BuildingUnit!.Name, x.Number }).FirstOrDefaultAsync(ct)
            : null;
        var address = r.DwellingId is { } dwellingId ? (await PeopleLookup.AddressesAsync(db, [dwellingId], ct)).GetValueOrDefault(dwellingId, "") : "";
        var members = new List<HouseholdMemberView>();
        if (r.HouseholdId is { } householdId)
        {
            var head = await db.Households.Where(h => h.Id == householdId).Select(h => h.HeadResidentId).FirstOrDefaultAsync(ct);
            members = await db.Residents.AsNoTracking().Where(m => m.HouseholdId == householdId).OrderBy(m => m.Id)
                .Select(m => new HouseholdMemberView(m.Id, m.Name, m.Gender, m.BirthYear, m.RelationshipToHead, m.IdNumberMasked, m.Id == head))
                .ToListAsync(ct);
        }
        var tags = await PeopleLookup.TagsAsync(db, [r.Id], db.CurrentUser.HasPermission(Permissions.SensitiveView), ct);
        return new ResidentDetails(r.Id, r.Name, r.Gender, r.BirthYear, r.IdNumberMasked, r.PhoneMasked, r.HealthCipher is not null,
            r.RelationshipToHead, r.DwellingId, place?.BuildingId, place?.Unit ?? "", place?.Number ?? "", address, r.HouseholdId, members,
            tags.GetValueOrDefault(r.Id, []), r.CreatedAt, r.UpdatedAt);
    }
}
