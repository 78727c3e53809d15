using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>日结: close today (or a past day) and read earlier summaries.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class CloseModel(CloseDay close) : PageModel
{
    public IReadOnlyList<DailyCloseView> Closes { get; private set; } = [];

    /// <summary>Closing is the desk's (window, secretary, grid worker on duty); the street reads the closes.</summary>
    public bool CanClose => ServicePermissions.Has(User, ServicePermissions.Handle);

    public async Task OnGetAsync(CancellationToken ct) => Closes = await close.ListAsync(30, ct);

    public async Task<IActionResult> OnPostAsync(DateOnly? day, CancellationToken ct)
    {
        try
        {
            await close.HandleAsync(new CloseDayRequest(day), ct);
            return Redirect("/Services/Close");
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            Closes = await close.ListAsync(30, ct);
            return Page();
        }
    }
}
