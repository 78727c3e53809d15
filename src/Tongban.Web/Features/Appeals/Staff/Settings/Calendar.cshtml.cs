using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Features.Calendar;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff.Settings;

public sealed class CalendarForm
{
    public int Year { get; set; }
    public string? HolidaysText { get; set; }
    public string? WorkdaysText { get; set; }
    public string? Source { get; set; }
}

/// <summary>工作日历: the years the deadlines and bookable days follow; a new year is entered from the State Council's notice.</summary>
[Authorize(Policy = AppealPermissions.Configure)]
public sealed class CalendarModel(ManageCalendar calendar, WorkingCalendar working, TimeProvider clock, RecalculateAppealLimits recount) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["holidays"] = "holidaysText", ["workdays"] = "workdaysText" };

    [BindProperty] public CalendarForm Input { get; set; } = new();
    public IReadOnlyList<CalendarYearView> Years { get; private set; } = [];
    public bool Correcting { get; private set; }

    /// <summary>Recounts of many appeals' limits that the deadline job is still working through.</summary>
    public IReadOnlyList<AppealLimitRecountProgress> Recounting { get; private set; } = [];

    /// <summary>When the last change will have reached every node, while that is still ahead (no change is taken before).</summary>
    public DateTimeOffset? SettlesAt { get; private set; }

    /// <summary>How long until <see cref="SettlesAt"/>, in words (约40秒后).</summary>
    public string SettlesIn => SettlesAt is { } at ? ManageCalendar.WaitText(at - clock.GetUtcNow()) : "";
    [TempData] public string? Message { get; set; }
    [TempData] public string? Refusal { get; set; }

    public async Task OnGetAsync(int? year, CancellationToken ct)
    {
        Years = await calendar.ListAsync(ct);
        Recounting = await recount.PendingAsync(ct);
        SettlesAt = (await recount.UnsettledAsync(ct))?.TailAfter is { } settles && settles > clock.GetUtcNow() ? settles : null;
        var today = clock.Today();
        Input.Year = year ?? working.YearToEnter(today) ?? today.Year + 1;
        if (Years.FirstOrDefault(y => y.Year == Input.Year) is { } existing)
        {
            (Input.HolidaysText, Input.WorkdaysText) = ManageCalendar.ToText(existing);
            Input.Source = existing.Source;
            Correcting = true;
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        await SettingsPage.SaveAsync(this, async () =>
        {
            var saved = await calendar.SaveAsync(Input.Year, ManageCalendar.ParseText(Input.HolidaysText, Input.WorkdaysText, Input.Source), ct);
            return $"已保存{saved.Year}年的节假日安排：{saved.Holidays.Count}个节假日共{saved.Holidays.Sum(h => h.Days)}天，调休上班{saved.Workdays.Count}天。"
                + "之后计算的期限和可预约日期按新安排。" + Recalculated(new(saved.RecalculatedAppeals ?? 0, saved.RecalculatedDisputes ?? 0,
                    saved.AppealsToRecalculate ?? 0, saved.RecalculatedApplications ?? 0, saved.ApplicationsToRecalculate ?? 0,
                    Appointments: saved.AppointmentsOnClosedDays ?? 0));
        }, m => Message = m, async () => Years = await calendar.ListAsync(ct), Fields);

    public async Task<IActionResult> OnPostDeleteAsync(int year, CancellationToken ct)
    {
        var moved = new CalendarRecalculation(0, 0);
        var result = await SettingsPage.DeleteAsync(this, async () => moved = await calendar.DeleteAsync(year, ct), $"已删除录入的{year}年安排", m => Message = m, m => Refusal = m);
        if (Refusal is null) Message = $"已删除录入的{year}年安排。" + Recalculated(moved);
        return result;
    }

    /// <summary>
    /// What the change did to open appeals' limits (the closed ones keep theirs), to unused judicial-confirmation deadlines
    /// and to open window applications' promised dates.
    /// </summary>
    public static string Recalculated(CalendarRecalculation moved) =>
        (moved.AppealsQueued > 0
            ? $"有{moved.AppealsQueued}件在办诉求的时限跨过改动的日期，件数较多，正在后台逐批按新安排重新计算（进度见本页；算完之前不会按旧时限升级或预警）。"
            : moved.Appeals == 0 ? "没有在办诉求的时限受影响。" : $"已按新安排重新计算{moved.Appeals}件在办诉求的时限（各诉求办理记录中写明了原时限和新时限）。")
        + (moved.Disputes == 0 ? "" : $"另有{moved.Disputes}件调解案件的司法确认申请期限随之调整。")
        + (moved.Applications == 0 ? "" : $"另有{moved.Applications}件在办办件的承诺办结日期（或容缺补交期限、补正期限）随之调整（各办件办理记录中写明了原日期和新日期）。")
        + (moved.ApplicationsQueued == 0 ? "" : $"另有{moved.ApplicationsQueued}件在办办件的承诺办结日期跨过改动的日期，件数较多，正在后台按新安排重新计算，一两分钟内完成。")
        + (moved.Appointments == 0 ? "" : $"有{moved.Appointments}个窗口预约所在的日期按新安排不再开放：已短信通知预约人改约，窗口的预约名单中已标出，请联系群众改约或取消。");

    public static string Day(DateOnly d) => d.ToString("M月d日", CultureInfo.InvariantCulture);
}
