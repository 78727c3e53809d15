using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>Visit records: the list (newest first, "mine" by default for grid workers) and one record with its appeals.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class VisitsModel(ListVisits visits, RaiseFinding raise, ICurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public VisitKind? Kind { get; set; }

    public VisitPage? List { get; private set; }
    public VisitView? Visit { get; private set; }
    public bool CanVisit => OutreachPermissions.Has(user, OutreachPermissions.Visit);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            // A record not there (or not the caller's to see) goes to the plain not-found page with its message.
            Visit = await visits.GetAsync(id, ct);
            return Page();
        }
        List = await visits.HandleAsync(new VisitQuery(Kind: Kind, Page: P, PageSize: 30), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRaiseAsync(long findingId, CancellationToken ct)
    {
        // The page needs only the right to look; raising a finding is the visitors' (as on the API).
        if (!CanVisit) return Forbid();
        try
        {
            await raise.HandleAsync(findingId, ct);
            return Redirect($"/Outreach/Visits/{Id}?raised=1");
        }
        catch (Exception e) when (e is DomainException or NotFoundException or ValidationFailedException)
        {
            ModelState.AddModelError("", e.Message);
            return await OnGetAsync(ct);
        }
    }
}
