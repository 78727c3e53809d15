using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>One node: its children, its compounds (community) or buildings (grid), and a map of the boundaries below it.</summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class AreaDetailsModel(GetArea getArea, BrowseCompounds browseCompounds, BrowseBuildings browseBuildings) : PlacesPageModel
{
    public AreaDetail Area { get; private set; } = null!;
    public Paged<CompoundSummary>? Compounds { get; private set; }
    public Paged<BuildingSummary>? Buildings { get; private set; }
    public bool ShowMap => Area.HasBoundary || Area.Children.Any(c => c.HasBoundary);

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Area = await getArea.HandleAsync(id, ct);
        if (Area.Level == AreaLevel.Community)
            Compounds = await browseCompounds.HandleAsync(new BrowseCompounds.Query(id, 1, Paging.MaxPageSize), ct);
        if (Area.Level == AreaLevel.Grid)
            Buildings = await browseBuildings.HandleAsync(new BrowseBuildings.Query(null, id, 1, Paging.MaxPageSize), ct);
        return Page();
    });
}
