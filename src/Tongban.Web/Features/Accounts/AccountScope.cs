using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

/// <summary>
/// Scope limits for account data, which the global area filter does not cover (Identity must find any user by name
/// at sign-in, and audit entries can lack an area). Every accounts query goes through these two methods.
/// </summary>
public static class AccountScope
{
    /// <summary>Staff users whose own area lies inside the caller's scope.</summary>
    public static IQueryable<StaffUser> VisibleTo(this IQueryable<StaffUser> users, ICurrentUser me) =>
        me.ScopePath is { } scope ? users.Where(u => u.AreaPath.StartsWith(scope)) : users;

    /// <summary>Audit entries about places inside the caller's scope; a district-level admin sees every entry.</summary>
    public static IQueryable<AuditEntry> VisibleTo(this IQueryable<AuditEntry> entries, ICurrentUser me)
    {
        if (SeesEverything(me)) return entries;
        var scope = me.ScopePath!;
        return entries.Where(a => a.AreaPath != null && a.AreaPath.StartsWith(scope));
    }

    /// <summary>Jobs, and admins whose scope is a root of the area tree (one path segment).</summary>
    public static bool SeesEverything(ICurrentUser me) =>
        me.ScopePath is null || (me.IsInRole(Roles.Admin) && me.ScopePath.Count(c => c == '/') == 1);
}
