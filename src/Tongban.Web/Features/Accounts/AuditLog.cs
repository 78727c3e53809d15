using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

/// <summary>Writes explicit audit entries: sensitive views, exports, sign-ins, attempts outside the area.</summary>
/// <remarks>Each entry commits in its own scope, apart from whatever the caller has pending.</remarks>
public sealed class AuditLog(IServiceScopeFactory scopes, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock)
{
    public async Task RecordAsync(string action, string entityType, string entityId, string? detail = null, string? areaPath = null, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await AuditChain.AppendAsync(db, [new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = user.UserId,
            UserName = user.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            AreaPath = areaPath,
            Detail = detail,
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        }], ct);
    }

    /// <summary>Logs the attempt in its own transaction and throws 403, so the record survives the failed request.</summary>
    public async Task<Exception> OutsideScopeAsync(string entityType, string entityId, string? areaPath, CancellationToken ct = default)
    {
        await RecordAsync("outside-scope", entityType, entityId, $"越权访问：{user.UserName} 的管辖范围为 {user.ScopePath}", areaPath, ct);
        return new OutsideScopeException("该记录不在您的管辖范围内，此次访问已记录。");
    }
}
