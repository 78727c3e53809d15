using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

/// <summary>What the intake form posts.</summary>
public sealed class AppealIntakeForm
{
    public AppealChannel Channel { get; set; } = AppealChannel.Window;
    public AppealKind? Kind { get; set; }
    public int? CategoryId { get; set; }
    public AppealUrgency? Urgency { get; set; }
    public int? BuildingId { get; set; }
    public int? AreaId { get; set; }
    public string? Address { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ReporterName { get; set; }
    public string? ReporterPhone { get; set; }
    public bool IsAnonymous { get; set; }

    /// <summary>Made when the form is shown, so a double click or a resent form files the appeal once.</summary>
    public string? IdempotencyKey { get; set; }
}

/// <summary>
/// 登记诉求: window staff, a mobile desk or a grid worker record what a resident raised, on the resident's behalf, through
/// the same intake use case as every other channel. Photos are checked by their bytes and kept by content hash.
/// </summary>
[Authorize(Policy = AppealPermissions.Handle)]
public sealed class NewModel(AppDbContext db, SubmitAppeal submit, AppealWorkflow workflow, FileStore files) : PageModel
{
    public const long MaxPhotoBytes = AppealFiles.MaxBytes;
    public const int MaxPhotos = 9;

    /// <summary>Channels staff record for someone; QR/online and Open311 arrive by themselves.</summary>
    public static readonly AppealChannel[] StaffChannels =
        [AppealChannel.Window, AppealChannel.MobileDesk, AppealChannel.ConcernsDiary, AppealChannel.GridPatrol, AppealChannel.Meeting, AppealChannel.Phone];

    [BindProperty] public AppealIntakeForm Form { get; set; } = new();
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public List<AppealCategory> Categories { get; private set; } = [];
    public List<(int Id, string Compound, string Name)> Buildings { get; private set; } = [];
    public List<(int Id, string Name, AreaLevel Level)> Areas { get; private set; } = [];

    public async Task OnGetAsync(int? buildingId, CancellationToken ct)
    {
        Form.IdempotencyKey = Guid.NewGuid().ToString("N");
        Form.BuildingId = buildingId;
        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var v = new Validation();
        v.Require(StaffChannels.Contains(Form.Channel), "Form.Channel", "请选择来源渠道");
        var checkedPhotos = await PhotoUploads.CheckAsync(Photos, MaxPhotos, MaxPhotoBytes, v, nameof(Photos), ct);
        try
        {
            v.ThrowIfInvalid();
            SubmitAppeal.EnsureCallerKey(Form.IdempotencyKey);
            var appeal = new SubmitAppealRequest(
                Form.Kind, Form.CategoryId, Form.Description, Form.Title, Form.Channel, Form.Urgency,
                Form.BuildingId, null, Form.BuildingId is null ? Form.AreaId : null, Form.Address, null, null, null,
                Form.ReporterName, Form.ReporterPhone, Form.IsAnonymous, Form.IdempotencyKey);
            // Photos are stored only for an appeal that will be filed (a refused one left them on disk, nobody's).
            if (checkedPhotos.Count > 0) await submit.CheckAsync(appeal, publicIntake: false, ct);
            var stored = await PhotoUploads.StoreAsync(files, checkedPhotos, MaxPhotoBytes, ct);
            var result = await submit.HandleAsync(appeal with { Attachments = stored }, await workflow.ActorAsync(ct), publicIntake: false, ct);
            TempData["AppealMessage"] = result.Replayed
                ? $"这条诉求此前已经登记过，没有重复登记：{result.Number}，查询码 {result.TrackingCode}（请告知反映人，凭码可查进度并评价）"
                : $"已登记诉求 {result.Number}，查询码 {result.TrackingCode}（请告知反映人，凭码可查进度并评价）"
                    + (result.PossibleDuplicates.Count > 0 ? $"；发现{result.PossibleDuplicates.Count}件同类诉求正在办理，可在下方合并" : "");
            return Redirect($"/Appeals/{result.Id}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(FieldName(field), message);
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>The use case names fields as the API does (categoryId); the form's inputs are Form.CategoryId.</summary>
    private static string FieldName(string field) => field switch
    {
        "Photos" or "photos" or "attachments" => nameof(Photos),
        "idempotencyKey" => "", // a hidden field: its problem shows above the form
        _ when field.StartsWith("Form.", StringComparison.Ordinal) => field,
        _ => "Form." + char.ToUpperInvariant(field[0]) + field[1..],
    };

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Categories = await db.AppealCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        // The area filter leaves only the caller's own buildings and areas.
        Buildings = (await db.Buildings.AsNoTracking().OrderBy(b => b.Compound!.Name).ThenBy(b => b.Id)
                .Select(b => new { b.Id, Compound = b.Compound!.Name, b.Name }).Take(2000).ToListAsync(ct))
            .Select(b => (b.Id, b.Compound, b.Name))
            .OrderBy(b => b.Compound, ChineseText.NaturalComparer).ThenBy(b => b.Name, ChineseText.NaturalComparer).ToList();
        Areas = (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community || a.Level == AreaLevel.Grid).OrderBy(a => a.AreaPath)
                .Select(a => new { a.Id, a.Name, a.Level }).Take(2000).ToListAsync(ct))
            .Select(a => (a.Id, a.Name, a.Level)).ToList();
    }
}
