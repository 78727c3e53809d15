using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>An edit: <paramref name="BaseVersion"/> is the version number the editor started from.</summary>
public sealed record ReviseServiceItemRequest(int? BaseVersion, CatalogInput? Content);

/// <summary>
/// Editing an item makes a new version; applications already open keep the version they started with. An edit based
/// on a version that is no longer the latest is refused, so two editors never silently overwrite each other.
/// </summary>
public sealed class ReviseServiceItem(AppDbContext db, ICurrentUser user, TimeProvider clock, GuideCache guide)
{
    public async Task<CatalogChangeResult> HandleAsync(int itemId, ReviseServiceItemRequest request, CancellationToken ct)
    {
        ServicePermissions.Ensure(user, ServicePermissions.Catalog, "修改服务事项");
        var v = new Validation();
        if (request.Content is null) v.Add("content", "请填写事项内容");
        else request.Content.Validate(v);
        v.Require(request.BaseVersion is not null, "baseVersion", "请说明本次修改基于第几版（baseVersion）");
        v.ThrowIfInvalid();

        var item = await db.ServiceItems().Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct)
            ?? throw new NotFoundException("找不到该服务事项。");
        var latest = item.Versions.Count == 0 ? 0 : item.Versions.Max(x => x.Number);
        if (request.BaseVersion != latest)
            throw new DomainException($"该事项已被他人修改为第{latest}版（您基于第{request.BaseVersion}版修改）。请刷新后对照最新内容再保存；您填写的内容未丢失，可复制后重新提交。");
        var now = clock.GetUtcNow();
        var version = item.AddVersion(request.Content!.ToVersion(), request.Content.Publish, user.UserName, now);
        item.IsPublic = request.Content.IsPublic;
        await db.SaveChangesAsync(ct);
        if (version.PublishedAt is not null)
        {
            item.CurrentVersionId = version.Id;
            await db.SaveChangesAsync(ct);
        }
        var open = await db.ServiceApplications().IgnoreQueryFilters()
            .CountAsync(a => a.ServiceItemId == itemId && a.ServiceItemVersionId != version.Id
                && !ServiceApplication.EndStates.Contains(a.State), ct);
        guide.Clear();
        return new CatalogChangeResult(item.Id, item.Code, version.Number, version.PublishedAt is not null, open);
    }
}
