using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record DiaryEntryInput(int? BuildingId, string? Concern, string? ResidentName = null, int? CategoryId = null);

/// <summary>Writes a concern into the diary outside a desk session (a grid worker or secretary hears it anywhere).</summary>
public sealed class WriteDiaryEntry(AppDbContext db, ICurrentUser user, TimeProvider clock, AppealWorkflow workflow)
{
    public async Task<long> HandleAsync(DiaryEntryInput input, CancellationToken ct)
    {
        var v = new Validation();
        var concern = input.Concern?.Trim() ?? "";
        v.Require(concern.Length >= 5, "concern", "民情请写清楚，至少5个字");
        v.Require(concern.Length <= 2000, "concern", "民情不能超过2000字");
        v.Require((input.ResidentName?.Trim().Length ?? 0) <= 50, "residentName", "姓名不能超过50字");
        var building = input.BuildingId is { } bid
            ? await OutreachPlaces.OneAsync(db, bid, ct)
            : null;
        if (building is null) v.Add("buildingId", "请选择民情涉及的楼栋（本人管辖范围内）");
        if (input.CategoryId is { } cat && !await db.AppealCategories.AnyAsync(c => c.Id == cat && c.IsActive, ct)) v.Add("categoryId", "未知的问题分类");
        v.ThrowIfInvalid();
        var actor = await workflow.ActorAsync(ct);
        var entry = new DiaryEntry
        {
            BuildingId = building!.Id, CommunityId = building.CommunityId, AreaPath = building.AreaPath, Concern = concern,
            ResidentName = string.IsNullOrWhiteSpace(input.ResidentName) ? null : input.ResidentName.Trim(), CategoryId = input.CategoryId,
            WrittenBy = actor.Name, WrittenByUserId = user.UserId, WrittenAt = clock.GetUtcNow(),
        };
        db.DiaryEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }
}
