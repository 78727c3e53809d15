using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>/results (办理公开): each street's and community's appeals received and closed, and the three rates, for anyone.</summary>
// No look-up limit: it guesses no code, and its figures are computed once per ten minutes (GetPublicResults.CacheFor).
// Counted with /track, a WeChat group opening it behind one carrier NAT address spent the estate's tracking look-ups.
[AllowAnonymous]
public sealed class ResultsModel(GetPublicResults results) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public PublicResults? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await results.HandleAsync(Period, ct);
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(field, message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            // Still show the default period below the message, so the page is never empty.
            Result = await results.HandleAsync(null, ct);
        }
    }
}
