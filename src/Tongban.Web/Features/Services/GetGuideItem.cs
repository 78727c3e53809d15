using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record MaterialView(int Id, string Name, MaterialForm Form, string FormText, int Count, string Notes, bool IsMinor);

public sealed record GuideItemView(int ItemId, string Code, int VersionId, int VersionNumber, string Name, string Group, string Duty, string Summary,
    string Eligibility, IReadOnlyList<string> Steps, DecisionLevel DecidedAt, string DecidedAtText, string DecidingUnit, int TimeLimitWorkingDays,
    string Fees, string LegalBasis, bool CanDoOnline, bool CanDoAtHome, int ToleranceMaxMissing, int ToleranceDays,
    IReadOnlyList<MaterialView> Materials, DateTimeOffset? PublishedAt, bool IsSample, bool IsPublic)
{
    public string TimeLimitText => TimeLimitWorkingDays == 0 ? "即来即办" : $"{TimeLimitWorkingDays}个工作日";

    public static GuideItemView From(ServiceItem item, ServiceItemVersion v) => new(item.Id, item.Code, v.Id, v.Number, v.Name, v.Group,
        CatalogTexts.Duty(v.Duty), v.Summary, v.Eligibility, [.. v.StepList], v.DecidedAt, CatalogTexts.Level(v.DecidedAt), v.DecidingUnit,
        v.TimeLimitWorkingDays, v.Fees, v.LegalBasis, v.CanDoOnline, v.CanDoAtHome, v.ToleranceMaxMissing, v.ToleranceDays,
        [.. v.Materials.OrderBy(m => m.Order).Select(m => new MaterialView(m.Id, m.Name, m.Form, CatalogTexts.Form(m.Form), m.Count, m.Notes, m.IsMinor))],
        v.PublishedAt, item.IsSample, item.IsPublic);
}

/// <summary>One item's one-time notification checklist: the current published version, or a given version for staff.</summary>
public sealed class GetGuideItem(AppDbContext db, GuideCache cache)
{
    public Task<GuideItemView?> PublicAsync(string code, CancellationToken ct) => cache.GetAsync("item:" + code, () => LoadPublicAsync(code, ct));

    private async Task<GuideItemView?> LoadPublicAsync(string code, CancellationToken ct)
    {
        var item = await db.ServiceItems().AsNoTracking().Where(i => i.Code == code && i.IsPublic && !i.IsWithdrawn && i.CurrentVersionId != null)
            .FirstOrDefaultAsync(ct);
        if (item is null) return null;
        var version = await db.ServiceItemVersions().AsNoTracking().Include(v => v.Materials).FirstAsync(v => v.Id == item.CurrentVersionId, ct);
        return GuideItemView.From(item, version);
    }

    /// <summary>Staff view: any item, current version unless a version number is given (drafts included).</summary>
    public async Task<GuideItemView> StaffAsync(int itemId, int? versionNumber, CancellationToken ct)
    {
        var item = await db.ServiceItems().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("找不到该服务事项。");
        var versions = db.ServiceItemVersions().AsNoTracking().Include(v => v.Materials).Where(v => v.ServiceItemId == itemId);
        var version = versionNumber is { } n
            ? await versions.FirstOrDefaultAsync(v => v.Number == n, ct)
            : await versions.OrderByDescending(v => v.Id == item.CurrentVersionId).ThenByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        return version is null ? throw new NotFoundException("该事项没有这个版本。") : GuideItemView.From(item, version);
    }
}
