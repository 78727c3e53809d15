using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>Tags by id or by code; the resident's visible tags become exactly these.</summary>
public sealed record ResidentTagsInput(IReadOnlyList<int>? TagIds, IReadOnlyList<string>? TagCodes);

/// <summary>
/// Replaces a resident's tags (设置标签). Sensitive tags (disability, minors) can be set or removed only with the
/// sensitive-data permission; without it they are neither shown nor touched.
/// </summary>
public static class SetResidentTags
{
    public static async Task<IReadOnlyList<TagView>> HandleAsync(AppDbContext db, AuditLog audit, int residentId, ResidentTagsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var resident = await PeopleLookup.ResidentAsync(db, audit, residentId, ct);
        var ids = input.TagIds?.Distinct().ToList() ?? [];
        var codes = input.TagCodes?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList() ?? [];
        var wanted = await db.Tags.Where(t => ids.Contains(t.Id) || codes.Contains(t.Code)).ToListAsync(ct);

        var v = new Validation();
        foreach (var missing in ids.Where(i => wanted.All(t => t.Id != i))) v.Add("tagIds", $"没有编号为{missing}的标签");
        foreach (var missing in codes.Where(c => wanted.All(t => t.Code != c))) v.Add("tagCodes", $"没有代码为“{missing}”的标签");
        var sensitiveAllowed = db.CurrentUser.HasPermission(Permissions.SensitiveView);
        foreach (var tag in wanted.Where(t => t.IsSensitive && !sensitiveAllowed))
            v.Add("tagIds", $"“{tag.Name}”属于敏感信息，设置它需要“查看敏感信息”权限");
        v.ThrowIfInvalid();

        var current = await db.ResidentTags.Include(t => t.Tag).Where(t => t.ResidentId == resident.Id).ToListAsync(ct);
        foreach (var link in current.Where(l => (sensitiveAllowed || !l.Tag!.IsSensitive) && wanted.All(t => t.Id != l.TagId)))
            db.ResidentTags.Remove(link);
        foreach (var tag in wanted.Where(t => current.All(l => l.TagId != t.Id)))
            db.ResidentTags.Add(new ResidentTag { ResidentId = resident.Id, TagId = tag.Id });
        await db.SaveChangesAsync(ct);

        var result = await PeopleLookup.TagsAsync(db, [resident.Id], sensitiveAllowed, ct);
        return result.GetValueOrDefault(resident.Id, []);
    }
}
