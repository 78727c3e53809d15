using System.Security.Claims;

namespace Tongban.Web.Infrastructure;

/// <summary>The roles of DOMAIN.md and what each may do. Role names are stable identifiers; titles are shown.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string CommunityAdmin = "community_admin";
    public const string WindowStaff = "window_staff";
    public const string GridWorker = "grid_worker";
    public const string Mediator = "mediator";
    public const string Centre = "centre";
    public const string DepartmentLiaison = "department_liaison";
    public const string Volunteer = "volunteer";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [Admin] = "系统管理员",
        [CommunityAdmin] = "社区管理员（书记）",
        [WindowStaff] = "窗口工作人员（百通岗）",
        [GridWorker] = "网格员",
        [Mediator] = "调解员",
        [Centre] = "街道/区综治中心",
        [DepartmentLiaison] = "职能部门联络员",
        [Volunteer] = "志愿者",
    };

    public static readonly string[] All = [.. Titles.Keys];

    public static string Title(string role) => Titles.TryGetValue(role, out var t) ? t : role;
}

public static class Permissions
{
    public const string PlacesView = "places.view";
    public const string PlacesEdit = "places.edit";
    public const string PeopleView = "people.view";
    public const string PeopleEdit = "people.edit";
    public const string PeopleImport = "people.import";
    public const string PeopleExport = "people.export";
    /// <summary>See an ID number, phone or health field in full (each view is logged).</summary>
    public const string SensitiveView = "people.sensitive";
    public const string AccountsManage = "accounts.manage";
    public const string AuditView = "audit.view";

    private static readonly Dictionary<string, string[]> ByRole = new()
    {
        [Roles.Admin] = [PlacesView, PlacesEdit, PeopleView, PeopleEdit, PeopleImport, PeopleExport, SensitiveView, AccountsManage, AuditView],
        [Roles.CommunityAdmin] = [PlacesView, PlacesEdit, PeopleView, PeopleEdit, PeopleImport, PeopleExport, SensitiveView, AuditView],
        [Roles.WindowStaff] = [PlacesView, PeopleView, PeopleEdit, SensitiveView],
        [Roles.GridWorker] = [PlacesView, PeopleView, PeopleEdit],
        [Roles.Mediator] = [PlacesView, PeopleView],
        [Roles.Centre] = [PlacesView, PeopleView, PeopleExport, AuditView],
        [Roles.DepartmentLiaison] = [PlacesView],
        [Roles.Volunteer] = [],
    };

    public static IEnumerable<string> ForRole(string role) => ByRole.TryGetValue(role, out var p) ? p : [];

    public static bool Has(ClaimsPrincipal user, string permission) =>
        Roles.All.Any(r => user.IsInRole(r) && ForRole(r).Contains(permission));
}
