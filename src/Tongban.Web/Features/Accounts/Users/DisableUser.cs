using System.Collections.Frozen;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

public sealed record DisableUserRequest(string? Reason);

/// <summary>
/// 停用 and 启用: someone who leaves or moves away keeps no access to residents' and appeals' data. A disabled account
/// is locked out for good (Identity's lockout end at the far future, so sign-in refuses it with its own message), its
/// security stamp changes, and <see cref="DisabledAccounts"/> refuses its open sessions and API tokens on the next request.
/// The account and everything it did stay on record; enabling it again lifts the lockout.
/// </summary>
public static class DisableUser
{
    /// <summary>The lockout end that marks an account as disabled rather than locked for a while after failed sign-ins.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end >= DisabledUntil;

    /// <summary>The same test in SQL: the accounts that are disabled.</summary>
    public static IQueryable<StaffUser> Disabled(this IQueryable<StaffUser> users) => users.Where(u => u.LockoutEnd >= DisabledUntil);

    /// <summary>The accounts that may still act (and be sent work): not disabled.</summary>
    public static IQueryable<StaffUser> NotDisabled(this IQueryable<StaffUser> users) => users.Where(u => u.LockoutEnd == null || u.LockoutEnd < DisabledUntil);

    /// <summary>
    /// Disables the account and, in the same transaction, hands back the appeals in the person's hands (see
    /// <see cref="Appeals.HandBackAppeals"/>): nothing stays with someone who can no longer sign in.
    /// </summary>
    public static async Task<(StaffUser User, Appeals.AppealsInHand Appeals)> DisableAsync(string id, DisableUserRequest request, AppDbContext db,
        UserManager<StaffUser> users, AuditLog audit, ICurrentUser me, DisabledAccounts disabled, Appeals.HandBackAppeals handBack, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(reason), "reason", "请写明停用原因（如“离职”“调岗至某街道”）")
            .Require((reason?.Length ?? 0) <= 200, "reason", "停用原因不能超过200字")
            .ThrowIfInvalid();
        var user = await ListUsers.FindAsync(db, me, audit, id, ct);
        if (user.Id == me.UserId) throw new DomainException("不能停用自己正在使用的账户。");
        if (IsDisabled(user.LockoutEnd)) throw new DomainException($"账户“{user.UserName}”已经停用。");
        Appeals.AppealsInHand handed;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            StaffUserRules.ThrowIfFailed(await users.SetLockoutEnabledAsync(user, true));
            StaffUserRules.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, DisabledUntil));
            StaffUserRules.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName;
            handed = await handBack.HandBackAsync(user.Id, name, reason!, ct);
            await transaction.CommitAsync(ct);
        }
        var note = handed.Personal > 0 ? $"；{handed.Personal}件在办诉求退回重新派单" : "";
        await audit.RecordAsync("disable", "StaffUser", user.Id, $"停用账户 {user.UserName}：{reason}{note}", user.AreaPath);
        disabled.Changed();
        return (user, handed);
    }

    public static async Task<StaffUser> EnableAsync(string id, AppDbContext db, UserManager<StaffUser> users, AuditLog audit, ICurrentUser me,
        DisabledAccounts disabled, CancellationToken ct)
    {
        var user = await ListUsers.FindAsync(db, me, audit, id, ct);
        if (!IsDisabled(user.LockoutEnd)) throw new DomainException($"账户“{user.UserName}”没有停用，无需启用。");
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            StaffUserRules.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
            StaffUserRules.ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
            await transaction.CommitAsync(ct);
        }
        await audit.RecordAsync("enable", "StaffUser", user.Id, $"启用账户 {user.UserName}", user.AreaPath);
        disabled.Changed();
        return user;
    }
}

/// <summary>
/// The ids of disabled accounts, read at most every 30 s on each node (and at once on the node that disabled one), so
/// a disabled person's open page session or 8-hour API token stops working within half a minute everywhere.
/// </summary>
public sealed class DisabledAccounts(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(FrozenSet<string> Ids, DateTimeOffset ReadAt);

    public void Changed() => _snapshot = null;

    public async ValueTask<bool> ContainsAsync(string userId, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.ReadAt > RefreshEvery)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ids = await db.Users.IgnoreQueryFilters().AsNoTracking().Disabled().Select(u => u.Id).ToListAsync(ct);
            _snapshot = snapshot = new Snapshot(ids.ToFrozenSet(), clock.GetUtcNow());
        }
        return snapshot.Ids.Contains(userId);
    }
}

/// <summary>Refuses every request of a disabled account: the API with a 401 problem, pages by signing out to the sign-in page.</summary>
public sealed class DisabledAccountCheck(RequestDelegate next, DisabledAccounts disabled)
{
    public const string Message = "该账户已停用，不能再登录或办理业务。如有疑问，请联系本单位的系统管理员。";

    public async Task InvokeAsync(HttpContext http)
    {
        // The error pages and the health check answer while the database is down, so they are not checked, and a
        // database that cannot be read lets the request on to the failure it will meet anyway (500, 503).
        if (http.User.Identity?.IsAuthenticated != true || http.Request.Path.StartsWithSegments("/Error") || http.Request.Path.StartsWithSegments("/healthz")
            || http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } id
            || !await IsDisabledAsync(id, http.RequestAborted))
        {
            await next(http);
            return;
        }
        if (WebSetup.IsApi(http.Request.Path))
        {
            await Results.Problem(title: "账户已停用", detail: Message, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.Response.Redirect("/Accounts/Login?disabled=1");
    }

    private async Task<bool> IsDisabledAsync(string id, CancellationToken ct)
    {
        try
        {
            return await disabled.ContainsAsync(id, ct);
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }
}
