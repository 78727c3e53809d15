using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach.Desk;

/// <summary>Mobile desk plans of the area, a form for a new rotation, and the latest sessions.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class IndexModel(GetDeskPlan plans, GetDeskSession sessions, PlanDeskRotation planner, AppDbContext db, ICurrentUser user, TimeProvider clock) : PageModel
{
    public sealed class PlanForm
    {
        public string? Name { get; set; }
        public int? CommunityId { get; set; }
        public int? CompoundId { get; set; }
        public DateOnly? StartDate { get; set; }
        public int? CadenceDays { get; set; } = 7;
        public TimeOnly? StartTime { get; set; } = new(18, 0);
        public TimeOnly? EndTime { get; set; } = new(20, 0);
        public string? Staff { get; set; }
        public string? Departments { get; set; }
        public bool Publish { get; set; } = true;
    }

    [BindProperty] public PlanForm Input { get; set; } = new();
    public IReadOnlyList<DeskPlanSummary> Plans { get; private set; } = [];

    /// <summary>Scheduled desks in the caller's area (a grid worker's: their grid's), to record once held.</summary>
    public IReadOnlyList<NearDeskSlot> Near { get; private set; } = [];
    public DateOnly Today => clock.Today();

    /// <summary>Whether 登记 is offered for a desk yet: from ten minutes before its start, as saving allows.</summary>
    public bool MayRecord(DateOnly date, TimeOnly start) => RecordDeskSession.MayRecord(date, start, clock.GetUtcNow());
    public IReadOnlyList<DeskSessionSummary> Sessions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Communities { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int CommunityId)> Compounds { get; private set; } = [];
    public bool CanPlan => OutreachPermissions.Has(user, OutreachPermissions.Plan);
    public bool CanDesk => OutreachPermissions.Has(user, OutreachPermissions.Desk);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.StartDate = clock.Today().AddDays(1);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanPlan) return Forbid();
        // A start date that is no date is refused under its box (ChineseDateBinderProvider) before the plan is made.
        if (DateBox.Refusals(ModelState, "Input.StartDate").Count > 0)
        {
            await LoadAsync(ct);
            return Page();
        }
        try
        {
            var id = await planner.CreateAsync(new DeskPlanInput(Input.Name, Input.CommunityId, Input.CompoundId, Input.StartDate, Input.CadenceDays,
                Input.StartTime, Input.EndTime, Input.Staff, Input.Departments, Input.Publish), ct);
            return Redirect($"/Outreach/Desk/Plan/{id}?created=1");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var m in messages) ModelState.AddModelError($"Input.{char.ToUpperInvariant(field[0])}{field[1..]}", m);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Plans = await plans.ListAsync(ct);
        Near = await plans.NearAsync(ct);
        Sessions = await sessions.RecentAsync(20, ct);
        Communities = (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
            .Select(a => (a.Id, a.Name)).ToList();
        Compounds = (await db.Compounds.AsNoTracking().OrderBy(c => c.CommunityId).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name, c.CommunityId }).Take(500).ToListAsync(ct))
            .Select(c => (c.Id, c.Name, c.CommunityId)).ToList();
    }
}
