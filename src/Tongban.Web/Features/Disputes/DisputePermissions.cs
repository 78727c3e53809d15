using System.Security.Claims;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// What each role may do with disputes (registered as policies by AddDisputes). Which cases a person sees is narrower
/// still: the area filter, and for mediators, grid workers and department liaisons only their own cases (DisputeWorkflow).
/// </summary>
public static class DisputePermissions
{
    /// <summary>See cases (as far as the area and case rules allow), documents and figures.</summary>
    public const string View = "disputes.view";

    /// <summary>受理登记, including conversion from an appeal.</summary>
    public const string Register = "disputes.register";

    /// <summary>研判、指派调解员、升级、结案.</summary>
    public const string Manage = "disputes.manage";

    /// <summary>吹哨: summon departments to a joint session (street and district centres).</summary>
    public const string Summon = "disputes.summon";

    public static readonly string[] All = [View, Register, Manage, Summon];

    private static readonly Dictionary<string, string[]> ByRole = new()
    {
        [Roles.Admin] = [View, Register, Manage, Summon],
        [Roles.CommunityAdmin] = [View, Register, Manage],
        [Roles.WindowStaff] = [View, Register],
        [Roles.Centre] = [View, Register, Manage, Summon],
        [Roles.Mediator] = [View, Register, Manage],
        [Roles.GridWorker] = [View, Register],
        [Roles.DepartmentLiaison] = [View],
        [Roles.Volunteer] = [],
    };

    /// <summary>Roles that see every case of their area; the others see only the cases they are part of.</summary>
    public static readonly string[] SeeWholeArea = [Roles.Admin, Roles.CommunityAdmin, Roles.WindowStaff, Roles.Centre];

    /// <summary>Roles whose members may be named mediators (a community secretary often mediates too).</summary>
    public static readonly string[] CanMediate = [Roles.Mediator, Roles.Centre, Roles.CommunityAdmin];

    public static bool Has(ClaimsPrincipal user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));

    public static bool Has(ICurrentUser user, string permission) =>
        user.ScopePath is null || Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));
}
