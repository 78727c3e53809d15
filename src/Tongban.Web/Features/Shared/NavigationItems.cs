using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Shared;

/// <summary>The modules that exist, each shown only to roles that may use it.</summary>
public static class NavigationItems
{
    /// <param name="Purpose">One line on what it is for, shown on the home page of those with no workbench panels.</param>
    public sealed record Item(string Title, string Href, string? Permission, string Purpose);

    public static readonly IReadOnlyList<Item> All =
    [
        new("工作台", "/", null, "今天要办的事"),
        new("区划网格", "/Places", Permissions.PlacesView, "查看管辖范围内的网格、小区和楼栋"),
        new("居民", "/People", Permissions.PeopleView, "查询管辖范围内的居民信息"),
        new("民情诉求", "/Appeals", Features.Appeals.AppealPermissions.View, "派给您的诉求：签收、办理、回复"),
        new("一岗通办", "/Services", Features.Services.ServicePermissions.View, "窗口接待、办件、预约和轮岗"),
        new("矛盾纠纷", "/Disputes", Features.Disputes.DisputePermissions.View, "您承办或被通报的调解案件"),
        new("走访与流动办公", "/Outreach", Features.Outreach.OutreachPermissions.View, "入户走访和流动办公桌"),
        new("账户", "/Accounts/Users", Permissions.AccountsManage, "工作人员账户"),
        new("Open311接入", "/Accounts/Open311", Permissions.AccountsManage, "外部系统接入密钥"),
        new("审计日志", "/Accounts/Audit", Permissions.AuditView, "谁在何时改了什么"),
        new("账户安全", "/Accounts/TwoFactor", null, "绑定验证器应用，开启两步验证"),
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
