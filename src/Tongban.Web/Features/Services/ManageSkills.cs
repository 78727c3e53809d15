using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record SkillCell(int ServiceItemId, SkillLevel Level, string LevelText, int Progress);

public sealed record SkillRow(string UserId, string Name, IReadOnlyList<SkillCell> Skills, int Qualified, int Training);

public sealed record SkillMatrix(IReadOnlyList<CatalogRow> Items, IReadOnlyList<SkillRow> Staff, IReadOnlyList<string> UncoveredItems);

public sealed record SetSkillRequest(string? UserId, int? ServiceItemId, SkillLevel? Level, int? Progress);

/// <summary>技能矩阵: who in the caller's community can handle what, training progress, and items nobody can handle yet.</summary>
public sealed class ManageSkills(AppDbContext db, ServiceDesk desk, ListCatalog catalog, TimeProvider clock)
{
    public async Task<SkillMatrix> MatrixAsync(int? communityId, CancellationToken ct)
    {
        var community = await desk.CommunityAsync(await desk.StaffAsync(ct), communityId, ct);
        var items = (await catalog.HandleAsync(ct)).Where(i => !i.IsWithdrawn && i.CurrentVersion is not null).ToList();
        var staff = await (from u in db.Users.AsNoTracking()
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.AreaPath.StartsWith(community.AreaPath) && ManageRota.RotaRoles.Contains(r.Name!)
                           select new { u.Id, u.DisplayName, u.UserName }).Distinct().ToListAsync(ct);
        var ids = staff.Select(s => s.Id).ToList();
        var skills = await db.StaffSkills().AsNoTracking().Where(s => ids.Contains(s.UserId)).ToListAsync(ct);
        var rows = staff.OrderBy(s => s.UserName, StringComparer.Ordinal).Select(s =>
        {
            var mine = skills.Where(k => k.UserId == s.Id).Select(k => new SkillCell(k.ServiceItemId, k.Level, StaffSkill.LevelText(k.Level), k.Progress)).ToList();
            return new SkillRow(s.Id, s.DisplayName, mine, mine.Count(k => k.Level >= SkillLevel.Qualified), mine.Count(k => k.Level == SkillLevel.Training));
        }).ToList();
        var covered = skills.Where(k => k.Level >= SkillLevel.Qualified).Select(k => k.ServiceItemId).ToHashSet();
        return new SkillMatrix(items, rows, [.. items.Where(i => !covered.Contains(i.Id)).Select(i => i.Name)]);
    }

    public async Task<SkillCell> SetAsync(SetSkillRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Manage, "修改技能矩阵");
        var v = new Validation();
        v.Require(request.Level is { } l && Enum.IsDefined(l), "level", "技能等级应为学习中、可独立办理或可带教");
        v.Require(request.Progress is null or >= 0 and <= 100, "progress", "学习进度应为0到100");
        v.Require(await db.ServiceItems().AnyAsync(i => i.Id == request.ServiceItemId, ct), "serviceItemId", "请选择服务事项");
        v.ThrowIfInvalid();
        var community = await desk.CommunityAsync(await desk.StaffAsync(ct), null, ct);
        if (!await db.Users.AnyAsync(u => u.Id == request.UserId && u.AreaPath.StartsWith(community.AreaPath), ct))
            throw new ValidationFailedException("userId", "请选择本社区的工作人员");
        var skill = await db.StaffSkills().FirstOrDefaultAsync(s => s.UserId == request.UserId && s.ServiceItemId == request.ServiceItemId, ct);
        if (skill is null)
        {
            skill = new StaffSkill { UserId = request.UserId!, ServiceItemId = request.ServiceItemId!.Value };
            db.StaffSkills().Add(skill);
        }
        skill.Level = request.Level!.Value;
        skill.Progress = request.Level >= SkillLevel.Qualified ? 100 : request.Progress ?? skill.Progress;
        skill.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new SkillCell(skill.ServiceItemId, skill.Level, StaffSkill.LevelText(skill.Level), skill.Progress);
    }
}
