using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

public sealed record Open311ClientView(int Id, string Name, string AreaName, bool IsActive, DateTimeOffset CreatedAt)
{
    public string CreatedAtText => CreatedAt.Show();
}

public sealed record NewOpen311ClientRequest(string? Name, int? AreaId);

/// <summary>The key is shown this once; only its hash is kept.</summary>
public sealed record NewOpen311Client(int Id, string Name, string AreaName, string ApiKey);

/// <summary>
/// Open311 接入管理: an administrator issues a key to a client (a 12345 hotline system, a FixMyStreet-style app) for
/// their district or a street within it, and can stop a key at once. Every issue and stop is audited.
/// </summary>
public sealed class ManageOpen311Clients(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    private void EnsureAllowed()
    {
        if (!user.HasPermission(Permissions.AccountsManage)) throw new OutsideScopeException("只有平台管理员可以管理 Open311 接入密钥。");
    }

    public async Task<IReadOnlyList<Open311ClientView>> ListAsync(CancellationToken ct)
    {
        EnsureAllowed();
        var clients = await db.Open311Clients.AsNoTracking().OrderByDescending(c => c.IsActive).ThenBy(c => c.Id).ToListAsync(ct);
        var visible = clients.Where(c => InScope(c.AreaPath)).ToList();
        var paths = visible.Select(c => c.AreaPath).Distinct().ToList();
        var names = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => paths.Contains(a.AreaPath)).ToDictionaryAsync(a => a.AreaPath, a => a.Name, ct);
        return visible.Select(c => new Open311ClientView(c.Id, c.Name, names.GetValueOrDefault(c.AreaPath, "全部"), c.IsActive, c.CreatedAt)).ToList();
    }

    public async Task<NewOpen311Client> CreateAsync(NewOpen311ClientRequest request, CancellationToken ct)
    {
        EnsureAllowed();
        var name = request.Name?.Trim() ?? "";
        var v = new Validation()
            .Require(name.Length is >= 2 and <= 100, "name", "请填写接入单位或系统的名称（2到100字），如“区12345热线系统”")
            .Require(request.AreaId is not null, "areaId", "请选择该密钥可以提交诉求的区或街道");
        var area = request.AreaId is { } id
            ? await db.Areas.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Name, a.AreaPath, a.Level }).FirstOrDefaultAsync(ct)
            : null;
        if (request.AreaId is not null && area is null) v.Add("areaId", "找不到所选区域，或不在您的管辖范围内");
        else if (area is not null && area.Level > AreaLevel.Street) v.Add("areaId", "密钥只能发放到区或街道一级");
        if (name.Length > 0 && await db.Open311Clients.AnyAsync(c => c.Name == name && c.IsActive, ct))
            v.Add("name", $"已有名为“{name}”的有效密钥，请先停用旧密钥或换一个名称");
        v.ThrowIfInvalid();

        var key = Open311Keys.NewKey();
        var client = new Open311Client { Name = name, KeyHash = Open311Keys.Hash(key), AreaPath = area!.AreaPath, IsActive = true, CreatedAt = clock.GetUtcNow() };
        db.Open311Clients.Add(client);
        await db.SaveChangesAsync(ct);
        return new NewOpen311Client(client.Id, name, area.Name, key);
    }

    public async Task DeactivateAsync(int id, CancellationToken ct)
    {
        EnsureAllowed();
        var client = await db.Open311Clients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null || !InScope(client.AreaPath)) throw new NotFoundException($"找不到编号为 {id} 的 Open311 接入密钥。");
        if (!client.IsActive) throw new DomainException($"“{client.Name}”的密钥已经停用。");
        client.IsActive = false;
        await db.SaveChangesAsync(ct);
    }

    private bool InScope(string path) => user.ScopePath is not { } scope || path.StartsWith(scope, StringComparison.Ordinal);
}
