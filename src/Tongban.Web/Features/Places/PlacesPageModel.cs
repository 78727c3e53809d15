using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>What the Places pages share: failures become the Chinese error pages, handler errors land on form fields.</summary>
public abstract class PlacesPageModel : PageModel
{
    protected bool IsHtmx => Request.Headers["HX-Request"] == "true";

    /// <summary>Runs a page action; a missing record is 404 and one outside the caller's area 403 (already audited).</summary>
    protected async Task<IActionResult> GuardAsync(Func<Task<IActionResult>> action)
    {
        try
        {
            return await action();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    /// <summary>Replaces the framework's English binding messages ("The value 'x' is not valid") with a Chinese one.</summary>
    protected void TranslateBindingErrors()
    {
        foreach (var entry in ModelState.Values.Where(e => e.ValidationState == ModelValidationState.Invalid))
        {
            entry.Errors.Clear();
            entry.Errors.Add("格式不正确，请填写有效的数字");
        }
    }

    /// <summary>Puts a handler's field errors ("gridId") on the form's fields ("Input.GridId"); others go to the summary.</summary>
    protected void ShowErrors(ValidationFailedException e, string prefix = "Input")
    {
        var form = GetType().GetProperty(prefix)?.PropertyType;
        foreach (var (field, messages) in e.Errors)
        {
            var property = field.Length == 0 ? "" : char.ToUpperInvariant(field[0]) + field[1..];
            var key = form?.GetProperty(property) is null ? "" : $"{prefix}.{property}";
            foreach (var message in messages)
            {
                if (!ModelState.TryGetValue(key, out var entry) || !entry.Errors.Any(x => x.ErrorMessage == message))
                    ModelState.AddModelError(key, message);
            }
        }
    }

    public bool CanEdit => Permissions.Has(User, Permissions.PlacesEdit);
}
