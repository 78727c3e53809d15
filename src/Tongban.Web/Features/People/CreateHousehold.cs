using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

public sealed record HouseholdMemberInput(int ResidentId, string? RelationshipToHead);

public sealed record HouseholdInput(int? DwellingId, int? BuildingId, string? Unit, string? Room, IReadOnlyList<HouseholdMemberInput>? Members);

/// <summary>
/// Registers a household (立户) at a dwelling and moves the listed residents into it with their relationship to the head;
/// the member called "户主" becomes the head.
/// </summary>
public static class CreateHousehold
{
    public static async Task<HouseholdView> HandleAsync(AppDbContext db, AuditLog audit, HouseholdInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var members = input.Members ?? [];
        var v = new Validation();
        if (members.Count == 0) v.Add("members", "请至少添加一名家庭成员");
        if (members.Count > 50) v.Add("members", "一户最多50名成员");
        if (members.Select(m => m.ResidentId).Distinct().Count() != members.Count) v.Add("members", "同一居民不能重复添加");
        if (members.Count(m => m.RelationshipToHead?.Trim() == SaveResident.Head) > 1) v.Add("members", "一户只能有一名户主");
        foreach (var m in members)
        {
            var relationship = m.RelationshipToHead?.Trim() ?? "";
            if (relationship.Length > 20) v.Add("members", "与户主关系不能超过20个字");
            if (InputSafety.Problem(relationship) is { } problem) v.Add("members", problem);
        }
        if (input.DwellingId is null && (input.BuildingId is null || string.IsNullOrWhiteSpace(input.Unit) || string.IsNullOrWhiteSpace(input.Room)))
            v.Add("dwellingId", "请指定房屋：dwellingId，或 buildingId 加单元（unit）和房号（room）");
        v.ThrowIfInvalid();

        // Every scope check (a logged 403 outside it) comes before any write.
        var residents = new List<Resident>();
        foreach (var m in members) residents.Add(await PeopleLookup.ResidentAsync(db, audit, m.ResidentId, ct));
        var place = await DwellingPlaces.ResolveAsync(db, audit, input.DwellingId, input.BuildingId, input.Unit?.Trim() ?? "", input.Room?.Trim() ?? "", ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var household = new Household { Dwelling = place.Dwelling, AreaPath = place.AreaPath };
        db.Households.Add(household);
        var oldHouseholds = residents.Where(r => r.HouseholdId is not null).Select(r => r.HouseholdId!.Value).Distinct().ToList();
        foreach (var old in await db.Households.IgnoreQueryFilters().Where(h => oldHouseholds.Contains(h.Id)).ToListAsync(ct))
        {
            if (residents.Any(r => r.Id == old.HeadResidentId)) old.HeadResidentId = null;
        }
        foreach (var (resident, m) in residents.Zip(members))
        {
            resident.RelationshipToHead = m.RelationshipToHead?.Trim() ?? "";
            resident.Household = household;
            resident.Dwelling = place.Dwelling;
            ResidentWriter.Relocate(resident, null, place.AreaPath, place.Address);
        }
        await db.SaveChangesAsync(ct);
        household.HeadResidentId = residents.FirstOrDefault(r => r.RelationshipToHead == SaveResident.Head)?.Id;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await ListHouseholds.OneAsync(db, audit, household.Id, ct);
    }
}
