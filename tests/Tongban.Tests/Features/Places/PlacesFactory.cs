using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Places;

/// <summary>
/// An empty database with a small tree of its own: one district, one street, two communities (A with grids A1 and A2,
/// B with grid B1), compounds, buildings with units and dwellings, households and residents, and three staff users.
/// </summary>
public sealed class PlacesFactory : EmptyTongbanFactory, IAsyncLifetime
{
    public const string Admin = "places-admin";          // district, admin
    public const string Secretary = "places-secretary";  // community A, community_admin
    public const string GridWorker = "places-grid";      // grid A1, grid_worker

    public Area District { get; private set; } = null!;
    public Area Street { get; private set; } = null!;
    public Area CommunityA { get; private set; } = null!;
    public Area CommunityB { get; private set; } = null!;
    public Area GridA1 { get; private set; } = null!;
    public Area GridA2 { get; private set; } = null!;
    public Area GridB1 { get; private set; } = null!;
    public Compound CompoundA { get; private set; } = null!;
    public Compound CompoundB { get; private set; } = null!;

    /// <summary>In grid A1, seen by the grid worker; never moved by a test.</summary>
    public Building BuildingA1 { get; private set; } = null!;
    /// <summary>In grid A2: inside the secretary's community, outside the grid worker's grid.</summary>
    public Building BuildingA2 { get; private set; } = null!;
    /// <summary>In grid B1: outside the secretary's community.</summary>
    public Building BuildingB1 { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = SystemScope(out var db);
        await SeedAsync(scope.ServiceProvider, db);
    }

    private async Task SeedAsync(IServiceProvider services, AppDbContext db)
    {
        District = NewArea(null, "990101000000", "清源区（测试）", AreaLevel.District);
        Street = NewArea(District, "990101001000", "东关街道", AreaLevel.Street);
        CommunityA = NewArea(Street, "990101001001", "杏花社区", AreaLevel.Community);
        CommunityB = NewArea(Street, "990101001002", "柳巷社区", AreaLevel.Community);
        GridA1 = NewArea(CommunityA, "990101001001001", "杏花第一网格", AreaLevel.Grid);
        GridA2 = NewArea(CommunityA, "990101001001002", "杏花第二网格", AreaLevel.Grid);
        GridB1 = NewArea(CommunityB, "990101001002001", "柳巷第一网格", AreaLevel.Grid);
        db.Areas.AddRange(District, Street, CommunityA, CommunityB, GridA1, GridA2, GridB1);
        await db.SaveChangesAsync();

        CompoundA = new Compound { Name = "杏花苑", Address = "杏花路1号", CommunityId = CommunityA.Id, AreaPath = CommunityA.AreaPath };
        CompoundB = new Compound { Name = "柳巷小区", Address = "柳巷2号", CommunityId = CommunityB.Id, AreaPath = CommunityB.AreaPath };
        db.Compounds.AddRange(CompoundA, CompoundB);
        await db.SaveChangesAsync();

        BuildingA1 = await AddBuildingAsync(db, CompoundA, GridA1, "1号楼", residentsPerDwelling: 1);
        BuildingA2 = await AddBuildingAsync(db, CompoundA, GridA2, "2号楼", residentsPerDwelling: 1);
        BuildingB1 = await AddBuildingAsync(db, CompoundB, GridB1, "1号楼", residentsPerDwelling: 1);

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        await AddUserAsync(services, Admin, District, Roles.Admin);
        await AddUserAsync(services, Secretary, CommunityA, Roles.CommunityAdmin);
        await AddUserAsync(services, GridWorker, GridA1, Roles.GridWorker);
    }

    public static Area NewArea(Area? parent, string code, string name, AreaLevel level) => new()
    {
        Code = code,
        Name = name,
        Level = level,
        Parent = parent,
        AreaPath = AreaCodes.PathFor(parent?.AreaPath, code),
    };

    /// <summary>A building with two units of three floors, two dwellings a floor, and households with residents.</summary>
    public static async Task<Building> AddBuildingAsync(AppDbContext db, Compound compound, Area grid, string name, int residentsPerDwelling)
    {
        var building = new Building { Name = name, CompoundId = compound.Id, GridId = grid.Id, AreaPath = grid.AreaPath, Floors = 3 };
        db.Buildings.Add(building);
        for (var u = 1; u <= 2; u++)
        {
            var unit = new BuildingUnit { Building = building, Name = $"{u}单元", AreaPath = grid.AreaPath };
            db.BuildingUnits.Add(unit);
            for (var floor = 1; floor <= 3; floor++)
            {
                for (var i = 1; i <= 2; i++)
                {
                    var dwelling = new Dwelling
                    {
                        Building = building, BuildingUnit = unit, Number = $"{floor}0{i}", Floor = floor, ExclusiveArea = 88.5m, AreaPath = grid.AreaPath,
                    };
                    db.Dwellings.Add(dwelling);
                    var household = new Household { Dwelling = dwelling, AreaPath = grid.AreaPath };
                    db.Households.Add(household);
                    for (var r = 0; r < residentsPerDwelling; r++)
                    {
                        db.Residents.Add(new Resident
                        {
                            Name = "测试居民", Gender = "女", Household = household, Dwelling = dwelling, AreaPath = grid.AreaPath,
                            NameInitials = "csjm", SearchText = "测 试 居 民", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                        });
                    }
                }
            }
        }
        await db.SaveChangesAsync();
        return building;
    }

    private static async Task AddUserAsync(IServiceProvider services, string userName, Area area, string role)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = userName, AreaId = area.Id, AreaPath = area.AreaPath, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, DemoPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }
}
