using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;
using Tongban.Web.Features.Shared;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>轮岗排班: the month per day and post, conflicts and load; the secretary generates and edits it.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class RotaModel(ManageRota rota, AppDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>Today in Beijing: the phone view of the month opens at its week.</summary>
    public DateOnly Today => Infrastructure.ShanghaiTime.Today(clock);

    [BindProperty(SupportsGet = true)] public int? Community { get; set; }
    public IReadOnlyList<CommunityChoice.Option> Communities { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public long? Edit { get; set; }
    [BindProperty] public string? UserId { get; set; }
    [BindProperty] public bool AcceptConflicts { get; set; }
    [BindProperty] public bool Overwrite { get; set; }

    public RotaView? View { get; private set; }

    /// <summary>The month shown (this month when none or an unreadable one was asked for).</summary>
    public DateOnly Shown => DateOnly.TryParseExact((Month ?? "") + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.None, out var m) ? m : new DateOnly(Today.Year, Today.Month, 1);

    /// <summary>The months offered: a year back (the figures) to half a year ahead (planning), written in Chinese.</summary>
    public DateChoice MonthChoice => DateChoice.Months("month", "month", "月份", Enumerable.Range(-12, 19).Select(n => Today.AddMonths(n)), Shown);
    public bool CanManage => ServicePermissions.Has(User, ServicePermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        try
        {
            var result = await rota.GenerateAsync(new GenerateRotaRequest(Month, Community, Overwrite: Overwrite), ct);
            TempData["Done"] = $"已生成{result.Month}排班（{result.ElapsedMilliseconds} 毫秒），冲突 {result.Conflicts.Count} 条。";
            return Redirect(Link(result.Month));
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        try
        {
            await rota.EditAsync(Edit ?? 0, new EditRotaRequest(UserId, AcceptConflicts), ct);
            return Redirect(Link(Month));
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            (Communities, Community) = await CommunityChoice.LoadAsync(db, Community, ct);
            View = await rota.GetAsync(Month, Community, ct);
            Month = View.Month;
        }
        catch (Infrastructure.ValidationFailedException e)
        {
            PageErrors.Add(ModelState, e);
        }
    }

    /// <summary>The rota page of a month, for the community being looked at.</summary>
    public string Link(string? month, long? edit = null) =>
        $"/Services/Rota?month={month}" + (Community is { } c ? $"&community={c}" : "") + (edit is { } e ? $"&edit={e}" : "");
}
