using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record ColleagueSuggestion(string UserId, string Name, string Level, bool OnDutyNow, string? Post);

/// <summary>
/// 同事协助: colleagues of the same community who can handle the item, those on duty right now (per the rota, not at
/// their meal) first, mentors before the merely qualified.
/// </summary>
public sealed class SuggestColleague(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<ColleagueSuggestion>> HandleAsync(int serviceItemId, int communityId, string communityPath, string? exceptUserId, CancellationToken ct)
    {
        var skilled = await (from s in db.StaffSkills().AsNoTracking()
                             join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                             where s.ServiceItemId == serviceItemId && s.Level >= SkillLevel.Qualified && u.AreaPath.StartsWith(communityPath) && u.Id != exceptUserId
                             select new { u.Id, u.DisplayName, s.Level }).ToListAsync(ct);
        if (skilled.Count == 0) return [];
        var local = clock.GetUtcNow().ToShanghai();
        var today = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var ids = skilled.Select(s => s.Id).ToList();
        var duty = await db.RotaAssignments().AsNoTracking()
            .Where(r => r.CommunityId == communityId && r.Day == today && ids.Contains(r.UserId))
            .Join(db.ServicePosts().AsNoTracking(), r => r.PostId, p => p.Id, (r, p) => new { r.UserId, r.Start, r.End, r.MealStart, r.MealEnd, Post = p.Name })
            .ToListAsync(ct);
        var onDuty = duty.Where(d => d.Start <= time && time < d.End && !(d.MealStart <= time && time < d.MealEnd))
            .GroupBy(d => d.UserId).ToDictionary(g => g.Key, g => g.First().Post);
        return skilled
            .Select(s => new ColleagueSuggestion(s.Id, s.DisplayName, StaffSkill.LevelText(s.Level), onDuty.ContainsKey(s.Id), onDuty.GetValueOrDefault(s.Id)))
            .OrderByDescending(s => s.OnDutyNow).ThenByDescending(s => s.Level == StaffSkill.LevelText(SkillLevel.Mentor)).ThenBy(s => s.Name, ChineseText.PinyinComparer)
            .ToList();
    }
}
