using System.Security.Claims;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// What each role may do with appeals. Kept in the module (registered as policies by AddAppeals) so the shared
/// permission table stays untouched; the area scope and the assignment rule still limit which appeals are seen.
/// </summary>
public static class AppealPermissions
{
    /// <summary>See appeals, queues, timelines and the three rates.</summary>
    public const string View = "appeals.view";

    /// <summary>受理、不予受理、合并、派单、改派、升级、回访、关闭、重办: the owners of the process.</summary>
    public const string Handle = "appeals.handle";

    /// <summary>签收/报到、开始办理、进展、办结: whoever the appeal is dispatched to.</summary>
    public const string Work = "appeals.work";

    /// <summary>Reply templates (答复模板).</summary>
    public const string Templates = "appeals.templates";

    /// <summary>Categories, time-limit rules, departments.</summary>
    public const string Configure = "appeals.configure";

    /// <summary>Excel export of appeal lists (logged).</summary>
    public const string Export = "appeals.export";

    public static readonly string[] All = [View, Handle, Work, Templates, Configure, Export];

    private static readonly Dictionary<string, string[]> ByRole = new()
    {
        [Roles.Admin] = [View, Handle, Work, Templates, Configure, Export],
        [Roles.CommunityAdmin] = [View, Handle, Work, Templates, Export],
        [Roles.WindowStaff] = [View, Handle, Work, Templates],
        [Roles.Centre] = [View, Handle, Work, Templates, Export],
        [Roles.GridWorker] = [View, Work],
        [Roles.Mediator] = [View, Work],
        [Roles.DepartmentLiaison] = [View, Work],
        [Roles.Volunteer] = [],
    };

    /// <summary>
    /// Roles that read the appeals of their area. A department liaison's account covers the whole district, but a
    /// department works on what is dispatched to it (吹哨报到), so a liaison reads only the appeals their department is
    /// on, not every appeal of the district with its reporters' names (PIPL: no more personal data than the work needs).
    /// </summary>
    private static readonly string[] AreaReaders = [Roles.Admin, Roles.CommunityAdmin, Roles.WindowStaff, Roles.Centre, Roles.GridWorker, Roles.Mediator];

    /// <summary>Whether the caller reads appeals by area as well as by assignment; only liaisons (with no other role) do not.</summary>
    public static bool ReadsByArea(ICurrentUser user) => AreaReaders.Any(user.IsInRole) || !user.IsInRole(Roles.DepartmentLiaison);

    public static bool Has(ClaimsPrincipal user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));

    public static bool Has(ICurrentUser user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ByRole.TryGetValue(r, out var p) && p.Contains(permission));
}
