using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.Web.Features.Public;

/// <summary>A category a resident can choose; leaves of the tree are the choices, the parent gives the group.</summary>
public sealed record PublicCategory(int Id, string Code, string Name, string? ParentName, string Description, AppealKind DefaultKind, string DefaultKindName);

public sealed class ListPublicCategories(AppDbContext db)
{
    /// <summary>Active public categories without active children, in the configured order.</summary>
    public async Task<IReadOnlyList<PublicCategory>> HandleAsync(CancellationToken ct = default)
    {
        var all = await db.AppealCategories.AsNoTracking().Where(c => c.IsActive && c.IsPublic).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var parents = all.Where(c => c.ParentId is not null).Select(c => c.ParentId!.Value).ToHashSet();
        return all.Where(c => !parents.Contains(c.Id))
            .Select(c => new PublicCategory(c.Id, c.Code, c.Name, all.FirstOrDefault(p => p.Id == c.ParentId)?.Name, c.Description,
                DefaultKindFor(c), AppealNames.Of(DefaultKindFor(c))))
            .ToList();
    }

    /// <summary>The kind preselected for a category, so most residents need not choose it: questions are inquiries, the rest requests for help.</summary>
    public static AppealKind DefaultKindFor(AppealCategory category) =>
        category.Code.StartsWith("policy", StringComparison.Ordinal) ? AppealKind.Inquiry : AppealKind.Help;
}
