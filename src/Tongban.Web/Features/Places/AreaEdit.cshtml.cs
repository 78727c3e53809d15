using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form to rename a node (its code cannot change).</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class AreaEditModel(GetArea getArea, RenameArea renameArea) : PlacesPageModel
{
    public sealed class Form
    {
        public string? Name { get; set; }
    }

    [BindProperty] public Form Input { get; set; } = new();
    public AreaDetail Area { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Area = await getArea.HandleAsync(id, ct);
        Input.Name = Area.Name;
        return Page();
    });

    public Task<IActionResult> OnPostAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Area = await getArea.HandleAsync(id, ct);
        try
        {
            var renamed = await renameArea.HandleAsync(id, new RenameArea.Request(Input.Name), ct);
            TempData["PlacesNotice"] = $"名称已改为“{renamed.Name}”。";
            return Redirect($"/Places/Area/{id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });
}
