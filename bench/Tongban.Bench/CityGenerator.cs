using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Demo;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// Scales the demo district to a city: district k copies the demo's streets, communities, grids, compounds and
/// buildings under its own code (99 + city + district), and households are filled until the resident target is
/// reached. Places go through EF; dwellings, households, residents and tags through the bulk writer.
/// </summary>
public sealed class CityGenerator(AppDbContext db, IBulkWriter bulk, SensitiveDataProtector protector, TextWriter log)
{
    public sealed record Result(int Districts, int Buildings, int Dwellings, int Households, int Residents, TimeSpan Places, TimeSpan People);

    public async Task<Result> GenerateAsync(int targetResidents, int? districtCount = null, int seed = 20261123)
    {
        await BuiltInTags.EnsureAsync(db);
        var tagIds = await db.Tags.ToDictionaryAsync(t => t.Code, t => t.Id);
        var districts = districtCount ?? Math.Max(1, (int)Math.Ceiling(targetResidents / 9_000d));
        var placeClock = Stopwatch.StartNew();
        db.SuppressEntityAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var dwellingRows = new List<(int Id, int UnitId, int BuildingId, int Floor, string Number, decimal Area, string AreaPath, string Address)>();
        var nextDwellingId = (await db.Dwellings.IgnoreQueryFilters().MaxAsync(d => (int?)d.Id) ?? 0) + 1;
        var buildingCount = 0;
        var random = new Random(seed);
        for (var k = 0; k < districts; k++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"99{k / 99 + 1:00}{k % 99 + 1:00}");
            if (await db.Areas.IgnoreQueryFilters().AnyAsync(a => a.Code == prefix + "000000")) continue;
            var district = Area(prefix + "000000", $"城区{k + 1}（基准）", AreaLevel.District, null);
            db.Areas.Add(district);
            await db.SaveChangesAsync();
            foreach (var streetPlan in DemoDistrict.Streets)
            {
                var street = Area(prefix + streetPlan.Code[6..], streetPlan.Name, AreaLevel.Street, district);
                db.Areas.Add(street);
                await db.SaveChangesAsync();
                foreach (var plan in streetPlan.Communities)
                {
                    var community = Area(prefix + plan.Code[6..], plan.Name, AreaLevel.Community, street);
                    db.Areas.Add(community);
                    await db.SaveChangesAsync();
                    var grids = Enumerable.Range(1, plan.Grids)
                        .Select(g => Area(community.Code + g.ToString("000", CultureInfo.InvariantCulture), plan.Name + DemoDistrict.GridNames[g - 1], AreaLevel.Grid, community)).ToList();
                    db.Areas.AddRange(grids);
                    await db.SaveChangesAsync();
                    var total = plan.Compounds.Sum(c => c.Buildings);
                    var index = 0;
                    foreach (var compoundPlan in plan.Compounds)
                    {
                        var compound = new Compound { Name = compoundPlan.Name, Address = compoundPlan.Address, CommunityId = community.Id, AreaPath = community.AreaPath, PropertyCompany = compoundPlan.PropertyCompany, IsSample = true };
                        db.Compounds.Add(compound);
                        await db.SaveChangesAsync();
                        var buildings = new List<Building>();
                        for (var b = 1; b <= compoundPlan.Buildings; b++, index++)
                        {
                            var grid = grids[index * plan.Grids / total];
                            var building = new Building { Name = $"{b}号楼", CompoundId = compound.Id, GridId = grid.Id, AreaPath = grid.AreaPath, Floors = compoundPlan.Floors };
                            for (var u = 1; u <= compoundPlan.Units; u++) building.Units.Add(new BuildingUnit { Name = $"{u}单元", AreaPath = grid.AreaPath });
                            buildings.Add(building);
                        }
                        db.Buildings.AddRange(buildings);
                        db.ChangeTracker.DetectChanges();
                        await db.SaveChangesAsync();
                        buildingCount += buildings.Count;
                        foreach (var building in buildings)
                        foreach (var unit in building.Units)
                        for (var floor = 1; floor <= building.Floors; floor++)
                        for (var door = 1; door <= compoundPlan.PerFloor; door++)
                        {
                            var number = (floor * 100 + door).ToString(CultureInfo.InvariantCulture);
                            dwellingRows.Add((nextDwellingId++, unit.Id, building.Id, floor, number, Math.Round(55m + random.Next(0, 8500) / 100m, 2), building.AreaPath,
                                ResidentWriter.AddressText(compound.Name, building.Name, unit.Name, number)));
                        }
                    }
                    db.ChangeTracker.Clear();
                }
            }
            log.Write($"\r  places: {k + 1}/{districts} districts");
        }
        log.WriteLine();
        await bulk.WriteAsync("Dwellings", ["Id", "BuildingUnitId", "BuildingId", "Floor", "Number", "ExclusiveArea", "AreaPath"],
            dwellingRows.Select(d => new object?[] { d.Id, d.UnitId, d.BuildingId, d.Floor, d.Number, d.Area, d.AreaPath }));
        placeClock.Stop();

