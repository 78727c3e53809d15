using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>What an administrator fills in for a staff account. Password: the initial one, or a reset (optional on edit).</summary>
public sealed record StaffUserInput(string? UserName, string? DisplayName, string[]? Roles, int? AreaId, string? Password);

/// <summary>The checks create and edit share; every problem is reported at once, in Chinese.</summary>
internal static class StaffUserRules
{
    public static async Task<Area?> ValidateAsync(StaffUserInput input, bool passwordRequired, AppDbContext db, UserManager<StaffUser> users,
        AuditLog audit, StaffUser? user, CancellationToken ct)
    {
        var v = new Validation();
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length == 0) v.Add("userName", "请输入用户名");
        else if (userName.Length > 50) v.Add("userName", "用户名不能超过50个字符");
        else if (userName.Any(c => !users.Options.User.AllowedUserNameCharacters.Contains(c)))
            v.Add("userName", "用户名只能包含英文字母、数字和 -._@+，请用拼音或工号");

        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0) v.Add("displayName", "请输入姓名");
        else if (displayName.Length > 50) v.Add("displayName", "姓名不能超过50个字符");

        var roles = input.Roles ?? [];
        if (roles.Length == 0) v.Add("roles", "请至少选择一个角色");
        foreach (var role in roles.Where(r => !Infrastructure.Roles.All.Contains(r)))
            v.Add("roles", $"没有“{role}”这个角色，可选：{string.Join("、", Infrastructure.Roles.All)}");

        Area? area = null;
        if (input.AreaId is not { } areaId) v.Add("areaId", "请选择管辖区域");
        else
        {
            area = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Id == areaId, ct);
            if (area is null)
            {
                // Granting a scope outside one's own is an attempt worth recording, not a typo.
                var elsewhere = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == areaId).Select(a => new { a.AreaPath }).FirstOrDefaultAsync(ct);
                if (elsewhere is not null) throw await audit.OutsideScopeAsync("Area", areaId.ToString(System.Globalization.CultureInfo.InvariantCulture), elsewhere.AreaPath, ct);
                v.Add("areaId", "所选管辖区域不存在");
            }
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            if (passwordRequired) v.Add("password", "请设置初始密码（至少8位，含字母和数字）");
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user ?? new StaffUser { UserName = userName }, input.Password);
                foreach (var error in result.Errors) v.Add("password", error.Description);
            }
        }
        v.ThrowIfInvalid();
        return area;
    }

    /// <summary>Turns an Identity failure into the matching problem: a taken name is a conflict, the rest is input.</summary>
    public static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded) return;
        var duplicate = result.Errors.FirstOrDefault(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        if (duplicate is not null) throw new DomainException(duplicate.Description);
        throw new ValidationFailedException(new Dictionary<string, string[]> { ["userName"] = [.. result.Errors.Select(e => e.Description)] });
    }

    public static async Task EnsureRolesExistAsync(RoleManager<IdentityRole> roles, IEnumerable<string> names)
    {
        foreach (var name in names)
            if (!await roles.RoleExistsAsync(name))
                ThrowIfFailed(await roles.CreateAsync(new IdentityRole(name)));
    }

    public static async Task ThrowIfNameTakenAsync(UserManager<StaffUser> users, string userName, string? exceptId)
    {
        var existing = await users.FindByNameAsync(userName);
        if (existing is not null && existing.Id != exceptId) throw new DomainException($"用户名“{userName}”已被使用，请换一个。");
    }
}
