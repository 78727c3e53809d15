using Microsoft.AspNetCore.Identity;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>解锁: lifts a lockout after too many failed sign-ins and clears the failure count.</summary>
public static class UnlockUser
{
    public static async Task<StaffUser> HandleAsync(string id, AppDbContext db, UserManager<StaffUser> users, AuditLog audit, ICurrentUser me, CancellationToken ct)
    {
        var user = await ListUsers.FindAsync(db, me, audit, id, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        StaffUserRules.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        StaffUserRules.ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
        await transaction.CommitAsync(ct);
        return user;
    }
}
