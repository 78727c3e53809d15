using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Services;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach.Desk;

/// <summary>
/// Records a desk session on a phone (for a scheduled slot or any building), or shows one session's summary. Without
/// script the form posts and redirects; with outreach-offline.js it is kept on the phone first and sent (a fetch asking
/// for JSON) when the network allows, under the key the phone chose, exactly as the visit form.
/// </summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class SessionModel(RecordDeskSession record, GetDeskSession get, ListCatalog catalog, AppDbContext db, ICurrentUser user, TimeProvider clock) : PageModel
{
    public sealed class QuestionForm
    {
        public string? Question { get; set; }
        public string? Answer { get; set; }
        public int? ServiceItemId { get; set; }
        public bool ResolvedOnSpot { get; set; }
        public bool ApplicationStarted { get; set; }
        public string? ApplicantName { get; set; }
        public string? ApplicantPhone { get; set; }
    }

    public sealed class ConcernForm
    {
        public string? Concern { get; set; }
        public string? ResidentName { get; set; }
    }

    public sealed class SessionForm
    {
        public int? SlotId { get; set; }
        public int? BuildingId { get; set; }
        public DateOnly? HeldOn { get; set; }
        public TimeOnly? StartTime { get; set; }
        public TimeOnly? EndTime { get; set; }
        public int? PeopleServed { get; set; }
        public string? Staff { get; set; }
        public string? Departments { get; set; }
        public string? Summary { get; set; }
        public string? IdempotencyKey { get; set; }
        public List<QuestionForm> Questions { get; set; } = [];
        public List<ConcernForm> Concerns { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? SlotId { get; set; }
    [BindProperty] public SessionForm Input { get; set; } = new();
    public DeskSessionView? Session { get; private set; }
    public string? SlotTitle { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Buildings { get; private set; } = [];

    /// <summary>Published catalog items, for the question's item (事项清单).</summary>
    public IReadOnlyList<CatalogRow> Catalog { get; private set; } = [];
    public bool CanDesk => OutreachPermissions.Has(user, OutreachPermissions.Desk);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            // A session not there (or not the caller's to see) goes to the plain not-found page with its message.
            Session = await get.HandleAsync(id, ct);
            return Page();
        }
        if (!CanDesk) return Forbid();
        Input.SlotId = SlotId;
        Input.HeldOn = clock.Today();
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanDesk) return Forbid();
        var wantsJson = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        try
        {
            // A date that is no date is refused under its box (ChineseDateBinderProvider) before anything is recorded.
            if (DateBox.Refusals(ModelState, "Input.HeldOn") is { Count: > 0 } refused) throw new ValidationFailedException(refused);
            var result = await record.HandleAsync(new RecordDeskSessionRequest(Input.SlotId, Input.BuildingId, Input.HeldOn, Input.StartTime, Input.EndTime,
                Input.Staff, Input.Departments, Input.PeopleServed, Input.Summary,
                Input.Questions.Select(q => new QuestionInput(q.Question, q.Answer, q.ServiceItemId, q.ResolvedOnSpot, q.ApplicationStarted, q.ApplicantName, q.ApplicantPhone)).ToList(),
                Input.Concerns.Select(c => new ConcernInput(c.Concern, c.ResidentName)).ToList(), Input.IdempotencyKey), ct);
            if (wantsJson) return new JsonResult(result) { StatusCode = result.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created };
            return Redirect($"/Outreach/Desk/Session/{result.Id}?{(result.Replayed ? "replayed" : "saved")}=1");
        }
        catch (ValidationFailedException e)
        {
            if (wantsJson) return new JsonResult(new { title = "提交的内容有误，请按提示修改后重试", detail = e.Message, errors = e.Errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
            foreach (var (field, messages) in e.Errors)
                foreach (var m in messages.Where(m => ModelState[FieldOf(field)]?.Errors.Any(x => x.ErrorMessage == m) != true))
                    ModelState.AddModelError(FieldOf(field), m);
        }
        catch (DomainException e)
        {
            if (wantsJson) return new JsonResult(new { title = "无法登记", detail = e.Message }) { StatusCode = StatusCodes.Status409Conflict };
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private static string FieldOf(string field)
    {
        // questions[2].answer → Input.Questions[2].Answer
        var parts = field.Split('.');
        var head = char.ToUpperInvariant(parts[0][0]) + parts[0][1..];
        return "Input." + head + (parts.Length > 1 ? "." + char.ToUpperInvariant(parts[1][0]) + parts[1][1..] : "");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Catalog = (await catalog.HandleAsync(ct)).Where(c => c.CurrentVersion is not null && !c.IsWithdrawn).ToList();
        while (Input.Questions.Count < 5) Input.Questions.Add(new QuestionForm());
        while (Input.Concerns.Count < 3) Input.Concerns.Add(new ConcernForm());
        if (Input.SlotId is { } sid)
        {
            var slot = await db.DeskSlots.AsNoTracking().Where(s => s.Id == sid)
                .Select(s => new { s.Date, s.StartTime, s.EndTime, s.BuildingId, s.PlanId }).FirstOrDefaultAsync(ct);
            if (slot is not null)
            {
                var building = (await OutreachPlaces.NamesAsync(db, [slot.BuildingId], ct)).GetValueOrDefault(slot.BuildingId);
                SlotTitle = $"{building} · 原定{slot.Date:yyyy-MM-dd} {slot.StartTime:HH\\:mm}–{slot.EndTime:HH\\:mm}";
                Input.StartTime ??= slot.StartTime;
                Input.EndTime ??= slot.EndTime;
                return;
            }
        }
        Buildings = (await OutreachPlaces.NamedAsync(db, db.Buildings.OrderBy(b => b.CompoundId).ThenBy(b => b.Id).Take(500), ct))
            .OrderBy(b => b.Name, ChineseText.NaturalComparer).Select(b => (b.Id, b.Name)).ToList();
    }
}
