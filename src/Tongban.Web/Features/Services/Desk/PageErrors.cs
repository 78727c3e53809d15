using Microsoft.AspNetCore.Mvc.ModelBinding;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>Turns a use case's refusal into form errors, so the page re-shows the form with what the user typed.</summary>
public static class PageErrors
{
    public static void Add(ModelStateDictionary state, Exception e, string prefix = "")
    {
        switch (e)
        {
            case ValidationFailedException v:
                foreach (var (field, messages) in v.Errors)
                    foreach (var message in messages) state.AddModelError(prefix + char.ToUpperInvariant(field[0]) + field[1..], message);
                break;
            default:
                state.AddModelError("", e.Message);
                break;
        }
    }

    public static bool IsRefusal(Exception e) => e is ValidationFailedException or DomainException or NotFoundException;
}
