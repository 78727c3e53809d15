using Microsoft.AspNetCore.Identity;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>修改账户: name, roles, scope and optionally a new password, all in one transaction.</summary>
public static class UpdateUser
{
    public static async Task<StaffUser> HandleAsync(string id, StaffUserInput input, AppDbContext db, UserManager<StaffUser> users,
        RoleManager<IdentityRole> roles, AuditLog audit, ICurrentUser me, Appeals.ActorCache actors, CancellationToken ct)
    {
        var user = await ListUsers.FindAsync(db, me, audit, id, ct);
        var area = await StaffUserRules.ValidateAsync(input, passwordRequired: false, db, users, audit, user, ct);
        var userName = input.UserName!.Trim();
        await StaffUserRules.ThrowIfNameTakenAsync(users, userName, exceptId: user.Id);

        var current = await users.GetRolesAsync(user);
        var wanted = input.Roles!.Distinct().ToList();
        // An administrator who removes their own admin role could lock everyone out of account management.
        if (user.Id == me.UserId && current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin))
            throw new DomainException("不能移除自己的系统管理员角色，请由另一位管理员操作。");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StaffUserRules.EnsureRolesExistAsync(roles, wanted);
        if (user.UserName != userName) StaffUserRules.ThrowIfFailed(await users.SetUserNameAsync(user, userName));
        var scopeChanged = user.AreaId != area!.Id || user.AreaPath != area.AreaPath;
        user.DisplayName = input.DisplayName!.Trim();
        user.AreaId = area.Id;
        user.AreaPath = area.AreaPath;
        StaffUserRules.ThrowIfFailed(await users.UpdateAsync(user));
        var removed = current.Except(wanted).ToList();
        var added = wanted.Except(current).ToList();
        if (removed.Count > 0) StaffUserRules.ThrowIfFailed(await users.RemoveFromRolesAsync(user, removed));
        if (added.Count > 0) StaffUserRules.ThrowIfFailed(await users.AddToRolesAsync(user, added));
        if (!string.IsNullOrEmpty(input.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            StaffUserRules.ThrowIfFailed(await users.ResetPasswordAsync(user, token, input.Password));
        }
        // Roles or scope changed: old sign-ins must pick up the new claims.
        if (removed.Count > 0 || added.Count > 0 || scopeChanged) StaffUserRules.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
        await transaction.CommitAsync(ct);
        actors.Forget(user.Id); // the timeline names them as they are now
        return user;
    }
}
