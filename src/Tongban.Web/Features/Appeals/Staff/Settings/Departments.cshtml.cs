using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff.Settings;

public sealed class DepartmentForm
{
    public int? Id { get; set; }
    public string? Name { get; set; }
    public int? AreaId { get; set; }
    public string? Contact { get; set; }
    public string? LiaisonUserName { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>
/// 职能部门 that centres summon (吹哨): add, edit, change the liaison (the department's appeals move to the new
/// account), deactivate, and delete one that never took an appeal.
/// </summary>
[Authorize(Policy = AppealPermissions.Configure)]
public sealed class DepartmentsModel(ManageDepartments departments, AppDbContext db) : PageModel
{
    [BindProperty] public DepartmentForm Input { get; set; } = new();
    public IReadOnlyList<DepartmentView> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, AreaLevel Level)> Areas { get; private set; } = [];
    public IReadOnlyList<(string UserName, string DisplayName)> Liaisons { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Refusal { get; set; }

    public async Task OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is { } id && Items.FirstOrDefault(d => d.Id == id) is { } d)
            Input = new DepartmentForm
            {
                Id = d.Id, Name = d.Name, Contact = d.Contact, LiaisonUserName = d.LiaisonUserName, IsActive = d.IsActive,
                AreaId = await db.Areas.Where(a => a.AreaPath == d.AreaPath).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct),
            };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var input = new DepartmentInput(Input.Name, Input.AreaId, Input.Contact, Input.LiaisonUserName, Input.IsActive);
        return await SettingsPage.SaveAsync(this, async () =>
        {
            var before = Input.Id is { } existing ? await db.Departments.Where(d => d.Id == existing).Select(d => d.LiaisonUserId).FirstOrDefaultAsync(ct) : null;
            var saved = Input.Id is { } id ? await departments.UpdateAsync(id, input, ct) : await departments.CreateAsync(input, ct);
            return Input.Id is null ? $"已新增部门“{saved.Name}”"
                : before != saved.LiaisonUserId
                    ? $"已保存“{saved.Name}”：联络员已更换，本部门承办过的诉求已交给{(saved.LiaisonUserName is { } l ? $"新联络员 {l}" : "下一位联络员（暂未指定）")}"
                    : $"已保存部门“{saved.Name}”";
        }, m => Message = m, () => LoadAsync(ct));
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) =>
        SettingsPage.DeleteAsync(this, () => departments.DeleteAsync(id, ct), "已删除部门", m => Message = m, m => Refusal = m);

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await departments.ListAsync(activeOnly: false, ct);
        // Departments serve a district or a street within the caller's area.
        Areas = (await db.Areas.AsNoTracking().Where(a => a.Level <= AreaLevel.Street).OrderBy(a => a.AreaPath)
            .Select(a => new { a.Id, a.Name, a.Level }).ToListAsync(ct)).Select(a => (a.Id, a.Name, a.Level)).ToList();
        Liaisons = await departments.LiaisonChoicesAsync(ct);
    }
}
