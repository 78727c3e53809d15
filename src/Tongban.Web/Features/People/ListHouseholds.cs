using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.People;

public sealed record HouseholdView(int Id, int DwellingId, string Address, int? HeadResidentId, IReadOnlyList<HouseholdMemberView> Members);

public sealed record HouseholdPage(IReadOnlyList<HouseholdView> Items, int Page, int PageSize, bool HasNext);

/// <summary>Households (户) with their members and relationship to the head, in the caller's area.</summary>
public static class ListHouseholds
{
    public const int PageSize = 50;

    public static async Task<HouseholdPage> HandleAsync(AppDbContext db, AuditLog audit, int? dwellingId, int? buildingId, int page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        page = Math.Max(1, page);
        var query = db.Households.AsNoTracking();
        if (dwellingId is { } d)
        {
            await PeopleLookup.DwellingAsync(db, audit, d, ct);
            query = query.Where(h => h.DwellingId == d);
        }
        if (buildingId is { } b)
        {
            await PeopleLookup.BuildingAsync(db, audit, b, ct);
            query = query.Where(h => db.Dwellings.Any(x => x.Id == h.DwellingId && x.BuildingId == b));
        }
        var rows = await query.OrderBy(h => h.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(h => new { h.Id, h.DwellingId, h.HeadResidentId }).ToListAsync(ct);
        var hasNext = rows.Count > PageSize;
        if (hasNext) rows.RemoveAt(rows.Count - 1);
        var items = await DescribeAsync(db, rows.Select(r => (r.Id, r.DwellingId, r.HeadResidentId)).ToList(), ct);
        return new HouseholdPage(items, page, PageSize, hasNext);
    }

    public static async Task<HouseholdView> OneAsync(AppDbContext db, AuditLog audit, int id, CancellationToken ct)
    {
        var h = await PeopleLookup.HouseholdAsync(db, audit, id, ct);
        return (await DescribeAsync(db, [(h.Id, h.DwellingId, h.HeadResidentId)], ct))[0];
    }

    private static async Task<List<HouseholdView>> DescribeAsync(AppDbContext db, IReadOnlyList<(int Id, int DwellingId, int? HeadResidentId)> households, CancellationToken ct)
    {
        var ids = households.Select(h => h.Id).ToList();
        var members = await db.Residents.AsNoTracking().Where(r => r.HouseholdId != null && ids.Contains(r.HouseholdId.Value)).OrderBy(r => r.Id)
            .Select(r => new { HouseholdId = r.HouseholdId!.Value, r.Id, r.Name, r.Gender, r.BirthYear, r.RelationshipToHead, r.IdNumberMasked })
            .ToListAsync(ct);
        var addresses = await PeopleLookup.AddressesAsync(db, households.Select(h => h.DwellingId).Distinct().ToList(), ct);
        return households.Select(h => new HouseholdView(h.Id, h.DwellingId, addresses.GetValueOrDefault(h.DwellingId, ""), h.HeadResidentId,
            members.Where(m => m.HouseholdId == h.Id)
                .Select(m => new HouseholdMemberView(m.Id, m.Name, m.Gender, m.BirthYear, m.RelationshipToHead, m.IdNumberMasked, m.Id == h.HeadResidentId))
                .ToList())).ToList();
    }
}
