using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

/// <summary>三率: response, resolution and satisfaction per community or handling unit, with the weighted score and tier shares.</summary>
[Authorize(Policy = AppealPermissions.View)]
public sealed class RatesModel(ComputeAppealRates rates) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? By { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public AppealRates? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await rates.HandleAsync(By, From, To, ct);
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }
    }
}
