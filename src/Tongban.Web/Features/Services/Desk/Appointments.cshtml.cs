using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Features.Shared;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>当日预约: the day's list for the window, with arrival (which starts the application) and no-show.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class AppointmentsModel(ManageAppointments appointments, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    public IReadOnlyList<AppointmentRow> Rows { get; private set; } = [];

    /// <summary>Days ahead still holding bookings a calendar change closed.</summary>
    public IReadOnlyList<ClosedDayBookings> ClosedDays { get; private set; } = [];
    public DateOnly Shown { get; private set; }
    public bool CanHandle => ServicePermissions.Has(User, ServicePermissions.Handle);

    /// <summary>The days offered, in Chinese: a month back (who came, who did not) to as far ahead as residents may book.</summary>
    public DateChoice DayChoice
    {
        get
        {
            var today = Infrastructure.ShanghaiTime.Today(clock);
            return DateChoice.Days("day", "day", "日期", Enumerable.Range(-30, 31 + AppointmentSlots.DaysAhead).Select(n => today.AddDays(n)), today, Shown);
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Shown = Day ?? Infrastructure.ShanghaiTime.Today(clock);
        Rows = await appointments.DayAsync(Shown, ct);
        ClosedDays = await appointments.ClosedDaysAsync(ct);
    }

    public async Task<IActionResult> OnPostArrivedAsync(long id, int itemId, string name, CancellationToken ct)
    {
        try
        {
            await appointments.MarkAsync(id, arrived: true, ct);
        }
        catch (Infrastructure.DomainException e)
        {
            TempData["Error"] = e.Message;
            return Redirect($"/Services/Appointments?day={Day:yyyy-MM-dd}");
        }
        // A second press (or a colleague's) opens what the first one started.
        return await appointments.ApplicationOfAsync(id, ct) is { } started
            ? Redirect($"/Services/Applications/{started}")
            : Redirect($"/Services?item={itemId}&name={Uri.EscapeDataString(name)}&appointment={id}");
    }

    public async Task<IActionResult> OnPostNoShowAsync(long id, CancellationToken ct) =>
        await ActAsync(() => appointments.MarkAsync(id, arrived: false, ct));

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        await ActAsync(() => appointments.CancelForResidentAsync(id, ct), "已取消该预约，名额已释放，并已短信告知预约人。");

    private async Task<IActionResult> ActAsync(Func<Task> act, string? done = null)
    {
        try
        {
            await act();
            if (done is not null) TempData["Done"] = done;
        }
        catch (Infrastructure.DomainException e)
        {
            TempData["Error"] = e.Message;
        }
        return Redirect($"/Services/Appointments?day={Day:yyyy-MM-dd}");
    }
}
