using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>The caller's own node of the tree and what lies directly under it.</summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class IndexModel(GetArea getArea, BrowseBuildings browseBuildings) : PlacesPageModel
{
    public AreaDetail? Area { get; private set; }

    /// <summary>A grid worker's own buildings, straight on the first page.</summary>
    public Paged<BuildingSummary>? Buildings { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Area = await getArea.ScopeRootAsync(ct);
        if (Area?.Level == AreaLevel.Grid)
            Buildings = await browseBuildings.HandleAsync(new BrowseBuildings.Query(null, Area.Id, 1, Paging.MaxPageSize), ct);
        return Page();
    }
}
