using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.People;

/// <summary>
/// A small world of its own for the People tests: one district, two communities, three grids with one building each,
/// staff at every level and three residents. Built once per factory (one database per test class).
/// </summary>
public sealed class PeopleWorld
{
    public const string District = "990301000000/";
    public const string Street = District + "990301001000/";
    public const string Community1 = Street + "990301001001/";
    public const string Community2 = Street + "990301001002/";
    public const string Grid1 = Community1 + "990301001001001/";
    public const string Grid2 = Community1 + "990301001001002/";
    public const string Grid3 = Community2 + "990301001002001/";

    public static readonly string ZhangId = IdNumber("11010119900307123");
    public const string ZhangPhone = "13800138000";
    public const string ZhangHealth = "肢体残疾 二级";
    public static readonly string LiId = IdNumber("11010119851111456");
    public const string LiPhone = "13912345678";
    public static readonly string WangId = IdNumber("11010119700101789");

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<TongbanFactory, PeopleWorld> Built = [];

    public int Grid1Id { get; private set; }
    public int Grid2Id { get; private set; }
    public int Community1Id { get; private set; }
    public int Building3Id { get; private set; }  // 晨光小区 3号楼, grid 1
    public int Building5Id { get; private set; }  // 晨光小区 5号楼, grid 2
    public int EastBuildingId { get; private set; } // 东湖小区 1号楼, grid 3
    public int Dwelling301Id { get; private set; }
    public int ZhangResidentId { get; private set; }
    public int LiResidentId { get; private set; }
    public int WangResidentId { get; private set; }

    /// <summary>"110101199003071234"-style: 17 digits plus the GB 11643 check character.</summary>
    public static string IdNumber(string first17) => first17 + ChinaIdentity.CheckCharacter(first17);

