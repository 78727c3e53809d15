using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form for a new building, with the optional generator of units and dwellings.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class BuildingNewModel(GetCompound getCompound, CreateBuilding createBuilding) : PlacesPageModel
{
    public sealed class Form
    {
        public string? Name { get; set; }
        public int? GridId { get; set; }
        public int? Floors { get; set; }
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public int? Units { get; set; }
        public int? DwellingsPerFloor { get; set; }
        public decimal? ExclusiveArea { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int CompoundId { get; set; }
    [BindProperty] public Form Input { get; set; } = new();
    public CompoundDetail Compound { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        Compound = await getCompound.HandleAsync(CompoundId, ct);
        Input.Units = 2;
        Input.DwellingsPerFloor = 2;
        return Page();
    });

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        Compound = await getCompound.HandleAsync(CompoundId, ct);
        TranslateBindingErrors();
        if (!ModelState.IsValid) return Page();
        try
        {
            var created = await createBuilding.HandleAsync(new CreateBuilding.Request(CompoundId, Input.GridId, Input.Name, Input.Floors,
                Input.Latitude, Input.Longitude, Input.Units, Input.DwellingsPerFloor, Input.ExclusiveArea), ct);
            TempData["PlacesNotice"] = created.Dwellings > 0
                ? $"已新建“{created.Name}”，生成{created.Units}个单元、{created.Dwellings}户。"
                : $"已新建“{created.Name}”。";
            return Redirect($"/Places/Building/{created.Id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });
}
