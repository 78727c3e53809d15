using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Features.Public;
using Tongban.Web.Features.Services.Desk;

namespace Tongban.Web.Features.Services.Guide;

/// <summary>
/// 我的预约 on a phone: the resident enters the appointment code and the phone number it was booked with, sees the
/// booking, and may cancel it before the slot begins (the seat goes back to the pool). Both are posted, so the phone
/// number never sits in an address or a log line; both count against the look-up limit per address.
/// </summary>
[AllowAnonymous]
[PublicReadLimit]
[PublicWriteLimit]
public sealed class BookingModel(ManageAppointments appointments) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public PublicAppointmentView? Found { get; private set; }
    public bool JustCancelled { get; private set; }

    public void OnGet() { }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => RunAsync(() => appointments.FindAsync(Code!, Phone, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) => RunAsync(async () =>
    {
        var cancelled = await appointments.CancelAsync(Code!, Phone, ct);
        JustCancelled = true;
        return cancelled;
    }, ct);

    /// <summary>
    /// Runs the resident's action and shows the booking as it answers; a refusal re-shows the form with the reason, and
    /// the booking as it stands when there is one (cancelling twice still shows it, already cancelled).
    /// </summary>
    private async Task<IActionResult> RunAsync(Func<Task<PublicAppointmentView>> action, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "请填写预约码（预约成功时页面和短信里的8位字母数字）。");
        if (string.IsNullOrWhiteSpace(Phone)) ModelState.AddModelError(nameof(Phone), "请填写预约时留的手机号。");
        if (!ModelState.IsValid) return Page();
        try
        {
            Found = await action();
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            // A refused cancel of a booking that exists (already cancelled, or begun) still shows it.
            if (e is not Infrastructure.NotFoundException) Found = await appointments.FindAsync(Code!, Phone, ct);
        }
        return Page();
    }
}
