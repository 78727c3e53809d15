using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>日结: close today (or a past day) and read earlier summaries.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class CloseModel(CloseDay close, TimeProvider clock) : PageModel
{
    /// <summary>Past days not closed that may still be made up, with the applications waiting for them.</summary>
    public IReadOnlyList<UnclosedDay> Unclosed { get; private set; } = [];

    /// <summary>Today in Beijing, whatever the server's or the browser's time zone.</summary>
    public DateOnly Today => clock.Today();

    /// <summary>The days that may be closed, in Chinese: today (the default) and the unclosed days, with what waits for them.</summary>
    public DateChoice DayChoice => new("day", nameof(Day), "日期",
        [new("", $"今天 {ChineseDates.Day(Today)}"), .. Unclosed.Select(u => new DateChoice.Option(ChineseDates.Iso(u.Day),
            $"{ChineseDates.Day(u.Day)}（补日结{(u.Waiting > 0 ? $"，{u.Waiting}件未计" : "")}）"))],
        Day ?? "");

    public IReadOnlyList<DailyCloseView> Closes { get; private set; } = [];

    /// <summary>Closing is the desk's (window, secretary, grid worker on duty); the street reads the closes.</summary>
    public bool CanClose => ServicePermissions.Has(User, ServicePermissions.Handle);

    /// <summary>The date as typed (kept when the form comes back); empty is today.</summary>
    [BindProperty] public string? Day { get; set; }

    /// <summary>The confirmation box: a close cannot be undone, so the page asks before it closes.</summary>
    [BindProperty] public bool Confirm { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Closes = await close.ListAsync(30, ct);
        // An account over several communities (the street) closes through the API with a community; the page names none.
        if (CanClose)
            try { Unclosed = await close.UnclosedDaysAsync(ct); }
            catch (ValidationFailedException) { Unclosed = []; }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // the typed date is read below, in Chinese, not by the binder's English message
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (DateOnly.TryParseExact(Day.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
                day = parsed;
            else
                ModelState.AddModelError(nameof(Day), "日期无法识别，请按“2026-11-25”的格式填写，或留空表示今天");
        }
        // Someone who may not close is told so by the use case (403) whatever the form says.
        if (CanClose && !Confirm) ModelState.AddModelError(nameof(Confirm), "日结后当天的办件即归档，不能撤销；请勾选确认后再日结");
        if (!CanClose || ModelState.IsValid)
        {
            try
            {
                await close.HandleAsync(new CloseDayRequest(day), ct);
                return Redirect("/Services/Close");
            }
            catch (Exception e) when (PageErrors.IsRefusal(e))
            {
                PageErrors.Add(ModelState, e);
            }
        }
        await LoadAsync(ct);
        return Page();
    }
}
