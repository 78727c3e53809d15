using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Audit;

public sealed record ChainStatus(bool Intact, long Checked, long? FirstBrokenId, string Message);

public static class AuditApi
{
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("审计日志").RequireAuthorization(Permissions.AuditView);
        group.MapGet("/", Search).WithSummary("审计日志（新的在前，分页）；from/to 为北京时间日期 yyyy-MM-dd，含两端；仅管辖范围内");
        group.MapGet("/verify", Verify).WithSummary("逐条校验审计日志哈希链，返回是否完整及第一处断裂的记录编号");
        return app;
    }

    private static async Task<Ok<AuditPage>> Search(string? userName, string? action, string? entityType, string? entityId, DateOnly? from, DateOnly? to, int? page,
        AppDbContext db, ICurrentUser me, CancellationToken ct) =>
        TypedResults.Ok(await SearchAudit.HandleAsync(db, me, new AuditQuery(userName, action, entityType, entityId, from, to, page ?? 1), ct));

    private static async Task<Ok<ChainStatus>> Verify(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await VerifyAsync(db, ct));

    /// <summary>Runs the full check; the whole chain is walked because any earlier edit breaks every later link.</summary>
    public static async Task<ChainStatus> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
        var (count, broken) = await AuditChain.VerifyAsync(db, ct);
        return broken is { } id
            ? new ChainStatus(false, count, id, $"哈希链在第 {id} 号记录处断裂：该记录或其之前的记录被改动或删除。")
            : new ChainStatus(true, count, null, $"完整（{count}条）");
    }
}
