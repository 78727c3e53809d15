using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record CategoryInput(string? Code, string? Name, int? ParentId, AppealUrgency? DefaultUrgency, bool IsPublic = true, bool IsActive = true,
    string? Group = null, string? Description = null, int SortOrder = 0);

public sealed record CategoryView(int Id, string Code, string Name, int? ParentId, AppealUrgency DefaultUrgency, string DefaultUrgencyName, bool IsPublic,
    bool IsActive, string Group, string Description, int SortOrder);

/// <summary>
/// The category tree (问题分类) is configurable: add, rename, move, deactivate. A category already used by appeals
/// cannot be deleted (deactivate it instead). Codes are ASCII because Open311 clients use them as service codes.
/// </summary>
public sealed partial class ManageCategories(AppDbContext db)
{
    [GeneratedRegex("^[a-z][a-z0-9._-]{0,39}$")]
    private static partial Regex CodePattern();

    public async Task<IReadOnlyList<CategoryView>> ListAsync(CancellationToken ct) =>
        (await db.AppealCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct)).Select(View).ToList();

    public async Task<CategoryView> CreateAsync(CategoryInput input, CancellationToken ct)
    {
        var category = new AppealCategory();
        await ApplyAsync(category, input, ct);
        db.AppealCategories.Add(category);
        await db.SaveChangesAsync(ct);
        return View(category);
    }

    public async Task<CategoryView> UpdateAsync(int id, CategoryInput input, CancellationToken ct)
    {
        var category = await db.AppealCategories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的问题分类。");
        await ApplyAsync(category, input, ct);
        await db.SaveChangesAsync(ct);
        return View(category);
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var category = await db.AppealCategories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的问题分类。");
        if (await db.Appeals.IgnoreQueryFilters().AnyAsync(a => a.CategoryId == id, ct))
            throw new DomainException($"已有诉求使用分类“{category.Name}”，不能删除；如不再使用，请将其停用。");
        if (await db.AppealCategories.AnyAsync(c => c.ParentId == id, ct))
            throw new DomainException($"分类“{category.Name}”下还有子分类，请先删除或移走子分类。");
        db.TimeLimitRules.RemoveRange(await db.TimeLimitRules.Where(r => r.CategoryId == id).ToListAsync(ct));
        db.ReplyTemplates.RemoveRange(await db.ReplyTemplates.Where(r => r.CategoryId == id).ToListAsync(ct));
        db.AppealCategories.Remove(category);
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyAsync(AppealCategory category, CategoryInput input, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.Code?.Trim() ?? "";
        var name = input.Name?.Trim() ?? "";
        v.Require(CodePattern().IsMatch(code), "code", "分类代码须为小写英文字母开头，由字母、数字和 . _ - 组成，最多40位（Open311 服务代码）");
        v.Require(name.Length is > 0 and <= 40, "name", "请填写分类名称（最多40字）");
        v.Require(input.DefaultUrgency is null || Enum.IsDefined(input.DefaultUrgency.Value), "defaultUrgency", "未知的紧急程度");
        v.Require((input.Group?.Length ?? 0) <= 40, "group", "分组名称最多40字");
        v.Require((input.Description?.Length ?? 0) <= 500, "description", "说明最多500字");
        if (code.Length > 0 && await db.AppealCategories.AnyAsync(c => c.Code == code && c.Id != category.Id, ct)) v.Add("code", $"分类代码“{code}”已被使用");
        if (input.ParentId is { } parentId)
        {
            if (parentId == category.Id) v.Add("parentId", "上级分类不能是它自己");
            else
            {
                var parent = await db.AppealCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == parentId, ct);
                if (parent is null) v.Add("parentId", "上级分类不存在");
                else if (parent.ParentId is not null) v.Add("parentId", "分类最多两级，请选择一级分类作为上级");
                else if (category.Id != 0 && await db.AppealCategories.AnyAsync(c => c.ParentId == category.Id, ct)) v.Add("parentId", "该分类下有子分类，不能再挂到其他分类下");
            }
        }
        v.ThrowIfInvalid();
        category.Code = code;
        category.Name = name;
        category.ParentId = input.ParentId;
        category.DefaultUrgency = input.DefaultUrgency ?? AppealUrgency.General;
        category.IsPublic = input.IsPublic;
        category.IsActive = input.IsActive;
        category.Group = input.Group?.Trim() ?? "";
        category.Description = input.Description?.Trim() ?? "";
        category.SortOrder = input.SortOrder;
    }

    private static CategoryView View(AppealCategory c) => new(c.Id, c.Code, c.Name, c.ParentId, c.DefaultUrgency, AppealNames.Of(c.DefaultUrgency),
        c.IsPublic, c.IsActive, c.Group, c.Description, c.SortOrder);
}
