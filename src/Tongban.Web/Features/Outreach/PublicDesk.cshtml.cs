using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>The residents' page of a published desk plan, and (with a building) the notice to print and post at that building.</summary>
[AllowAnonymous]
public sealed class PublicDeskModel(GetDeskPlan plans, AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? BuildingId { get; set; }
    public DeskPlanView? Plan { get; private set; }
    public DeskSlotView? Next { get; private set; }
    public string? BuildingName { get; private set; }
    public string QrSvg { get; private set; } = "";
    public DateOnly Today => clock.Today();

    /// <summary>/desk/{id}/notice/{buildingId}: the printable notice for one building.</summary>
    public Task<IActionResult> OnGetNoticeAsync(CancellationToken ct) => OnGetAsync(ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try { Plan = await plans.PublicAsync(Id, ct); }
        catch (NotFoundException) { Response.StatusCode = StatusCodes.Status404NotFound; return Page(); }
        if (BuildingId is { } bid)
        {
            BuildingName = (await OutreachPlaces.NamedAsync(db, db.Buildings.IgnoreQueryFilters().Where(b => b.Id == bid), ct)).FirstOrDefault()?.Name;
            Next = Plan.Slots.Where(s => s.BuildingId == bid && s.State == DeskSlotState.Scheduled && s.Date >= Today).OrderBy(s => s.Date).FirstOrDefault();
            if (BuildingName is null || Plan.Slots.All(s => s.BuildingId != bid)) { Response.StatusCode = StatusCodes.Status404NotFound; Plan = null; return Page(); }
        }
        QrSvg = Public.PostersModel.QrSvg($"{Request.Scheme}://{Request.Host}/desk/{Id}");
        return Page();
    }
}
