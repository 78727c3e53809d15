using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>The caller's own node of the tree and what lies directly under it.</summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class IndexModel(GetArea getArea) : PlacesPageModel
{
    public AreaDetail? Area { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Area = await getArea.ScopeRootAsync(ct);
        return Page();
    }
}