        var peopleClock = Stopwatch.StartNew();
        var nextHouseholdId = (await db.Households.IgnoreQueryFilters().MaxAsync(h => (int?)h.Id) ?? 0) + 1;
        var nextResidentId = (await db.Residents.IgnoreQueryFilters().MaxAsync(r => (int?)r.Id) ?? 0) + 1;
        var generator = new DemoPeopleGenerator(seed, new DateOnly(2026, 11, 23), "990101");
        var households = new List<object?[]>();
        var residents = new List<object?[]>();
        var tags = new List<object?[]>();
        var now = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var residentCount = 0;
        foreach (var d in dwellingRows)
        {
            if (residentCount >= targetResidents) break;
            var householdId = nextHouseholdId++;
            int? headId = null;
            foreach (var person in generator.NextHousehold())
            {
                var r = new Resident { Id = nextResidentId++, Name = person.Name, RelationshipToHead = person.Relationship };
                ResidentWriter.Apply(r, person.IdNumber, person.Phone, person.Health, protector, d.Address);
                headId ??= r.Id;
                residents.Add([r.Id, r.Name, r.Gender, r.BirthYear, householdId, r.RelationshipToHead, d.Id, d.AreaPath, r.IdNumberCipher, r.IdNumberHash, r.IdNumberMasked,
                    r.PhoneCipher, r.PhoneHash, r.PhoneMasked, r.HealthCipher, r.NameInitials, r.SearchText, now, now]);
                foreach (var code in person.TagCodes) tags.Add([r.Id, tagIds[code]]);
                residentCount++;
            }
            households.Add([householdId, d.Id, headId, d.AreaPath]);
            if (residents.Count >= 100_000) await FlushAsync();
        }
        await FlushAsync();
        log.WriteLine();
        peopleClock.Stop();
        return new Result(districts, buildingCount, dwellingRows.Count, nextHouseholdId - 1, residentCount, placeClock.Elapsed, peopleClock.Elapsed);

        async Task FlushAsync()
        {
            await bulk.WriteAsync("Households", ["Id", "DwellingId", "HeadResidentId", "AreaPath"], households);
            await bulk.WriteAsync("Residents", ["Id", "Name", "Gender", "BirthYear", "HouseholdId", "RelationshipToHead", "DwellingId", "AreaPath",
                "IdNumberCipher", "IdNumberHash", "IdNumberMasked", "PhoneCipher", "PhoneHash", "PhoneMasked", "HealthCipher", "NameInitials", "SearchText",
                "CreatedAt", "UpdatedAt"], residents);
            await bulk.WriteAsync("ResidentTags", ["ResidentId", "TagId"], tags);
            log.Write($"\r  people: {residentCount:N0} residents");
            households.Clear();
            residents.Clear();
            tags.Clear();
        }
    }

    private static Area Area(string code, string name, AreaLevel level, Area? parent) => new()
    {
        Code = code, Name = name, Level = level, ParentId = parent?.Id, IsSample = true, AreaPath = (parent?.AreaPath ?? "") + code + "/",
    };
}
