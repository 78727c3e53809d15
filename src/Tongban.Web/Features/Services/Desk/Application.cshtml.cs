using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>One application at the window: tick the checklist, choose the outcome; later trips, progress, completion.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class ApplicationModel(GetApplication get, DecideApplication decide, RecordTrip trip, FollowApplication follow, AppDbContext db,
    ICurrentUser user, TimeProvider clock) : PageModel
{
    /// <summary>Today in Beijing: a 容缺 material's period has run out from the day after its due date.</summary>
    public DateOnly Today => clock.Today();

    public sealed class DecisionForm
    {
        public List<int> Received { get; set; } = [];

        /// <summary>Lines asked for outside the checklist, handed in on this trip (by line id).</summary>
        public List<long> ExtraReceived { get; set; } = [];
        public string? Result { get; set; }
        public DecisionLevel? TransferLevel { get; set; }
        public string? TransferTo { get; set; }
        public string? Reason { get; set; }
        public string? ExtraRequired { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty] public DecisionForm Input { get; set; } = new();

    public ApplicationView Application { get; private set; } = null!;
    public string? Message { get; private set; }

    /// <summary>
    /// Units offered for a transfer (typing another is still allowed): the unit that finally decides this item, as the
    /// catalog says, then the caller's street, then the district's departments. The same name each time makes the
    /// transfer records countable by unit.
    /// </summary>
    public IReadOnlyList<string> TransferUnits { get; private set; } = [];

    public async Task OnGetAsync(long id, string? done, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input.Received = [.. Application.Materials.Where(m => m.Status == MaterialStatus.Received && m.MaterialId is not null).Select(m => m.MaterialId!.Value)];
        Message = done;
    }

    /// <summary>
    /// A post that names no action (every button names its own; this is a form sent without one, e.g. by a script):
    /// nothing is done and the page is shown again, instead of rendering a page that was never loaded.
    /// </summary>
    public IActionResult OnPost(long id) => RedirectToPage(new { id });

    /// <summary>The end of the first visit; the button pressed names the outcome.</summary>
    public Task<IActionResult> OnPostDecideAsync(long id, ApplicationOutcome outcome, CancellationToken ct) => Act(id, async () =>
    {
        var r = await decide.HandleAsync(id, new DecideApplicationRequest(outcome, Input.Received, Input.Result, Input.TransferLevel, Input.TransferTo, Input.Reason), ct);
        return r.Outcome switch
        {
            ApplicationOutcome.OnTheSpot => "已即来即办，当场办结。",
            ApplicationOutcome.Accepted => $"已受理，承诺{r.PromisedOn:yyyy-MM-dd}前办结。",
            ApplicationOutcome.AcceptedMissing => $"已受理，并一次性告知缺少的{r.MissingMaterials.Count}项材料{(r.MissingListQueued ? "（已短信发送）" : "")}，请于{r.MaterialsDueOn:yyyy-MM-dd}前补正；请打印告知单交给申请人。",
            ApplicationOutcome.AcceptedTolerated => $"已容缺受理，后补材料请于{r.ToleranceDueOn:yyyy-MM-dd}前补交。",
            ApplicationOutcome.Transferred => "已转办，您仍是首问负责人，可在此跟踪进展。",
            _ => "已不予受理，理由已记录。",
        };
    }, ct);

    public Task<IActionResult> OnPostTripAsync(long id, CancellationToken ct) => Act(id, async () =>
    {
        var extra = (Input.ExtraRequired ?? "").Split(['\n', '、', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var r = await trip.HandleAsync(id, new RecordTripRequest(Input.Received, null, extra, Input.Note, Input.ExtraReceived), ct);
        // Only what this trip found: an earlier trip's defect is already on the page (and in the timeline).
        return r.NewDefect is { } found ? $"已登记第{r.Trips}次来办。注意：本次又要求了首次未告知的材料：{found}，已记为一次告知缺陷。" : $"已登记第{r.Trips}次来办。";
    }, ct);

    public Task<IActionResult> OnPostProgressAsync(long id, CancellationToken ct) => Act(id, async () =>
    {
        await follow.AddProgressAsync(id, new ApplicationNoteRequest(Input.Note), ct);
        return "进展已记录。";
    }, ct);

    public Task<IActionResult> OnPostCompleteAsync(long id, CancellationToken ct) => Act(id, async () =>
    {
        await follow.CompleteAsync(id, new ApplicationNoteRequest(Input.Result), ct);
        return "已办结。";
    }, ct);

    public Task<IActionResult> OnPostTerminateAsync(long id, CancellationToken ct) => Act(id, async () =>
    {
        var r = await follow.TerminateAsync(id, new ApplicationNoteRequest(Input.Reason), ct);
        return r.ApplicantNotified ? "已终止办理，理由已短信告知申请人。" : "已终止办理。申请人没有留手机号，请电话或当面告知终止理由。";
    }, ct);

    public Task<IActionResult> OnPostTransferAsync(long id, CancellationToken ct) => Act(id, async () =>
    {
        await follow.TransferAsync(id, new TransferApplicationRequest(Input.TransferLevel, Input.TransferTo, Input.Reason), ct);
        return "已转办，您仍是首问负责人。";
    }, ct);

    private async Task<IActionResult> Act(long id, Func<Task<string>> action, CancellationToken ct)
    {
        try
        {
            var message = await action();
            return Redirect($"/Services/Applications/{id}?done={Uri.EscapeDataString(message)}");
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e, "Input.");
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Application = await get.HandleAsync(id, ct);
        var units = new List<string>();
        if (Application.DecidedAt != DecisionLevel.Community && !string.IsNullOrWhiteSpace(Application.DecidingUnit)) units.Add(Application.DecidingUnit);
        if (user.ScopePath is { Length: > 0 } scope)
        {
            var above = AreaPaths.Ancestors(scope).ToList(); // the caller's area and every area above it
            units.AddRange(await db.Areas.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.Level == AreaLevel.Street && above.Contains(a.AreaPath)).Select(a => a.Name).ToListAsync(ct));
            var departments = await db.Departments.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.IsActive && above.Contains(d.AreaPath)).Select(d => d.Name).ToListAsync(ct);
            units.AddRange(departments.Order(ChineseText.PinyinComparer));
        }
        TransferUnits = units.Distinct().ToList();
    }
}
