using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Shared;

/// <summary>The modules that exist, each shown only to roles that may use it.</summary>
public static class NavigationItems
{
    public sealed record Item(string Title, string Href, string? Permission);

    public static readonly IReadOnlyList<Item> All =
    [
        new("工作台", "/", null),
        new("区划网格", "/Places", Permissions.PlacesView),
        new("居民", "/People", Permissions.PeopleView),
        new("民情诉求", "/Appeals", Features.Appeals.AppealPermissions.View),
        new("一岗通办", "/Services", Features.Services.ServicePermissions.View),
        new("矛盾纠纷", "/Disputes", Features.Disputes.DisputePermissions.View),
        new("走访与流动办公", "/Outreach", Features.Outreach.OutreachPermissions.View),
        new("账户", "/Accounts/Users", Permissions.AccountsManage),
        new("Open311接入", "/Accounts/Open311", Permissions.AccountsManage),
        new("审计日志", "/Accounts/Audit", Permissions.AuditView),
        new("账户安全", "/Accounts/TwoFactor", null),
    ];

    public static IEnumerable<Item> For(ICurrentUser user) =>
        user.IsAuthenticated ? All.Where(i => i.Permission is null || user.HasPermission(i.Permission) || Features.Appeals.AppealPermissions.Has(user, i.Permission)
            || (i.Permission.StartsWith("disputes.", StringComparison.Ordinal) && user.ScopePath is not null && Features.Disputes.DisputePermissions.Has(user, i.Permission))
            || Features.Services.ServicePermissions.Has(user, i.Permission)
            || Features.Outreach.OutreachPermissions.Has(user, i.Permission)) : [];

    /// <summary>The item whose section the current page belongs to ("/" only for the home page itself).</summary>
    public static bool IsCurrent(Item item, PathString path) =>
        item.Href == "/" ? path == "/" || !path.HasValue : path.StartsWithSegments(item.Href, StringComparison.OrdinalIgnoreCase);
}
