using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Home;

public sealed class IndexModel(AppDbContext db, ICurrentUser me, AppealWorkbench appealWorkbench, ListDisputes disputes, WorkingCalendar calendar, TimeProvider clock) : PageModel
{
    public Workbench Work { get; private set; } = null!;
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> RoleTitles { get; private set; } = [];

    /// <summary>
    /// Appeal queues this person works from, with how many appeals wait in each, and how many of their to-do are past
    /// the promise to the resident (an escalated appeal has fresh limits, so it is not in 已超期); null without appeal rights.
    /// </summary>
    public IReadOnlyList<(string Href, string Name, int Count)>? AppealQueues { get; private set; }

    /// <summary>The dispute cases this person may see (a mediator: their own), open ones and overdue ones; null without dispute rights.</summary>
    public IReadOnlyList<(string Href, string Name, int Count)>? DisputeCounts { get; private set; }

    /// <summary>Every module this person may open, for those whose work has no panel above.</summary>
    public IReadOnlyList<NavigationItems.Item> Modules => [.. NavigationItems.For(me).Where(i => i.Href != "/")];

    public bool IsVolunteer => me.IsInRole(Roles.Volunteer);

    /// <summary>For those who keep the calendar: the year whose official holidays are due but not entered.</summary>
    public int? CalendarYearMissing => AppealPermissions.Has(User, AppealPermissions.Configure) ? calendar.YearToEnter(clock.Today()) : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var areaId = int.TryParse(User.FindFirst(TongbanClaims.AreaId)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        Work = await LoadWorkbench.HandleAsync(db, me, areaId, ct);
        DisplayName = User.FindFirst(TongbanClaims.DisplayName)?.Value is { Length: > 0 } name ? name : me.UserName;
        RoleTitles = [.. Roles.All.Where(me.IsInRole).Select(Roles.Title)];
        AppealQueues = await appealWorkbench.CountsAsync(ct);
        if (me.ScopePath is not null && DisputePermissions.Has(me, DisputePermissions.View))
        {
            var (mediating, overdue, total) = await disputes.CountsAsync(ct); // counted as the dispute list counts them
            DisputeCounts =
            [
                ("/Disputes?state=" + DisputeState.Mediating, "调解中", mediating),
                ("/Disputes?overdue=true", "已超期", overdue),
                ("/Disputes", "全部案件", total),
            ];
        }
    }

    public bool Can(string permission) => me.HasPermission(permission);
}
