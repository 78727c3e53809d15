using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>新建/编辑账户. Offers only areas inside the administrator's own scope.</summary>
[Authorize(Policy = Permissions.AccountsManage)]
public sealed class EditModel(AppDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roleManager, AuditLog audit,
    ICurrentUser me, TimeProvider clock, Appeals.ActorCache actors, DisabledAccounts disabled, Appeals.HandBackAppeals handBack) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public int? AreaId { get; set; }
    [BindProperty] public string? Password { get; set; }
    [TempData] public string? Message { get; set; }
    [BindProperty] public string? DisableReason { get; set; }

    /// <summary>The account being edited is the administrator's own (which cannot be disabled from here).</summary>
    public bool IsSelf => Id is not null && Id == me.UserId;

    public UserDetail? Existing { get; private set; }

    /// <summary>Appeals the account has in hand now (open assignments), which a move or departure must hand over.</summary>
    public Appeals.AppealsInHand InHand { get; private set; } = Appeals.AppealsInHand.None;
    public IReadOnlyList<AreaOption> Areas { get; private set; } = [];

    public sealed record AreaOption(int Id, string Label);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is not null)
        {
            var result = await LoadExistingAsync(ct);
            if (result is not null) return result;
            UserName = Existing!.UserName;
            DisplayName = Existing.DisplayName;
            Roles = [.. Existing.Roles];
            AreaId = Existing.AreaId;
        }
        await LoadAreasAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new StaffUserInput(UserName, DisplayName, [.. Roles], AreaId, Password);
        try
        {
            var user = Id is null
                ? await CreateUser.HandleAsync(input, db, users, roleManager, audit, clock, ct)
                : await UpdateUser.HandleAsync(Id, input, db, users, roleManager, audit, me, actors, ct);
            Message = Id is null ? $"已新建账户“{user.UserName}”。" : $"已保存账户“{user.UserName}”。";
            return Redirect("/Accounts/Users");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages)
                    ModelState.AddModelError(FieldName(field), message);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        if (Id is not null && await LoadExistingAsync(ct) is { } failed) return failed;
        await LoadAreasAsync(ct);
        return Page();
    }

    /// <summary>停用 (with a reason) or 启用; a refusal re-shows the page with the reason kept.</summary>
    public async Task<IActionResult> OnPostDisableAsync(bool enable, CancellationToken ct)
    {
        if (Id is null) return NotFound();
        try
        {
            if (enable)
            {
                var user = await DisableUser.EnableAsync(Id, db, users, audit, me, disabled, ct);
                Message = $"已重新启用账户“{user.UserName}”。";
            }
            else
            {
                var (user, handed) = await DisableUser.DisableAsync(Id, new DisableUserRequest(DisableReason), db, users, audit, me, disabled, handBack, ct);
                Message = $"已停用账户“{user.UserName}”，其已登录的网页和接口令牌随即失效。"
                    + (handed.Personal > 0 ? $"其承办的 {handed.Personal} 件在办诉求已退回重新派单，并已通知派单人员。" : "")
                    + (handed.Departments.Count > 0 ? $"请尽快为{string.Join("、", handed.Departments)}更换联络员（诉求设置 · 职能部门），该部门承办的诉求仍在部门名下。" : "");
            }
            return Redirect("/Accounts/Users");
        }
        catch (ValidationFailedException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value)) ModelState.AddModelError(nameof(DisableReason), message);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(DisableReason), e.Message);
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        if (await LoadExistingAsync(ct) is { } failed) return failed;
        var existing = Existing!;
        (UserName, DisplayName, Roles, AreaId) = (existing.UserName, existing.DisplayName, [.. existing.Roles], existing.AreaId);
        await LoadAreasAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken ct)
    {
        if (Id is null) return NotFound();
        try
        {
            var user = await UnlockUser.HandleAsync(Id, db, users, audit, me, ct);
            Message = $"已解除账户“{user.UserName}”的锁定。";
            return Redirect("/Accounts/Users");
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult?> LoadExistingAsync(CancellationToken ct)
    {
        try
        {
            var user = await ListUsers.FindAsync(db, me, audit, Id!, ct);
            Existing = (await ListUsers.DescribeAsync(db, clock, [user], ct))[0];
            InHand = await Appeals.HandBackAppeals.CountAsync(db, user.Id, ct);
            return null;
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task LoadAreasAsync(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking().OrderBy(a => a.AreaPath)
            .Select(a => new { a.Id, a.Name, a.Level }).ToListAsync(ct);
        var top = areas.Count == 0 ? AreaLevel.District : areas.Min(a => a.Level);
        Areas = [.. areas.Select(a => new AreaOption(a.Id,
            new string('\u3000', (int)a.Level - (int)top) + a.Name + "（" + Area.LevelName(a.Level) + "）"))];
    }

    private static string FieldName(string apiField) => apiField switch
    {
        "userName" => nameof(UserName),
        "displayName" => nameof(DisplayName),
        "roles" => nameof(Roles),
        "areaId" => nameof(AreaId),
        "password" => nameof(Password),
        _ => "",
    };
}
