using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>Open311 接入密钥: issue a key to a client system for a district or street (shown once), or stop one.</summary>
[Authorize(Policy = Permissions.AccountsManage)]
public sealed class KeysModel(ManageOpen311Clients manage, AppDbContext db) : PageModel
{
    public IReadOnlyList<Open311ClientView> Clients { get; private set; } = [];
    public List<(int Id, string Name, AreaLevel Level)> Areas { get; private set; } = [];
    public NewOpen311Client? Issued { get; private set; }
    [TempData] public string? Message { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? AreaId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        try
        {
            // Shown on this response only, never stored or redirected with: a reload does not show it again.
            Issued = await manage.CreateAsync(new NewOpen311ClientRequest(Name, AreaId), ct);
            Name = null;
            AreaId = null;
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], message);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStopAsync(int id, CancellationToken ct)
    {
        try
        {
            await manage.DeactivateAsync(id, ct);
            Message = "密钥已停用，使用它的系统将无法再提交诉求";
        }
        catch (Exception e) when (e is DomainException or NotFoundException)
        {
            Message = e.Message;
        }
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clients = await manage.ListAsync(ct);
        Areas = (await db.Areas.AsNoTracking().Where(a => a.Level <= AreaLevel.Street).OrderBy(a => a.AreaPath)
                .Select(a => new { a.Id, a.Name, a.Level }).ToListAsync(ct))
            .Select(a => (a.Id, a.Name, a.Level)).ToList();
    }
}
