using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>
/// The visit form on a phone. Without script it posts and redirects; with outreach-offline.js the form is kept on the
/// phone first and sent (as JSON-answering fetch) when the network allows, under the key the phone chose.
/// </summary>
[Authorize(Policy = OutreachPermissions.Visit)]
public sealed class VisitModel(RecordVisit record, AppDbContext db, ICurrentUser user) : PageModel
{
    public sealed class VisitForm
    {
        public VisitMethod Method { get; set; } = VisitMethod.InPerson;
        public bool Looked { get; set; } = true;
        public bool Listened { get; set; } = true;
        public bool Asked { get; set; } = true;
        public bool Checked { get; set; } = true;
        public string? Notes { get; set; }
        public string? Hazard { get; set; }
        public int? HazardCategoryId { get; set; }
        public bool HazardToAppeal { get; set; } = true;
        public string? Request { get; set; }
        public int? RequestCategoryId { get; set; }
        public bool RequestToAppeal { get; set; } = true;
        public DateTimeOffset? VisitedAt { get; set; }
        public string? IdempotencyKey { get; set; }
    }

    [BindProperty(SupportsGet = true)] public VisitKind Kind { get; set; } = VisitKind.Home;
    [BindProperty(SupportsGet = true)] public int? HouseholdId { get; set; }
    [BindProperty(SupportsGet = true)] public int? DwellingId { get; set; }
    [BindProperty(SupportsGet = true)] public int? BuildingId { get; set; }
    [BindProperty] public VisitForm Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public string? PlaceTitle { get; private set; }
    public string? HeadName { get; private set; }
    public IReadOnlyList<string> Tags { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, string Code)> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (PlaceTitle is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var wantsJson = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        var findings = new List<FindingInput>
        {
            new(FindingKind.Hazard, Input.Hazard, Input.HazardCategoryId, Input.HazardToAppeal),
            new(FindingKind.Request, Input.Request, Input.RequestCategoryId, Input.RequestToAppeal),
        };
        var request = new RecordVisitRequest(Kind, HouseholdId, DwellingId, BuildingId, Kind == VisitKind.Home ? Input.Method : null, Input.VisitedAt,
            Input.Looked, Input.Listened, Input.Asked, Input.Checked, Input.Notes, findings, Input.IdempotencyKey);
        try
        {
            var photos = await OutreachApi.ReadPhotosAsync(Photos, ct);
            var result = await record.HandleAsync(request, photos, ct);
            if (wantsJson) return new JsonResult(result) { StatusCode = result.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created };
            return Redirect($"/Outreach/Visits/{result.Id}?{(result.Replayed ? "replayed" : "saved")}=1");
        }
        catch (ValidationFailedException e)
        {
            if (wantsJson) return new JsonResult(new { title = "提交的内容有误，请按提示修改后重试", detail = e.Message, errors = e.Errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(FieldOf(field), message);
        }
        catch (OutsideScopeException e)
        {
            if (wantsJson) return new JsonResult(new { title = "超出您的管辖范围", detail = e.Message }) { StatusCode = StatusCodes.Status403Forbidden };
            ModelState.AddModelError("", e.Message);
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        await LoadAsync(ct);
        return Page();
    }

    private static string FieldOf(string field) => field switch
    {
        "photos" => nameof(Photos),
        "notes" => "Input.Notes",
        "visitedAt" => "Input.VisitedAt",
        "method" => "Input.Method",
        _ when field.StartsWith("findings[0]", StringComparison.Ordinal) => "Input.Hazard",
        _ when field.StartsWith("findings[1]", StringComparison.Ordinal) => "Input.Request",
        _ => "",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        Categories = (await db.AppealCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Name, c.Code }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name, c.Code)).ToList();
        if (Kind == VisitKind.Patrol)
        {
            if (BuildingId is { } bid)
                PlaceTitle = (await OutreachPlaces.NamesAsync(db, [bid], ct)).GetValueOrDefault(bid);
            return;
        }
        var household = HouseholdId is { } hid
            ? await db.Households.AsNoTracking().Where(h => h.Id == hid).Select(h => new { h.DwellingId, h.HeadResidentId }).FirstOrDefaultAsync(ct)
            : null;
        var dwellingId = household?.DwellingId ?? DwellingId;
        if (dwellingId is null) return;
        PlaceTitle = await OutreachPlaces.DwellingTitleAsync(db, dwellingId.Value, ct);
        if (household?.HeadResidentId is { } head)
            HeadName = await db.Residents.AsNoTracking().Where(r => r.Id == head).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (HouseholdId is { } id)
        {
            var showSensitive = user.HasPermission(Permissions.SensitiveView);
            Tags = await (from t in db.ResidentTags.AsNoTracking()
                          join r in db.Residents.AsNoTracking() on t.ResidentId equals r.Id
                          join tag in db.Tags on t.TagId equals tag.Id
                          where r.HouseholdId == id
                          select tag.IsSensitive && !showSensitive ? "重点关注" : tag.Name).Distinct().ToListAsync(ct);
        }
    }

    public int? DefaultCategory(string code) => Categories.FirstOrDefault(c => c.Code == code).Id is var id and > 0 ? id : null;
}
