using System.Security.Claims;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>What each role may do in 一岗通办; registered as policies by AddServices.</summary>
public static class ServicePermissions
{
    /// <summary>See applications, appointments, rota and skills of the own area.</summary>
    public const string View = "services.view";

    /// <summary>Receive residents and handle applications (首问负责), manage appointments.</summary>
    public const string Handle = "services.handle";

    /// <summary>Edit the catalog (new versions), withdraw items.</summary>
    public const string Catalog = "services.catalog";

    /// <summary>Duty rota, leave, skill matrix, daily close.</summary>
    public const string Manage = "services.manage";

    public static readonly string[] All = [View, Handle, Catalog, Manage];

    private static readonly Dictionary<string, string[]> ByRole = new()
    {
        [Roles.Admin] = [View, Handle, Catalog, Manage],
        [Roles.CommunityAdmin] = [View, Handle, Catalog, Manage],
        [Roles.WindowStaff] = [View, Handle],
        [Roles.GridWorker] = [View, Handle],
        [Roles.Centre] = [View],
        [Roles.Mediator] = [],
        [Roles.DepartmentLiaison] = [],
        [Roles.Volunteer] = [],
    };

    public static bool Has(ClaimsPrincipal user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));

    public static bool Has(ICurrentUser user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));

    /// <summary>
    /// Refuses (403) a caller whose roles lack the right for this change. The API's routes check it too, but the desk
    /// pages only require <see cref="View"/> and post to the same use cases, so each use case checks for itself. Jobs and
    /// seeding (no scope) act as the system.
    /// </summary>
    public static void Ensure(ICurrentUser user, string permission, string action)
    {
        if (user.ScopePath is null || Has(user, permission)) return;
        throw new OutsideScopeException($"您的角色不能{action}。确需办理的，请联系社区书记或系统管理员。");
    }
}
