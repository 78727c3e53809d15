using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form for a new street, community or grid under a node.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class AreaNewModel(GetArea getArea, CreateArea createArea) : PlacesPageModel
{
    public sealed class Form
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int ParentId { get; set; }
    [BindProperty] public Form Input { get; set; } = new();
    public AreaDetail Parent { get; private set; } = null!;
    public AreaLevel Level { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        await LoadAsync(ct);
        return Parent.ChildLevel is null ? BadRequest() : Page();
    });

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        await LoadAsync(ct);
        try
        {
            var created = await createArea.HandleAsync(new CreateArea.Request(ParentId, Input.Code, Input.Name, Level), ct);
            TempData["PlacesNotice"] = $"已新建{created.LevelName}“{created.Name}”。";
            return Redirect($"/Places/Area/{created.Id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });

    private async Task LoadAsync(CancellationToken ct)
    {
        Parent = await getArea.HandleAsync(ParentId, ct);
        Level = Parent.ChildLevel ?? AreaLevel.Grid;
    }
}