    public static async Task<PeopleWorld> EnsureAsync(TongbanFactory factory)
    {
        await Gate.WaitAsync();
        try
        {
            if (Built.TryGetValue(factory, out var world)) return world;
            world = new PeopleWorld();
            await world.BuildAsync(factory);
            Built[factory] = world;
            return world;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task BuildAsync(TongbanFactory factory)
    {
        await using (var scope = factory.SystemScope(out var db))
        {
            await BuiltInTags.EnsureAsync(db);
            var district = Area("990301000000", "测试区（示例）", AreaLevel.District, null, District);
            db.Areas.Add(district);
            await db.SaveChangesAsync();
            var street = Area("990301001000", "测试街道", AreaLevel.Street, district.Id, Street);
            db.Areas.Add(street);
            await db.SaveChangesAsync();
            var c1 = Area("990301001001", "晨光社区", AreaLevel.Community, street.Id, Community1);
            var c2 = Area("990301001002", "东湖社区", AreaLevel.Community, street.Id, Community2);
            db.Areas.AddRange(c1, c2);
            await db.SaveChangesAsync();
            var g1 = Area("990301001001001", "晨光第一网格", AreaLevel.Grid, c1.Id, Grid1);
            var g2 = Area("990301001001002", "晨光第二网格", AreaLevel.Grid, c1.Id, Grid2);
            var g3 = Area("990301001002001", "东湖第一网格", AreaLevel.Grid, c2.Id, Grid3);
            db.Areas.AddRange(g1, g2, g3);
            await db.SaveChangesAsync();
            Grid1Id = g1.Id;
            Grid2Id = g2.Id;
            Community1Id = c1.Id;

            var morning = new Compound { Name = "晨光小区", Address = "测试路1号", CommunityId = c1.Id, AreaPath = Community1, IsSample = true };
            var east = new Compound { Name = "东湖小区", Address = "测试路2号", CommunityId = c2.Id, AreaPath = Community2, IsSample = true };
            db.Compounds.AddRange(morning, east);
            await db.SaveChangesAsync();
            var b3 = Building(morning, "3号楼", g1);
            var b5 = Building(morning, "5号楼", g2);
            var be = Building(east, "1号楼", g3);
            db.Buildings.AddRange(b3, b5, be);
            await db.SaveChangesAsync();
            Building3Id = b3.Id;
            Building5Id = b5.Id;
            EastBuildingId = be.Id;

            var d301 = Dwelling(b3, "301");
            var d101 = Dwelling(b3, "101");
            var d5 = Dwelling(b5, "201");
            var de = Dwelling(be, "102");
            db.Dwellings.AddRange(d301, d101, d5, de);
            await db.SaveChangesAsync();
            Dwelling301Id = d301.Id;

            var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
            var zhang = await ResidentAsync(db, protector, "张晓明", ZhangId, ZhangPhone, ZhangHealth, d301, "晨光小区", "3号楼", "户主");
            var li = await ResidentAsync(db, protector, "李华", LiId, LiPhone, null, d5, "晨光小区", "5号楼", "户主");
            var wang = await ResidentAsync(db, protector, "王芳", WangId, null, null, de, "东湖小区", "1号楼", "户主");
            ZhangResidentId = zhang.Id;
            LiResidentId = li.Id;
            WangResidentId = wang.Id;
            var party = await db.Tags.SingleAsync(t => t.Code == BuiltInTags.PartyMember);
            var disabled = await db.Tags.SingleAsync(t => t.Code == BuiltInTags.Disabled);
            db.ResidentTags.AddRange(new ResidentTag { ResidentId = zhang.Id, TagId = party.Id }, new ResidentTag { ResidentId = zhang.Id, TagId = disabled.Id });
            await db.SaveChangesAsync();

            // The entity audit of a user-role link writes "userId,roleId" (73 characters) into a 60-character column, which
            // PostgreSQL refuses; test staff are set up without per-row audit.
            db.SuppressEntityAudit = true;
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            await UserAsync(users, "p_admin", district, Roles.Admin);
            await UserAsync(users, "p_sec", c1, Roles.CommunityAdmin);
            await UserAsync(users, "p_window", c1, Roles.WindowStaff);
            await UserAsync(users, "p_grid1", g1, Roles.GridWorker);
            await UserAsync(users, "p_grid2", g2, Roles.GridWorker);
            await UserAsync(users, "p_centre", street, Roles.Centre);
        }
    }

    private static Area Area(string code, string name, AreaLevel level, int? parent, string path) =>
        new() { Code = code, Name = name, Level = level, ParentId = parent, AreaPath = path, IsSample = true };

    private static Building Building(Compound compound, string name, Area grid) =>
        new() { Name = name, CompoundId = compound.Id, GridId = grid.Id, AreaPath = grid.AreaPath, Floors = 6, Units = [new BuildingUnit { Name = "1单元", AreaPath = grid.AreaPath }] };

    private static Dwelling Dwelling(Building building, string number) =>
        new() { BuildingUnitId = building.Units[0].Id, BuildingId = building.Id, Number = number, Floor = DwellingPlaces.FloorOf(number), ExclusiveArea = 89.5m, AreaPath = building.AreaPath };

    private static async Task<Resident> ResidentAsync(AppDbContext db, SensitiveDataProtector protector, string name, string id, string? phone, string? health,
        Dwelling dwelling, string compound, string building, string relationship)
    {
        var household = new Household { DwellingId = dwelling.Id, AreaPath = dwelling.AreaPath };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        var r = new Resident { Name = name, RelationshipToHead = relationship, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        ResidentWriter.Apply(r, id, phone, health, protector, ResidentWriter.AddressText(compound, building, "1单元", dwelling.Number));
        ResidentWriter.PlaceIn(r, dwelling.Id, dwelling.AreaPath, household.Id);
        db.Residents.Add(r);
        await db.SaveChangesAsync();
        household.HeadResidentId = r.Id;
        await db.SaveChangesAsync();
        return r;
    }

    private static async Task UserAsync(UserManager<StaffUser> users, string name, Area area, string role)
    {
        var user = new StaffUser { UserName = name, DisplayName = name, AreaId = area.Id, AreaPath = area.AreaPath, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, TongbanFactory.DemoPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }
}

/// <summary>The People tests' factory: no demo data, a small import limit so the oversize case is cheap.</summary>
public class PeopleFactory : EmptyTongbanFactory
{
    public const long ImportLimit = 400_000;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("People:ImportMaxBytes", ImportLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
