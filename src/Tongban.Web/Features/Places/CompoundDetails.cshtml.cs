using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>A compound (小区) and its buildings.</summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class CompoundDetailsModel(GetCompound getCompound, BrowseBuildings browseBuildings) : PlacesPageModel
{
    public CompoundDetail Compound { get; private set; } = null!;
    public Paged<BuildingSummary> Buildings { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Compound = await getCompound.HandleAsync(id, ct);
        Buildings = await browseBuildings.HandleAsync(new BrowseBuildings.Query(id, null, 1, Paging.MaxPageSize), ct);
        return Page();
    });
}
