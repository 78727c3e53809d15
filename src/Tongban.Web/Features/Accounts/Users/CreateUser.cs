using Microsoft.AspNetCore.Identity;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>新建账户: the scope must lie inside the creator's own; the account and its roles are written together.</summary>
public static class CreateUser
{
    public static async Task<StaffUser> HandleAsync(StaffUserInput input, AppDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roles,
        AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var area = await StaffUserRules.ValidateAsync(input, passwordRequired: true, db, users, audit, user: null, ct);
        var userName = input.UserName!.Trim();
        await StaffUserRules.ThrowIfNameTakenAsync(users, userName, exceptId: null);

        var user = new StaffUser
        {
            UserName = userName,
            DisplayName = input.DisplayName!.Trim(),
            AreaId = area!.Id,
            AreaPath = area.AreaPath,
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StaffUserRules.EnsureRolesExistAsync(roles, input.Roles!);
        StaffUserRules.ThrowIfFailed(await users.CreateAsync(user, input.Password!));
        StaffUserRules.ThrowIfFailed(await users.AddToRolesAsync(user, input.Roles!.Distinct()));
        await transaction.CommitAsync(ct);
        return user;
    }
}
