using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>The secretary's view: overdue visits per grid and worker, who has never been visited, desk coverage map, figures.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class CoverageModel(GetCoverage coverage, GetOutreachFigures figures) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Days { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public CoverageView? View { get; private set; }
    public OutreachFigures? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = await coverage.HandleAsync(Days, ct);
        try { Figures = await figures.HandleAsync(From, To, ct); }
        catch (ValidationFailedException e) { ModelState.AddModelError("", e.Message); Figures = await figures.HandleAsync(null, null, ct); }
    }
}
