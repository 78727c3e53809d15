using Microsoft.Extensions.Options;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

/// <summary>
/// When privileged accounts must use a second factor, sends an admin or centre user who has none to the set-up page
/// on every request until they enable it. Reads only the sign-in claims, so error pages work without the database.
/// </summary>
public sealed class TwoFactorRequirement(RequestDelegate next, IOptions<SecurityOptions> security)
{
    public const string SetUpPath = "/Accounts/TwoFactor";

    private static readonly string[] Allowed = [SetUpPath, "/Accounts/Login", "/Accounts/Logout", "/Error", "/Shell", "/healthz", "/api/v1/auth", "/api/v1/me"];

    public Task InvokeAsync(HttpContext http)
    {
        if (!security.Value.RequireTwoFactorForPrivilegedRoles || !MustSetUp(http)) return next(http);
        if (Allowed.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return next(http);
        if (WebSetup.IsApi(http.Request.Path))
            return Results.Problem(title: "需要先开启两步验证", detail: "管理员和综治中心账户必须先在网页端“账户安全”中绑定验证器应用。",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
        http.Response.Redirect(SetUpPath);
        return Task.CompletedTask;
    }

    private static bool MustSetUp(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
        && http.User.FindFirst(StaffClaimsFactory.TwoFactorClaim)?.Value != "on"
        && TwoFactorPolicy.PrivilegedRoles.Any(http.User.IsInRole);
}
