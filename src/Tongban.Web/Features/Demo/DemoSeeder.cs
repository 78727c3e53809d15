using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Demo;

/// <summary>
/// Fills an empty database with the invented demo district: places, staff accounts and residents.
/// Deterministic: the same seed gives the same district, names and numbers every time.
/// </summary>
public sealed partial class DemoSeeder(AppDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roles,
    DemoOptions options, SensitiveDataProtector protector, TimeProvider clock, Services.AppointmentSlots hours, ILogger<DemoSeeder> logger)
{
    private const int Seed = 20261123;

    public async Task SeedAsync(string password, CancellationToken ct = default)
    {
        if (await db.Areas.IgnoreQueryFilters().AnyAsync(ct)) return;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await EnsureRolesAsync();
        var places = await SeedPlacesAsync(ct);
        var placesMs = started.ElapsedMilliseconds;
        await SeedUsersAsync(places, password);
        var usersMs = started.ElapsedMilliseconds - placesMs;
        var (households, residents) = await SeedResidentsAsync(places, ct);
        var residentsMs = started.ElapsedMilliseconds - placesMs - usersMs;
        await Open311.Open311Demo.EnsureDemoKeyAsync(db, clock, ct);
        await Appeals.DemoAppeals.SeedAsync(db, clock, ct);
        await Disputes.DemoDisputes.SeedAsync(db, clock, ct);
        await Services.DemoServices.SeedAsync(db, clock, hours, ct);
        await Outreach.DemoOutreach.SeedAsync(db, clock, ct);
        await AuditChain.AppendAsync(db, [new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserName = "系统",
            Action = "demo-seed",
            EntityType = "Demo",
            EntityId = DemoDistrict.DistrictCode,
            AreaPath = places.District.AreaPath,
            Detail = $"载入示例数据：{places.Buildings.Count}栋楼，{places.Dwellings.Count}户房屋，{households}户家庭，{residents}名居民",
        }], ct);
        logger.LogInformation("Demo district seeded in {Elapsed} ms (places {PlacesMs} ms, accounts {UsersMs} ms, residents {ResidentsMs} ms): {Buildings} buildings, {Households} households, {Residents} residents",
            started.ElapsedMilliseconds, placesMs, usersMs, residentsMs, places.Buildings.Count, households, residents);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>What the later steps need from the places just created.</summary>
    internal sealed record SeededPlaces(Area District, List<Area> Streets, List<Area> Communities, List<Area> Grids,
        List<Compound> Compounds, List<Building> Buildings, List<Dwelling> Dwellings);

    private async Task<SeededPlaces> SeedPlacesAsync(CancellationToken ct)
    {
        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var district = NewArea(DemoDistrict.DistrictCode, DemoDistrict.DistrictName, AreaLevel.District, null);
            district.BoundaryGeoJson = Rectangle(DemoDistrict.West, DemoDistrict.South, DemoDistrict.East, DemoDistrict.North);
            db.Areas.Add(district);
            await db.SaveChangesAsync(ct);

            var streets = new List<Area>();
            var communities = new List<Area>();
            var grids = new List<Area>();
            var compounds = new List<Compound>();
            var buildings = new List<Building>();
            var width = (DemoDistrict.East - DemoDistrict.West) / DemoDistrict.Streets.Length;
            for (var s = 0; s < DemoDistrict.Streets.Length; s++)
            {
                var streetPlan = DemoDistrict.Streets[s];
                double sw = DemoDistrict.West + s * width, se = sw + width;
                var street = NewArea(streetPlan.Code, streetPlan.Name, AreaLevel.Street, district);
                street.BoundaryGeoJson = Rectangle(sw, DemoDistrict.South, se, DemoDistrict.North);
                db.Areas.Add(street);
                await db.SaveChangesAsync(ct);
                streets.Add(street);
                var height = (DemoDistrict.North - DemoDistrict.South) / streetPlan.Communities.Length;
                for (var c = 0; c < streetPlan.Communities.Length; c++)
                {
                    var plan = streetPlan.Communities[c];
                    double cs = DemoDistrict.South + c * height, cn = cs + height;
                    var community = NewArea(plan.Code, plan.Name, AreaLevel.Community, street);
                    community.BoundaryGeoJson = Rectangle(sw, cs, se, cn);
                    db.Areas.Add(community);
                    await db.SaveChangesAsync(ct);
                    communities.Add(community);

                    var communityGrids = new List<Area>();
                    var gridWidth = width / plan.Grids;
                    for (var g = 0; g < plan.Grids; g++)
                    {
                        var grid = NewArea(plan.Code + (g + 1).ToString("000", CultureInfo.InvariantCulture), plan.Name + DemoDistrict.GridNames[g], AreaLevel.Grid, community);
                        grid.BoundaryGeoJson = Rectangle(sw + g * gridWidth, cs, sw + (g + 1) * gridWidth, cn);
                        communityGrids.Add(grid);
                    }
                    db.Areas.AddRange(communityGrids);
                    await db.SaveChangesAsync(ct);
                    grids.AddRange(communityGrids);

                    // The community's buildings, across its compounds in order, are split into one contiguous run per grid.
                    var total = plan.Compounds.Sum(p => p.Buildings);
                    var index = 0;
                    foreach (var compoundPlan in plan.Compounds)
                    {
                        var compound = new Compound
                        {
                            Name = compoundPlan.Name, Address = compoundPlan.Address, PropertyCompany = compoundPlan.PropertyCompany,
                            CommunityId = community.Id, AreaPath = community.AreaPath, IsSample = true,
                        };
                        db.Compounds.Add(compound);
                        await db.SaveChangesAsync(ct);
                        compounds.Add(compound);
                        for (var b = 1; b <= compoundPlan.Buildings; b++, index++)
                        {
                            var gridIndex = index * plan.Grids / total;
                            var grid = communityGrids[gridIndex];
                            var withinGrid = index - (gridIndex * total + plan.Grids - 1) / plan.Grids;
                            var building = new Building
                            {
                                Name = $"{b}号楼", CompoundId = compound.Id, GridId = grid.Id, AreaPath = grid.AreaPath, Floors = compoundPlan.Floors,
                                Longitude = Math.Round(sw + gridIndex * gridWidth + gridWidth * (0.2 + 0.15 * (withinGrid % 5)), 6),
                                Latitude = Math.Round(cs + height * (0.25 + 0.12 * (withinGrid / 5 % 5)), 6),
                            };
                            for (var u = 1; u <= compoundPlan.Units; u++)
                                building.Units.Add(new BuildingUnit { Name = $"{u}单元", AreaPath = grid.AreaPath });
                            buildings.Add(building);
                        }
                    }
                }
            }
            db.Buildings.AddRange(buildings);
            await db.SaveChangesAsync(ct);

            var dwellings = new List<Dwelling>();
            var random = new Random(Seed);
            foreach (var building in buildings)
            {
                var plan = PlanOf(building, compounds);
                foreach (var unit in building.Units)
                {
                    for (var floor = 1; floor <= building.Floors; floor++)
                    {
                        for (var door = 1; door <= plan.PerFloor; door++)
                        {
                            dwellings.Add(new Dwelling
                            {
                                BuildingUnitId = unit.Id, BuildingId = building.Id, Floor = floor,
                                Number = (floor * 100 + door).ToString(CultureInfo.InvariantCulture),
                                ExclusiveArea = Math.Round(55m + random.Next(0, 8500) / 100m, 2),
                                AreaPath = building.AreaPath,
                            });
                        }
                    }
                }
            }
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var chunk in dwellings.Chunk(2000))
            {
                db.Dwellings.AddRange(chunk);
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            await transaction.CommitAsync(ct);
            return new SeededPlaces(district, streets, communities, grids, compounds, buildings, dwellings);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
    }

    private static DemoDistrict.CompoundPlan PlanOf(Building building, List<Compound> compounds)
    {
        var name = compounds.First(c => c.Id == building.CompoundId).Name;
        return DemoDistrict.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Compounds).First(p => p.Name == name);
    }

    private static Area NewArea(string code, string name, AreaLevel level, Area? parent) => new()
    {
        Code = code, Name = name, Level = level, ParentId = parent?.Id, IsSample = true,
        AreaPath = (parent?.AreaPath ?? "") + code + "/",
    };

    private static string Rectangle(double west, double south, double east, double north)
    {
        static string P(double lon, double lat) => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(lon, 6)},{Math.Round(lat, 6)}]");
        return new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[")
            .Append(P(west, south)).Append(',').Append(P(east, south)).Append(',').Append(P(east, north)).Append(',')
            .Append(P(west, north)).Append(',').Append(P(west, south)).Append("]]}").ToString();
    }

    private async Task SeedUsersAsync(SeededPlaces places, string password)
    {
        var hash = users.PasswordHasher.HashPassword(new StaffUser(), password); // one hash for every demo account keeps seeding fast
        var accounts = new List<(string UserName, string DisplayName, string Role, Area Scope)>
        {
            ("admin", "系统管理员", Roles.Admin, places.District),
            ("dept1", "区住建局联络员", Roles.DepartmentLiaison, places.District),
            // The police station's liaison receives high-risk dispute alerts (公安联动) and 吹哨 summons in the app.
            ("police1", "清源派出所联络员", Roles.DepartmentLiaison, places.District),
        };
        for (var s = 0; s < places.Streets.Count; s++)
            accounts.Add(($"street{s + 1}", $"{places.Streets[s].Name}综治中心", Roles.Centre, places.Streets[s]));
        for (var c = 0; c < places.Communities.Count; c++)
        {
            var community = places.Communities[c];
            accounts.Add(($"secretary{c + 1}", $"{community.Name}书记", Roles.CommunityAdmin, community));
            accounts.Add(($"window{c + 1}", $"{community.Name}百通岗", Roles.WindowStaff, community));
            accounts.Add(($"mediator{c + 1}", $"{community.Name}调解员", Roles.Mediator, community));
        }
        for (var g = 0; g < places.Grids.Count; g++)
            accounts.Add(($"grid{g + 1}", $"{places.Grids[g].Name}网格员", Roles.GridWorker, places.Grids[g]));
        accounts.Add(("volunteer1", "志愿者（示例）", Roles.Volunteer, places.Communities[0]));

        // Written in one batch rather than through UserManager one by one: the same rows, a fraction of the time.
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        foreach (var (userName, displayName, role, scope) in accounts)
        {
            var user = new StaffUser
            {
                UserName = userName, NormalizedUserName = users.NormalizeName(userName), DisplayName = displayName,
                AreaId = scope.Id, AreaPath = scope.AreaPath, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"),
                CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        }
        await db.SaveChangesAsync();
    }
}
