using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

/// <summary>
/// The disabled account as before (the same fields, so clients of the earlier answer keep working), plus how many of
/// its appeals went back to be dispatched again and the departments left without a liaison.
/// </summary>
public sealed record DisabledUser : UserDetail
{
    public DisabledUser(UserDetail user, int returnedForDispatch, IReadOnlyList<string> departmentsNeedingLiaison) : base(user)
    {
        ReturnedForDispatch = returnedForDispatch;
        DepartmentsNeedingLiaison = departmentsNeedingLiaison;
    }

    public int ReturnedForDispatch { get; }
    public IReadOnlyList<string> DepartmentsNeedingLiaison { get; }
}

public static class UsersApi
{
    public static WebApplication MapUsersApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("账户").RequireAuthorization(Permissions.AccountsManage);
        group.MapGet("/", List).WithSummary("管辖范围内的工作人员账户（分页，q 按用户名或姓名查找）");
        group.MapGet("/{id}", Get).WithSummary("一个账户的角色、管辖区域、两步验证与锁定状态，以及手上的在办诉求件数（openAppeals）");
        group.MapPost("/", Create).WithSummary("新建账户；管辖区域必须在本人管辖范围内；用户名重复返回409");
        group.MapPut("/{id}", Update).WithSummary("修改用户名、姓名、角色、管辖区域；password 非空时重置密码");
        group.MapPost("/{id}/unlock", Unlock).WithSummary("解除因多次登录失败造成的锁定");
        group.MapPost("/{id}/disable", Disable).WithSummary("停用账户（离职、调离）：须写明原因；已登录的网页和访问令牌在30秒内失效；账户及其办理记录保留。本人承办的在办诉求退回所在层级重新派单并通知派单人员（returnedForDispatch）；以部门名义承办的留在部门，departmentsNeedingLiaison 列出须更换联络员的部门");
        group.MapPost("/{id}/enable", Enable).WithSummary("重新启用已停用的账户");
        return app;
    }

    private static async Task<Ok<UserPage>> List(string? q, int? page, AppDbContext db, ICurrentUser me, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListUsers.HandleAsync(db, me, clock, q, page ?? 1, ct));

    private static async Task<Ok<UserDetail>> Get(string id, AppDbContext db, ICurrentUser me, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await ListUsers.FindAsync(db, me, audit, id, ct);
        return TypedResults.Ok((await ListUsers.DescribeAsync(db, clock, [user], ct))[0]);
    }

    private static async Task<Created<UserDetail>> Create(StaffUserInput input, AppDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roles,
        AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await CreateUser.HandleAsync(input, db, users, roles, audit, clock, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", (await ListUsers.DescribeAsync(db, clock, [user], ct))[0]);
    }

    private static async Task<Ok<UserDetail>> Update(string id, StaffUserInput input, AppDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roles,
        AuditLog audit, ICurrentUser me, TimeProvider clock, Appeals.ActorCache actors, CancellationToken ct)
    {
        var user = await UpdateUser.HandleAsync(id, input, db, users, roles, audit, me, actors, ct);
        return TypedResults.Ok((await ListUsers.DescribeAsync(db, clock, [user], ct))[0]);
    }

    private static async Task<Ok<DisabledUser>> Disable(string id, DisableUserRequest body, AppDbContext db, UserManager<StaffUser> users, AuditLog audit,
        ICurrentUser me, DisabledAccounts disabled, Appeals.HandBackAppeals handBack, TimeProvider clock, CancellationToken ct)
    {
        var (user, handed) = await DisableUser.DisableAsync(id, body, db, users, audit, me, disabled, handBack, ct);
        return TypedResults.Ok(new DisabledUser((await ListUsers.DescribeAsync(db, clock, [user], ct))[0], handed.Personal, handed.Departments));
    }

    private static async Task<Ok<UserDetail>> Enable(string id, AppDbContext db, UserManager<StaffUser> users, AuditLog audit, ICurrentUser me,
        DisabledAccounts disabled, TimeProvider clock, CancellationToken ct)
    {
        var user = await DisableUser.EnableAsync(id, db, users, audit, me, disabled, ct);
        return TypedResults.Ok((await ListUsers.DescribeAsync(db, clock, [user], ct))[0]);
    }

    private static async Task<Ok<UserDetail>> Unlock(string id, AppDbContext db, UserManager<StaffUser> users, AuditLog audit, ICurrentUser me,
        TimeProvider clock, CancellationToken ct)
    {
        var user = await UnlockUser.HandleAsync(id, db, users, audit, me, ct);
        return TypedResults.Ok((await ListUsers.DescribeAsync(db, clock, [user], ct))[0]);
    }
}
