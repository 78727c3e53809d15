using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// Demo data of 一岗通办: the sample catalog, opening hours with evening and Saturday extensions, two posts per
/// community, a skill matrix for the demo staff and the month's rota. Deterministic; runs once, after places and
/// accounts exist.
/// </summary>
public static class DemoServices
{
    /// <summary>Items the demo window staff are still learning (the colleague suggestion has something to do).</summary>
    public static readonly string[] TrainingItems = ["public-housing", "destitute-support", "only-child-reward"];

    /// <summary>Everyday items the grid workers can handle on home visits and at the mobile desk.</summary>
    public static readonly string[] GridItems =
        ["senior-allowance", "senior-meal", "home-care-service", "survival-certificate", "resident-medical-enrol", "resident-pension-enrol", "volunteer-register", "residence-registration"];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, AppointmentSlots hours, CancellationToken ct)
    {
        if (await db.ServiceItems().AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var items = await SeedCatalogAsync(db, now, ct);

            var communities = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).ToListAsync(ct);
            foreach (var community in communities)
            {
                db.OpeningPeriods().AddRange(StandardHours(community.Id, community.AreaPath));
                db.ServicePosts().AddRange(
                    new ServicePost { CommunityId = community.Id, AreaPath = community.AreaPath, Name = "一号百通岗", Order = 1 },
                    new ServicePost { CommunityId = community.Id, AreaPath = community.AreaPath, Name = "二号百通岗", Order = 2 });
            }

            var staff = await (from u in db.Users
                               join ur in db.UserRoles on u.Id equals ur.UserId
                               join r in db.Roles on ur.RoleId equals r.Id
                               where r.Name == Roles.WindowStaff || r.Name == Roles.CommunityAdmin || r.Name == Roles.GridWorker
                               select new { u.Id, u.UserName, Role = r.Name }).ToListAsync(ct);
            foreach (var person in staff.OrderBy(s => s.UserName, StringComparer.Ordinal))
            {
                foreach (var (code, item) in items)
                {
                    var skill = person.Role switch
                    {
                        Roles.CommunityAdmin => (SkillLevel.Mentor, 100),
                        Roles.WindowStaff when TrainingItems.Contains(code) => (SkillLevel.Training, 60),
                        Roles.WindowStaff => (SkillLevel.Qualified, 100),
                        _ when GridItems.Contains(code) => (SkillLevel.Qualified, 100),
                        _ => ((SkillLevel?)null, 0),
                    };
                    if (skill.Item1 is { } level)
                        db.StaffSkills().Add(new StaffSkill { UserId = person.Id, ServiceItemId = item.Id, Level = level, Progress = skill.Item2, UpdatedAt = now });
                }
            }
            await db.SaveChangesAsync(ct);

            // This month's rota, generated as a secretary would on the first day, so the desk has who is on duty today.
            var month = clock.Today();
            month = new DateOnly(month.Year, month.Month, 1);
            foreach (var community in communities)
            {
                var input = await ManageRota.InputAsync(db, hours, community, month, null, ct);
                if (input.Staff.Count < 2) continue;
                db.RotaAssignments().AddRange(RotaGenerator.Generate(input).Select(l => ManageRota.Row(community, l)));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
    }

    /// <summary>Weekdays 8:30-17:30 on two posts; Tuesday and Thursday evenings to 20:00 and Saturday mornings on one.</summary>
    public static IEnumerable<OpeningPeriod> StandardHours(int communityId, string areaPath)
    {
        OpeningPeriod P(DayOfWeek day, int sh, int sm, int eh, int em, bool extended, int posts) => new()
        {
            CommunityId = communityId, AreaPath = areaPath, Day = day, Start = new TimeOnly(sh, sm), End = new TimeOnly(eh, em),
            IsExtended = extended, PostsOpen = posts, AppointmentSeats = 1, SlotMinutes = 30,
        };
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            yield return P(day, 8, 30, 17, 30, false, 2);
        yield return P(DayOfWeek.Tuesday, 17, 30, 20, 0, true, 1);
        yield return P(DayOfWeek.Thursday, 17, 30, 20, 0, true, 1);
        yield return P(DayOfWeek.Saturday, 9, 0, 12, 0, true, 1);
    }

    private static async Task<Dictionary<string, ServiceItem>> SeedCatalogAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var items = new Dictionary<string, ServiceItem>();
        foreach (var e in DemoCatalog.Items)
        {
            var input = new CatalogInput(e.Name, e.Group, e.Duty, e.Level, e.Unit, e.Days, e.Summary, e.Eligibility, e.Steps, e.Fees, e.Legal,
                e.Online, e.AtHome, e.Tolerate, e.ToleranceDays,
                [.. e.Materials.Select(m => new MaterialInput(m.Name, m.Form, m.Count, m.Notes, m.Minor))]);
            var v = new Validation();
            input.Validate(v);
            v.ThrowIfInvalid(); // the demo catalog obeys the same rules as an editor
            var item = new ServiceItem { Code = e.Code, IsSample = true, CreatedAt = now };
            item.AddVersion(input.ToVersion(), publish: true, "系统（示例数据）", now);
            db.ServiceItems().Add(item);
            items[e.Code] = item;
        }
        await db.SaveChangesAsync(ct);
        foreach (var item in items.Values) item.CurrentVersionId = item.Versions[0].Id;
        await db.SaveChangesAsync(ct);
        return items;
    }
}
