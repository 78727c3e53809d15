using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record CreateServiceItemRequest(string? Code, CatalogInput? Content);

public sealed record CatalogChangeResult(int ItemId, string Code, int VersionNumber, bool Published, int OpenApplicationsOnOlderVersions);

/// <summary>Adds an item to the catalog with its first version (published unless asked to keep it as a draft).</summary>
public sealed class CreateServiceItem(AppDbContext db, ICurrentUser user, TimeProvider clock, GuideCache guide)
{
    public async Task<CatalogChangeResult> HandleAsync(CreateServiceItemRequest request, CancellationToken ct)
    {
        ServicePermissions.Ensure(user, ServicePermissions.Catalog, "新增服务事项");
        var v = new Validation();
        var code = request.Code?.Trim().ToLowerInvariant();
        v.Require(CatalogInput.IsValidCode(code), "code", "事项编码用于网址，请用2到60位小写字母、数字或连字符，如 senior-allowance");
        if (request.Content is null) v.Add("content", "请填写事项内容");
        else request.Content.Validate(v);
        if (v.IsValid && await db.ServiceItems().AnyAsync(i => i.Code == code, ct)) v.Add("code", $"编码“{code}”已被其他事项使用");
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var item = new ServiceItem { Code = code!, IsPublic = request.Content!.IsPublic, CreatedAt = now };
        var version = item.AddVersion(request.Content.ToVersion(), request.Content.Publish, user.UserName, now);
        db.ServiceItems().Add(item);
        await db.SaveChangesAsync(ct);
        if (version.PublishedAt is not null)
        {
            item.CurrentVersionId = version.Id;
            await db.SaveChangesAsync(ct);
        }
        guide.Clear();
        return new CatalogChangeResult(item.Id, item.Code, version.Number, version.PublishedAt is not null, 0);
    }
}
