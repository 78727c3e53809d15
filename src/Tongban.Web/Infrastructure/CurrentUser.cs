using System.Security.Claims;

namespace Tongban.Web.Infrastructure;

public static class TongbanClaims
{
    public const string AreaPath = "tongban:area_path";
    public const string AreaId = "tongban:area_id";
    public const string DisplayName = "tongban:display_name";
}

/// <summary>Who is acting and which part of the area tree they may see. Never read statically.</summary>
public interface ICurrentUser
{
    string? UserId { get; }
    string UserName { get; }
    bool IsAuthenticated { get; }
    bool IsInRole(string role);
    bool HasPermission(string permission);

    /// <summary>Null means no limit (background jobs, seeding); otherwise a path prefix the caller may see.</summary>
    string? ScopePath { get; }
}

/// <summary>The user of the current HTTP request; outside a request, the system with no scope limit.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    /// <summary>A path no record has: an anonymous web caller sees nothing scoped.</summary>
    public const string NothingVisible = "~";

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public string? UserId => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    public string UserName => accessor.HttpContext is null ? "系统" : Principal?.Identity?.IsAuthenticated == true ? Principal.Identity.Name ?? "" : "匿名";

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;

    public bool HasPermission(string permission) => Principal is { } p && Permissions.Has(p, permission);

    public string? ScopePath
    {
        get
        {
            if (accessor.HttpContext is null) return null;
            if (!IsAuthenticated) return NothingVisible;
            return Principal!.FindFirstValue(TongbanClaims.AreaPath) ?? NothingVisible;
        }
    }
}
