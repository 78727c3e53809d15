using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff.Settings;

/// <summary>What the three settings pages (分类, 部门, 时限) share: the tabs and how a use case's refusal reaches the form.</summary>
public static class SettingsPage
{
    public static readonly (string Href, string Title)[] Tabs =
    [
        ("/Appeals/Settings/Categories", "问题分类"),
        ("/Appeals/Settings/Departments", "职能部门"),
        ("/Appeals/Settings/TimeLimits", "办理时限"),
        ("/Appeals/Settings/Calendar", "工作日历"),
    ];

    /// <summary>Field errors go beside their field (the use case names them in camelCase, the form as Input.Name).</summary>
    public static void AddErrors(ModelStateDictionary state, ValidationFailedException e, IReadOnlyDictionary<string, string>? fields = null)
    {
        foreach (var (key, messages) in e.Errors)
        {
            var field = fields?.GetValueOrDefault(key) ?? key;
            foreach (var m in messages)
                state.AddModelError(field.Length == 0 ? "" : $"Input.{char.ToUpperInvariant(field[0])}{field[1..]}", m);
        }
    }

    /// <summary>
    /// A save from a settings form: on success the message and back to the list (a reload cannot post twice); refused
    /// (by the use case, or a value that is not a number), the same page again with the errors beside the fields and
    /// what was typed kept.
    /// </summary>
    public static async Task<IActionResult> SaveAsync(PageModel page, Func<Task<string>> save, Action<string> done, Func<Task> reload,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        try
        {
            // A value that could not be read (letters in a number box) is refused, not saved as empty or zero.
            if (page.ModelState.IsValid)
            {
                done(await save());
                return page.RedirectToPage();
            }
        }
        catch (ValidationFailedException e) { AddErrors(page.ModelState, e, fields); }
        catch (Exception e) when (e is NotFoundException or DomainException) { page.ModelState.AddModelError("", e.Message); }
        await reload();
        return page.Page();
    }

    /// <summary>A delete from a list row: done or refused (in use, not found), the list says which.</summary>
    public static async Task<IActionResult> DeleteAsync(PageModel page, Func<Task> delete, string doneMessage, Action<string> done, Action<string> refused)
    {
        try
        {
            await delete();
            done(doneMessage);
        }
        catch (Exception e) when (e is NotFoundException or DomainException) { refused(e.Message); }
        return page.RedirectToPage();
    }
}
