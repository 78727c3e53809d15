using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>批量导入: upload an .xlsx, get the row-by-row report.</summary>
[Authorize(Policy = Permissions.PeopleImport)]
public sealed class ImportModel(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock, IOptions<PeopleOptions> options) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }

    public ImportReport? Report { get; private set; }
    public PeopleOptions Options => options.Value;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "请选择要导入的 Excel 文件（.xlsx）。");
            return Page();
        }
        if (Upload.Length > options.Value.ImportMaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), ImportResidents.TooLargeMessage(options.Value));
            return Page();
        }
        await using var content = new MemoryStream(checked((int)Upload.Length));
        await Upload.CopyToAsync(content, ct);
        try
        {
            Report = await ImportResidents.HandleAsync(db, protector, audit, clock, content, Path.GetFileName(Upload.FileName), options.Value,
                HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }
        catch (ValidationFailedException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value)) ModelState.AddModelError(nameof(Upload), m);
        }
        catch (Exception e) when (e is ImportTooLargeException or DomainException)
        {
            ModelState.AddModelError(nameof(Upload), e.Message);
        }
        return Page();
    }
}
