using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>居民: search box, filters and a masked result list; htmx swaps only the results.</summary>
[Authorize(Policy = Permissions.PeopleView)]
public sealed class IndexModel(AppDbContext db, SensitiveDataProtector protector, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public int? AreaId { get; set; }
    [BindProperty(SupportsGet = true)] public int? BuildingId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public ResidentPage? Results { get; private set; }
    public string? Error { get; private set; }
    public List<TagView> Tags { get; private set; } = [];
    public List<(int Id, string Name, AreaLevel Level)> Areas { get; private set; } = [];
    public bool CanExport => db.CurrentUser.HasPermission(Permissions.PeopleExport);
    public bool CanExportFull => CanExport && db.CurrentUser.HasPermission(Permissions.SensitiveView);
    public bool CanEdit => db.CurrentUser.HasPermission(Permissions.PeopleEdit);
    public bool CanImport => db.CurrentUser.HasPermission(Permissions.PeopleImport);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Results = await ResidentSearch.PageAsync(db, protector, audit, new ResidentFilter(Q, Tag, AreaId, BuildingId), PageNumber, 20, ct);
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (Request.Headers.ContainsKey("HX-Request")) return Partial("_ResidentResults", this);

        var sensitive = db.CurrentUser.HasPermission(Permissions.SensitiveView);
        Tags = await db.Tags.AsNoTracking().Where(t => sensitive || !t.IsSensitive).OrderBy(t => t.Id)
            .Select(t => new TagView(t.Id, t.Code, t.Name, t.IsSensitive, t.IsBuiltIn)).ToListAsync(ct);
        Areas = (await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.District).OrderBy(a => a.AreaPath)
            .Select(a => new { a.Id, a.Name, a.Level }).ToListAsync(ct)).Select(a => (a.Id, a.Name, a.Level)).ToList();
        return Page();
    }

    /// <summary>The current filters as query values, for paging and export links.</summary>
    public Dictionary<string, string?> Filters(int? page = null, bool full = false)
    {
        var values = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Q)) values["q"] = Q;
        if (!string.IsNullOrWhiteSpace(Tag)) values["tag"] = Tag;
        if (AreaId is { } a) values["areaId"] = a.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (BuildingId is { } b) values["buildingId"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (page is { } p) values["p"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (full) values["full"] = "true";
        return values;
    }
}
