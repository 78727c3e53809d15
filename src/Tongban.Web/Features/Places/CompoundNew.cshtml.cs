using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form for a new compound in a community.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class CompoundNewModel(GetArea getArea, CreateCompound createCompound) : PlacesPageModel
{
    [BindProperty(SupportsGet = true)] public int CommunityId { get; set; }
    [BindProperty] public CompoundForm Input { get; set; } = new();
    public AreaDetail Community { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        Community = await getArea.HandleAsync(CommunityId, ct);
        return Community.Level == AreaLevel.Community ? Page() : BadRequest();
    });

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        Community = await getArea.HandleAsync(CommunityId, ct);
        try
        {
            var created = await createCompound.HandleAsync(new CreateCompound.Request(CommunityId, Input.Name, Input.Address, Input.PropertyCompany), ct);
            TempData["PlacesNotice"] = $"已新建小区“{created.Name}”。";
            return Redirect($"/Places/Compound/{created.Id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });
}

/// <summary>The fields of the compound forms.</summary>
public sealed class CompoundForm
{
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? PropertyCompany { get; set; }
}
