using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach.Desk;

/// <summary>One rotation: its slots per cycle, rescheduling for weather, the next cycle, publishing and the notices.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class PlanModel(GetDeskPlan plans, PlanDeskRotation planner, RescheduleDeskSlot reschedule, ICurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public DeskPlanView? Plan { get; private set; }
    public bool CanPlan => OutreachPermissions.Has(user, OutreachPermissions.Plan);
    public bool CanDesk => OutreachPermissions.Has(user, OutreachPermissions.Desk);
    public DateOnly Today => clock.Today();

    /// <summary>Whether 登记 is offered for a desk yet: from ten minutes before its start, as saving allows.</summary>
    public bool MayRecord(DateOnly date, TimeOnly start) => RecordDeskSession.MayRecord(date, start, clock.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A plan not there (or not the caller's to see) goes to the plain not-found page with its message.
        Plan = await plans.StaffAsync(Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRescheduleAsync(int slotId, DateOnly? date, string? reason, bool shiftFollowing, CancellationToken ct) =>
        await Act(() => DateBox.Refusals(ModelState, "date") is { Count: > 0 } refused ? throw new ValidationFailedException(refused)
            : reschedule.HandleAsync(slotId, new RescheduleInput(date, null, null, reason, shiftFollowing), ct), "rescheduled", ct);

    public async Task<IActionResult> OnPostExtendAsync(CancellationToken ct) => await Act(() => planner.ExtendAsync(Id, ct), "extended", ct);

    public async Task<IActionResult> OnPostPublishAsync(bool published, CancellationToken ct) => await Act(() => planner.PublishAsync(Id, published, ct), "published", ct);

    private async Task<IActionResult> Act(Func<Task> action, string done, CancellationToken ct)
    {
        if (!CanPlan) return Forbid();
        try
        {
            await action();
            return Redirect($"/Outreach/Desk/Plan/{Id}?{done}=1");
        }
        catch (Exception e) when (e is ValidationFailedException or DomainException or NotFoundException)
        {
            ModelState.AddModelError("", e.Message);
            return await OnGetAsync(ct);
        }
    }
}
