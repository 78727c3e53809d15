using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>A building: units and dwellings, its grid and grid history, and (for editors) the form to move it.</summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class BuildingDetailsModel(GetBuilding getBuilding, GetBuildingGridHistory getHistory, MoveBuildingToGrid moveBuilding, AppDbContext db)
    : PlacesPageModel
{
    public sealed class MoveForm
    {
        public int? GridId { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public MoveForm Input { get; set; } = new();
    public BuildingDetail Building { get; private set; } = null!;
    public IReadOnlyList<GridChangeView> History { get; private set; } = [];
    public IReadOnlyList<GridChoice> Grids { get; private set; } = [];
    public string? MoveNotice { get; private set; }

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        await LoadAsync(id, ct);
        return Page();
    });

    /// <summary>htmx swaps the grid panel in place; without htmx the page reloads.</summary>
    public Task<IActionResult> OnPostMoveAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        if (!CanEdit) return StatusCode(StatusCodes.Status403Forbidden);
        TranslateBindingErrors();
        try
        {
            if (ModelState.IsValid)
            {
                var change = await moveBuilding.HandleAsync(id, new MoveBuildingToGrid.Request(Input.GridId, Input.Reason), ct);
                MoveNotice = $"已从“{change.FromGridName}”调整到“{change.ToGridName}”。";
                if (!IsHtmx)
                {
                    TempData["PlacesNotice"] = MoveNotice;
                    return Redirect($"/Places/Building/{id}");
                }
                Input = new MoveForm();
                ModelState.Clear();
            }
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(id, ct);
        return IsHtmx ? Partial("_BuildingGrid", this) : Page();
    });

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Building = await getBuilding.HandleAsync(id, ct);
        History = await getHistory.HandleAsync(id, ct);
        if (CanEdit)
        {
            Grids = await db.Areas.AsNoTracking()
                .Where(a => a.ParentId == Building.CommunityId && a.Level == AreaLevel.Grid)
                .OrderBy(a => a.Code).Select(a => new GridChoice(a.Id, a.Code, a.Name)).ToListAsync(ct);
        }
    }
}
