using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Services;

public sealed record CatalogRow(int Id, string Code, string Name, string Group, string Duty, string DecidedAt, int? CurrentVersion, int LatestVersion,
    bool HasDraft, bool IsPublic, bool IsWithdrawn, bool IsSample, int OpenApplications);

/// <summary>The staff catalog (事项清单): every item with its versions and open applications.</summary>
public sealed class ListCatalog(AppDbContext db)
{
    public async Task<IReadOnlyList<CatalogRow>> HandleAsync(CancellationToken ct)
    {
        var items = await db.ServiceItems().AsNoTracking()
            .Select(i => new
            {
                i.Id, i.Code, i.IsPublic, i.IsWithdrawn, i.IsSample,
                Current = i.CurrentVersion == null ? null : new { i.CurrentVersion.Number, i.CurrentVersion.Name, i.CurrentVersion.Group, i.CurrentVersion.Duty, i.CurrentVersion.DecidedAt },
                Latest = i.Versions.OrderByDescending(v => v.Number).Select(v => new { v.Number, v.Name, v.Group, v.Duty, v.DecidedAt, v.PublishedAt }).First(),
            }).ToListAsync(ct);
        var open = await db.ServiceApplications().AsNoTracking()
            .Where(a => !ServiceApplication.EndStates.Contains(a.State))
            .GroupBy(a => a.ServiceItemId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return items.Select(i => new CatalogRow(i.Id, i.Code, i.Current?.Name ?? i.Latest.Name, i.Current?.Group ?? i.Latest.Group,
                CatalogTexts.Duty(i.Current?.Duty ?? i.Latest.Duty), CatalogTexts.Level(i.Current?.DecidedAt ?? i.Latest.DecidedAt), i.Current?.Number,
                i.Latest.Number, i.Latest.PublishedAt is null, i.IsPublic, i.IsWithdrawn, i.IsSample, open.GetValueOrDefault(i.Id)))
            .OrderBy(r => r.Group, Infrastructure.ChineseText.PinyinComparer).ThenBy(r => r.Name, Infrastructure.ChineseText.PinyinComparer).ToList();
    }
}
