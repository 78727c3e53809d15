using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff.Settings;

public sealed class CategoryForm
{
    public int? Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public int? ParentId { get; set; }
    public AppealUrgency? DefaultUrgency { get; set; } = AppealUrgency.General;
    public string? Group { get; set; }
    public string? Description { get; set; }
    public int SortOrder { get; set; }
    public bool IsPublic { get; set; } = true;
    public bool IsActive { get; set; } = true;
}

/// <summary>问题分类: the two-level tree, add, edit (rename, move, deactivate) and delete an unused one.</summary>
[Authorize(Policy = AppealPermissions.Configure)]
public sealed class CategoriesModel(ManageCategories categories) : PageModel
{
    [BindProperty] public CategoryForm Input { get; set; } = new();
    public IReadOnlyList<CategoryView> Items { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Refusal { get; set; }

    /// <summary>Top-level categories first, each followed by its children.</summary>
    public IEnumerable<CategoryView> Tree => Items.Where(c => c.ParentId is null)
        .SelectMany(p => new[] { p }.Concat(Items.Where(c => c.ParentId == p.Id)))
        .Concat(Items.Where(c => c.ParentId is { } parent && Items.All(p => p.Id != parent)));

    public IEnumerable<CategoryView> Parents => Items.Where(c => c.ParentId is null && c.Id != Input.Id);

    public async Task OnGetAsync(int? edit, CancellationToken ct)
    {
        Items = await categories.ListAsync(ct);
        if (edit is { } id && Items.FirstOrDefault(c => c.Id == id) is { } c)
            Input = new CategoryForm
            {
                Id = c.Id, Code = c.Code, Name = c.Name, ParentId = c.ParentId, DefaultUrgency = c.DefaultUrgency, Group = c.Group,
                Description = c.Description, SortOrder = c.SortOrder, IsPublic = c.IsPublic, IsActive = c.IsActive,
            };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var input = new CategoryInput(Input.Code, Input.Name, Input.ParentId, Input.DefaultUrgency, Input.IsPublic, Input.IsActive, Input.Group,
            Input.Description, Input.SortOrder);
        return await SettingsPage.SaveAsync(this, async () =>
        {
            var saved = Input.Id is { } id ? await categories.UpdateAsync(id, input, ct) : await categories.CreateAsync(input, ct);
            return Input.Id is null ? $"已新增分类“{saved.Name}”" : $"已保存分类“{saved.Name}”";
        }, m => Message = m, async () => Items = await categories.ListAsync(ct));
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) =>
        SettingsPage.DeleteAsync(this, () => categories.DeleteAsync(id, ct), "已删除分类", m => Message = m, m => Refusal = m);
}
