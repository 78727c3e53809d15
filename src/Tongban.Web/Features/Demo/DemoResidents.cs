using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// Households in a share (Demo:Scale) of the dwellings, with invented members and tags. Bulk-inserted in one
    /// transaction with one summary audit entry; every derived field goes through ResidentWriter like any other write.
    /// </summary>
    private async Task<(int Households, int Residents)> SeedResidentsAsync(SeededPlaces places, CancellationToken ct)
    {
        await BuiltInTags.EnsureAsync(db, ct);
        var tagIds = await db.Tags.ToDictionaryAsync(t => t.Code, t => t.Id, ct);
        var compounds = places.Compounds.ToDictionary(c => c.Id, c => c.Name);
        var buildings = places.Buildings.ToDictionary(b => b.Id);
        var units = places.Buildings.SelectMany(b => b.Units).ToDictionary(u => u.Id, u => u.Name);
        var generator = new DemoPeopleGenerator(Seed, clock.Today());
        var occupancy = new Random(Seed + 1);
        var now = clock.GetUtcNow();

        var households = new List<(Household Household, IReadOnlyList<DemoPerson> People, string Address)>();
        foreach (var dwelling in places.Dwellings)
        {
            if (occupancy.NextDouble() >= options.Scale) continue;
            var building = buildings[dwelling.BuildingId];
            var address = ResidentWriter.AddressText(compounds[building.CompoundId], building.Name, units[dwelling.BuildingUnitId], dwelling.Number);
            households.Add((new Household { DwellingId = dwelling.Id, AreaPath = dwelling.AreaPath }, generator.NextHousehold(), address));
        }

        db.SuppressEntityAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BulkInsert.RunAsync(db, households.Select(h => h.Household).ToList(), ct);
            var residents = new List<(Resident Resident, IReadOnlyList<string> Tags)>();
            foreach (var (household, people, address) in households)
            {
                foreach (var person in people)
                {
                    var resident = new Resident { Name = person.Name, RelationshipToHead = person.Relationship, CreatedAt = now, UpdatedAt = now };
                    ResidentWriter.Apply(resident, person.IdNumber, person.Phone, person.Health, protector, address);
                    ResidentWriter.PlaceIn(resident, household.DwellingId, household.AreaPath, household.Id);
                    residents.Add((resident, person.TagCodes));
                }
            }
            await BulkInsert.RunAsync(db, residents.Select(r => r.Resident).ToList(), ct);
            db.ResidentTags.AddRange(residents.SelectMany(r => r.Tags.Select(code => new ResidentTag { ResidentId = r.Resident.Id, TagId = tagIds[code] })));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE "Households" SET "HeadResidentId" = (
                  SELECT MIN(r."Id") FROM "Residents" r WHERE r."HouseholdId" = "Households"."Id" AND r."RelationshipToHead" = '户主')
                WHERE "HeadResidentId" IS NULL
                """, ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return (households.Count, residents.Count);
        }
        finally
        {
            db.SuppressEntityAudit = false;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }
}
