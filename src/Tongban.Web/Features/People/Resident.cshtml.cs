using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>居民详情: masked values, household, tags; "查看完整信息" reveals (and logs) the sensitive fields.</summary>
[Authorize(Policy = Permissions.PeopleView)]
public sealed class ResidentModel(AppDbContext db, SensitiveDataProtector protector, AuditLog audit) : PageModel
{
    public ResidentDetails Resident { get; private set; } = null!;
    public SensitiveValues? Revealed { get; private set; }
    public bool CanReveal => db.CurrentUser.HasPermission(Permissions.SensitiveView);
    public bool CanEdit => db.CurrentUser.HasPermission(Permissions.PeopleEdit);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await ShowAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostRevealAsync(int id, CancellationToken ct)
    {
        if (!CanReveal) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            Revealed = await RevealSensitive.HandleAsync(db, protector, audit, id, "网页", ct);
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (Request.Headers.ContainsKey("HX-Request")) return Partial("_SensitiveValues", Revealed);
        return await ShowAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> ShowAsync(int id, CancellationToken ct)
    {
        try
        {
            Resident = await GetResident.HandleAsync(db, audit, id, ct);
            return null;
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
