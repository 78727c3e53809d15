using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>One summary audit entry for a bulk change, appended inside the caller's transaction so both commit together.</summary>
public static class PlaceAudit
{
    public static Task SummaryAsync(AppDbContext db, TimeProvider clock, IHttpContextAccessor http, string action, string entityType,
        string entityId, string areaPath, string detail, string? after, CancellationToken ct) =>
        AuditChain.AppendAsync(db, [new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = db.CurrentUser.UserId,
            UserName = db.CurrentUser.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            AreaPath = areaPath,
            Detail = detail,
            After = after,
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        }], ct);
}
