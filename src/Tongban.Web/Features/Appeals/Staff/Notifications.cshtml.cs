using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

/// <summary>站内通知: dispatches, warnings and follow-up tasks for the signed-in user.</summary>
[Authorize(Policy = AppealPermissions.View)]
public sealed class NotificationsModel(AppealNotifications notifications) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await notifications.ListAsync(unreadOnly: false, take: 100, ct);

    public async Task<IActionResult> OnPostReadAsync(long? id, CancellationToken ct)
    {
        try
        {
            await notifications.MarkReadAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return RedirectToPage();
    }
}
