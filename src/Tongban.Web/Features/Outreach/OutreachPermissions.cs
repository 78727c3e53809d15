using System.Security.Claims;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>What each role may do in outreach; registered as policies by AddOutreach. The area scope still limits which records are seen.</summary>
public static class OutreachPermissions
{
    /// <summary>Day lists, plans, sessions, diary, coverage and figures.</summary>
    public const string View = "outreach.view";

    /// <summary>Record home visits and patrols (网格员走访).</summary>
    public const string Visit = "outreach.visit";

    /// <summary>Record desk sessions and concerns diary entries, turn them into appeals.</summary>
    public const string Desk = "outreach.desk";

    /// <summary>Plan and reschedule mobile desks (社区书记).</summary>
    public const string Plan = "outreach.plan";

    /// <summary>Visit-frequency rules for the whole installation.</summary>
    public const string Configure = "outreach.configure";

    public static readonly string[] All = [View, Visit, Desk, Plan, Configure];

    private static readonly Dictionary<string, string[]> ByRole = new()
    {
        [Roles.Admin] = [View, Visit, Desk, Plan, Configure],
        [Roles.CommunityAdmin] = [View, Visit, Desk, Plan],
        [Roles.WindowStaff] = [View, Desk],
        [Roles.GridWorker] = [View, Visit, Desk],
        [Roles.Centre] = [View],
        [Roles.Mediator] = [View],
        [Roles.DepartmentLiaison] = [],
        [Roles.Volunteer] = [],
    };

    public static bool Has(ClaimsPrincipal user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));

    public static bool Has(ICurrentUser user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));
}
