using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>The grid worker's day on a phone: who to visit, which buildings to patrol, what is done.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class IndexModel(GetDayList dayList, AppDbContext db, ICurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? GridId { get; set; }

    public DayList? Day { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Grids { get; private set; } = [];
    public bool CanVisit => OutreachPermissions.Has(user, OutreachPermissions.Visit);
    public bool CanPlan => OutreachPermissions.Has(user, OutreachPermissions.Plan);
    public bool CanDesk => OutreachPermissions.Has(user, OutreachPermissions.Desk);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Grids = (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid).OrderBy(a => a.Code).Select(a => new { a.Id, a.Name }).Take(500).ToListAsync(ct))
            .Select(a => (a.Id, a.Name)).ToList();
        if (GridId is null && Grids.Count > 1) return; // pick a grid first
        try
        {
            Day = await dayList.HandleAsync(GridId, GetDayList.DefaultLimit, ct);
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException)
        {
            Problem = e.Message;
        }
    }
}
