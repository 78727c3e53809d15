using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form to correct a compound's name, address and property company.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class CompoundEditModel(GetCompound getCompound, UpdateCompound updateCompound) : PlacesPageModel
{
    [BindProperty] public CompoundForm Input { get; set; } = new();
    public CompoundDetail Compound { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Compound = await getCompound.HandleAsync(id, ct);
        Input = new CompoundForm { Name = Compound.Name, Address = Compound.Address, PropertyCompany = Compound.PropertyCompany };
        return Page();
    });

    public Task<IActionResult> OnPostAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Compound = await getCompound.HandleAsync(id, ct);
        try
        {
            await updateCompound.HandleAsync(id, new UpdateCompound.Request(Input.Name, Input.Address, Input.PropertyCompany), ct);
            TempData["PlacesNotice"] = "小区信息已保存。";
            return Redirect($"/Places/Compound/{id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });
}
