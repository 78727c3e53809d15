using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form to paste a node's boundary as GeoJSON, or to clear it.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class AreaBoundaryModel(GetArea getArea, SetGridBoundary setBoundary, AppDbContext db) : PlacesPageModel
{
    public sealed class Form
    {
        public string? GeoJson { get; set; }
    }

    [BindProperty] public Form Input { get; set; } = new();
    public AreaDetail Area { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        Area = await getArea.HandleAsync(id, ct);
        Input.GeoJson = await db.Areas.Where(a => a.Id == id).Select(a => a.BoundaryGeoJson).FirstOrDefaultAsync(ct);
        return Page();
    });

    public Task<IActionResult> OnPostAsync(int id, CancellationToken ct) => SaveAsync(id, new SetGridBoundary.Request(Input.GeoJson), "边界已保存。", ct);

    public Task<IActionResult> OnPostClearAsync(int id, CancellationToken ct) => SaveAsync(id, new SetGridBoundary.Request(null, Clear: true), "边界已清除。", ct);

    private Task<IActionResult> SaveAsync(int id, SetGridBoundary.Request request, string notice, CancellationToken ct) => GuardAsync(async () =>
    {
        Area = await getArea.HandleAsync(id, ct);
        try
        {
            await setBoundary.HandleAsync(id, request, ct);
            TempData["PlacesNotice"] = notice;
            return Redirect($"/Places/Area/{id}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });
}
