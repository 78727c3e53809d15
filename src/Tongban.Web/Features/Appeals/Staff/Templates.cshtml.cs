using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

public sealed class TemplateForm
{
    public int? Id { get; set; }
    public int? CategoryId { get; set; }
    public AppealState? State { get; set; }
    public string? Title { get; set; }
    public string? Text { get; set; }
}

/// <summary>答复模板 per category and state: list, add, edit, delete. Field errors are shown beside the form.</summary>
[Authorize(Policy = AppealPermissions.Templates)]
public sealed class TemplatesModel(ManageReplyTemplates templates, AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? CategoryId { get; set; }
    [BindProperty(SupportsGet = true)] public AppealState? State { get; set; }
    [BindProperty] public TemplateForm Input { get; set; } = new();

    public IReadOnlyList<ReplyTemplateView> Items { get; private set; } = [];
    public List<AppealCategory> Categories { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is { } id && Items.FirstOrDefault(t => t.Id == id) is { } t)
            Input = new TemplateForm { Id = t.Id, CategoryId = t.CategoryId, State = t.State, Title = t.Title, Text = t.Text };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var input = new ReplyTemplateInput(Input.CategoryId, Input.State, Input.Title, Input.Text);
        try
        {
            if (Input.Id is { } id) await templates.UpdateAsync(id, input, ct);
            else await templates.CreateAsync(input, ct);
            Message = Input.Id is null ? "已新增模板" : "已保存模板";
            return RedirectToPage(new { CategoryId, State });
        }
        catch (ValidationFailedException e)
        {
            Settings.SettingsPage.AddErrors(ModelState, e);
        }
        catch (NotFoundException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        try
        {
            await templates.DeleteAsync(id, ct);
            Message = "已删除模板";
        }
        catch (NotFoundException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { CategoryId, State });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await templates.ListAsync(CategoryId, State, ct);
        Categories = await db.AppealCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
    }
}
