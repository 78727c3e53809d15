using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Changes a node's name. Its code stays: every path below is built from it.</summary>
public sealed class RenameArea(AppDbContext db, AuditLog audit)
{
    public sealed record Request(string? Name);

    public async Task<AreaSummary> HandleAsync(int id, Request request, CancellationToken ct)
    {
        var area = await PlaceLookup.AreaAsync(db, id, audit, ct);
        var name = request.Name?.Trim() ?? "";
        new Validation()
            .Require(name.Length > 0, "name", "请填写名称")
            .Require(name.Length <= 60, "name", "名称不能超过60个字")
            .ThrowIfInvalid();
        area.Rename(name);
        await db.SaveChangesAsync(ct);
        return AreaSummary.From(area, await PlaceCounts.ForAsync(db, area, ct));
    }
}
