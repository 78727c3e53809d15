using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Adds a compound (小区) to a community; it carries the community's path.</summary>
public sealed class CreateCompound(AppDbContext db, AuditLog audit)
{
    public sealed record Request(int? CommunityId, string? Name, string? Address, string? PropertyCompany);

    public async Task<CompoundSummary> HandleAsync(Request request, CancellationToken ct)
    {
        if (request.CommunityId is not { } communityId) throw new ValidationFailedException("communityId", "请选择小区所属社区");
        var community = await PlaceLookup.FindReferencedAsync(db.Areas, a => a.Id == communityId, PlaceLookup.Id(communityId), audit,
            "communityId", "所选社区不存在。", ct);
        var fields = await CompoundFields.CheckAsync(db, community, null, request.Name, request.Address, request.PropertyCompany, ct);
        var compound = new Compound
        {
            Name = fields.Name,
            Address = fields.Address,
            PropertyCompany = fields.PropertyCompany,
            CommunityId = community.Id,
            AreaPath = community.AreaPath,
            IsSample = community.IsSample,
        };
        db.Compounds.Add(compound);
        await db.SaveChangesAsync(ct);
        return new CompoundSummary(compound.Id, compound.Name, compound.Address, compound.PropertyCompany, community.Id, community.Name, 0, compound.IsSample);
    }
}

/// <summary>The rules a compound's own fields follow, shared by create and update.</summary>
internal static class CompoundFields
{
    public sealed record Checked(string Name, string Address, string? PropertyCompany);

    public static async Task<Checked> CheckAsync(AppDbContext db, Area community, int? compoundId, string? name, string? address,
        string? propertyCompany, CancellationToken ct)
    {
        var validation = new Validation();
        if (community.Level != AreaLevel.Community)
            validation.Add("communityId", $"小区只能属于社区，“{community.Name}”是{Area.LevelName(community.Level)}。");
        var n = name?.Trim() ?? "";
        var a = address?.Trim() ?? "";
        var p = string.IsNullOrWhiteSpace(propertyCompany) ? null : propertyCompany.Trim();
        validation.Require(n.Length > 0, "name", "请填写小区名称")
            .Require(n.Length <= 60, "name", "小区名称不能超过60个字")
            .Require(a.Length <= 200, "address", "地址不能超过200个字")
            .Require(p is null || p.Length <= 100, "propertyCompany", "物业公司名称不能超过100个字");
        if (n.Length > 0 && await db.Compounds.AnyAsync(c => c.CommunityId == community.Id && c.Name == n && c.Id != compoundId, ct))
            validation.Add("name", $"本社区已有名为“{n}”的小区。");
        validation.ThrowIfInvalid();
        return new Checked(n, a, p);
    }
}
