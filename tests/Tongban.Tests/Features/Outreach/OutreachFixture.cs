using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;

namespace Tongban.Tests.Features.Outreach;

/// <summary>The demo app plus builders for households with tags and for visits at a chosen time.</summary>
public class OutreachFixture : TongbanFactory
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task<HttpClient> As(string userName)
    {
        if (!_clients.TryGetValue(userName, out var client)) _clients[userName] = client = await ApiClientAsync(userName);
        return client;
    }

    public async Task<string> AreaPathOfAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaPath).SingleAsync();
    }

    public async Task<int> AreaIdOfAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaId).SingleAsync();
    }

    /// <summary>A new household, with one resident carrying the tags, at an empty dwelling of the user's grid.</summary>
    public async Task<int> HouseholdAsync(string gridUser, params string[] tagCodes)
    {
        var path = await AreaPathOfAsync(gridUser);
        await using var scope = SystemScope(out var db);
        var dwelling = await db.Dwellings.Where(d => d.AreaPath == path && !db.Households.Any(h => h.DwellingId == d.Id)).OrderBy(d => d.Id).FirstAsync();
        var household = new Household { DwellingId = dwelling.Id, AreaPath = path };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        var tagIds = await db.Tags.Where(t => tagCodes.Contains(t.Code)).Select(t => t.Id).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        var resident = new Resident
        {
            Name = "测试居民" + household.Id, Gender = "女", BirthYear = 1942, HouseholdId = household.Id, DwellingId = dwelling.Id, AreaPath = path,
            RelationshipToHead = "本人", NameInitials = "csjm", SearchText = "测试 居民", CreatedAt = now, UpdatedAt = now,
            Tags = tagIds.Select(id => new ResidentTag { TagId = id }).ToList(),
        };
        db.Residents.Add(resident);
        await db.SaveChangesAsync();
        household.HeadResidentId = resident.Id;
        await db.SaveChangesAsync();
        return household.Id;
    }

    /// <summary>A home visit written straight to the table at a past time (the API only accepts recent ones).</summary>
    public async Task VisitedAsync(int householdId, DateTimeOffset at)
    {
        await using var scope = SystemScope(out var db);
        var h = await db.Households.Where(x => x.Id == householdId).Select(x => new { x.DwellingId, x.AreaPath, x.Dwelling!.BuildingId, x.Dwelling.Building!.GridId }).SingleAsync();
        db.Visits.Add(new Visit
        {
            Kind = VisitKind.Home, Method = VisitMethod.InPerson, HouseholdId = householdId, DwellingId = h.DwellingId, BuildingId = h.BuildingId,
            GridId = h.GridId, AreaPath = h.AreaPath, VisitorName = "测试", VisitedAt = at, RecordedAt = at, IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        await db.SaveChangesAsync();
    }
}
