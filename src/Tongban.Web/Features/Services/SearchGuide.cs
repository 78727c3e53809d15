using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Services;

public sealed record GuideListItem(string Code, string Name, string Group, string Duty, string Summary, string DecidedAt, int TimeLimitWorkingDays,
    bool CanDoOnline, bool CanDoAtHome, bool IsSample);

/// <summary>
/// 办事指南 list: every public item with a published checklist, filtered by Chinese words (everyday ones too, see
/// <see cref="GuideWords"/>) or pinyin initials. The
/// catalog is tens of items, so one narrow query and an in-memory match are faster than an index round trip.
/// </summary>
public sealed class SearchGuide(AppDbContext db, GuideCache cache)
{
    public async Task<IReadOnlyList<GuideListItem>> HandleAsync(string? query, string? group, CancellationToken ct)
    {
        var rows = await cache.GetAsync("list", () => db.ServiceItems().AsNoTracking()
            .Where(i => i.IsPublic && !i.IsWithdrawn && i.CurrentVersionId != null)
            .Select(i => new
            {
                i.Code, i.IsSample, i.CurrentVersion!.Name, i.CurrentVersion.Group, i.CurrentVersion.Duty, i.CurrentVersion.Summary,
                i.CurrentVersion.DecidedAt, i.CurrentVersion.TimeLimitWorkingDays, i.CurrentVersion.CanDoOnline, i.CurrentVersion.CanDoAtHome,
                i.CurrentVersion.SearchText,
            })
            .ToListAsync(ct));
        var terms = (query ?? "").Split([' ', '　', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).ToList();
        return rows
            .Where(r => string.IsNullOrWhiteSpace(group) || r.Group == group)
            .Where(r => terms.All(t => GuideWords.Meanings(t).Any(m => r.SearchText.Contains(m, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(r => r.Group, Infrastructure.ChineseText.PinyinComparer).ThenBy(r => r.Name, Infrastructure.ChineseText.PinyinComparer)
            .Select(r => new GuideListItem(r.Code, r.Name, r.Group, CatalogTexts.Duty(r.Duty), r.Summary, CatalogTexts.Level(r.DecidedAt),
                r.TimeLimitWorkingDays, r.CanDoOnline, r.CanDoAtHome, r.IsSample))
            .ToList();
    }
}
