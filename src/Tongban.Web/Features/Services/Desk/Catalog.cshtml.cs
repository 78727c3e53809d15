using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>事项清单 for staff: every item, its current version, drafts and open applications.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class CatalogModel(ListCatalog catalog) : PageModel
{
    public IReadOnlyList<CatalogRow> Items { get; private set; } = [];
    public bool CanEdit => ServicePermissions.Has(User, ServicePermissions.Catalog);

    public async Task OnGetAsync(CancellationToken ct) => Items = await catalog.HandleAsync(ct);
}
