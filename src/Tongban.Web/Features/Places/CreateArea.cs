using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Adds a street, community or grid under a node the caller sees; its code must fit the parent's.</summary>
public sealed class CreateArea(AppDbContext db, AuditLog audit)
{
    /// <param name="Level">Optional; when given it must be the parent's level + 1.</param>
    public sealed record Request(int? ParentId, string? Code, string? Name, AreaLevel? Level);

    public async Task<AreaSummary> HandleAsync(Request request, CancellationToken ct)
    {
        var validation = new Validation();
        Area? parent = null;
        if (request.ParentId is { } parentId)
            parent = await PlaceLookup.FindReferencedAsync(db.Areas, a => a.Id == parentId, PlaceLookup.Id(parentId), audit, "parentId", "所选上级区划不存在。", ct);
        else if (db.CurrentUser.ScopePath is not null)
            throw new ValidationFailedException("parentId", "请选择上级区划；区级节点只能在系统初始化时建立。");

        AreaLevel? level = parent is null ? AreaLevel.District : parent.ChildLevel;
        if (level is null)
        {
            validation.Add("parentId", "网格是最末一级，不能在网格下再建区划。");
        }
        else if (request.Level is { } asked && asked != level)
        {
            validation.Add("level", parent is null
                ? "没有上级时只能建立区。"
                : $"{Area.LevelName(parent.Level)}的下级只能是{Area.LevelName(level.Value)}，不能是{Area.LevelName(asked)}。");
        }

        var name = request.Name?.Trim() ?? "";
        validation.Require(name.Length > 0, "name", "请填写名称")
                  .Require(name.Length <= 60, "name", "名称不能超过60个字");

        var code = request.Code?.Trim() ?? "";
        if (level is { } l && AreaCodes.Check(l, code, parent?.Code) is { } codeError)
            validation.Add("code", codeError);
        // Codes are unique across the whole tree, so the check looks past the area filter (it reveals nothing but "taken").
        else if (code.Length > 0 && await db.Areas.IgnoreQueryFilters().AnyAsync(a => a.Code == code, ct))
            validation.Add("code", $"代码 {code} 已被使用，请换一个序号。");
        validation.ThrowIfInvalid();

        var area = new Area
        {
            Code = code,
            Name = name,
            Level = level!.Value,
            ParentId = parent?.Id,
            AreaPath = AreaCodes.PathFor(parent?.AreaPath, code),
            IsSample = parent?.IsSample ?? false,
        };
        db.Areas.Add(area);
        await db.SaveChangesAsync(ct);
        return AreaSummary.From(area, PlaceCounts.Zero);
    }
}
