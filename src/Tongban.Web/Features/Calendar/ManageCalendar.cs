using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Calendar;

public sealed record HolidayPeriodInput(string? Name, DateOnly? From, DateOnly? To);

/// <summary>A year's arrangement as the notice gives it: holidays as periods, and the weekends worked instead.</summary>
public sealed record CalendarYearInput(IReadOnlyList<HolidayPeriodInput>? Holidays, IReadOnlyList<DateOnly>? Workdays, string? Source = null);

public sealed record HolidayPeriodView(string Name, DateOnly From, DateOnly To, int Days);

/// <param name="RecalculatedAppeals">
/// Only in the answer to a save: how many open appeals had a time limit counted again because the year changed.
/// </param>
/// <param name="RecalculatedDisputes">Only in the answer to a save: how many unused judicial-confirmation deadlines moved.</param>
/// <param name="AppealsToRecalculate">
/// Only in the answer to a save: how many open appeals' limits ran across the changed days but were too many to count
/// in the save; the deadline job counts them in the background (0 when none were left to it).
/// </param>
/// <param name="RecalculatedApplications">
/// Only in the answer to a save: how many open window applications (办件) had their promised date, 容缺 due date or 补正期限 counted again.
/// </param>
/// <param name="ApplicationsToRecalculate">
/// Only in the answer to a save: how many open window applications were too many to count in the save; a background job
/// counts them within a minute or so (0 when none were left to it).
/// </param>
/// <param name="AppointmentsOnClosedDays">
/// Only in the answer to a save that changed days: how many booked window appointments (预约) ahead now fall on a day the
/// change closed (a holiday, or a weekend no longer worked). Each is flagged on the window's appointment list and its
/// resident texted once to book another time.
/// </param>
/// <param name="SettlesAt">
/// Only in the answer to a save that changed days: when every server has the new calendar. Deadlines counted on the old
/// one meanwhile (appeals' limits, judicial-confirmation deadlines, window promises) are counted again then, and the
/// calendar cannot be changed again before.
/// </param>
public sealed record CalendarYearView(int Year, bool Entered, string? Source, DateTimeOffset? UpdatedAt, string? UpdatedBy,
    IReadOnlyList<HolidayPeriodView> Holidays, IReadOnlyList<DateOnly> Workdays, int? RecalculatedAppeals = null, int? RecalculatedDisputes = null,
    int? AppealsToRecalculate = null, int? RecalculatedApplications = null, int? ApplicationsToRecalculate = null, DateTimeOffset? SettlesAt = null,
    int? AppointmentsOnClosedDays = null);

/// <summary>
/// What a calendar change moved in its save: open appeals' limits, unused judicial-confirmation deadlines and open
/// applications' promised dates; how many appeals and applications it left to be counted in the background; and when
/// it settles (deadlines counted on the old calendar meanwhile counted again); how many booked appointments ahead fall
/// on a day it closed.
/// </summary>
public sealed record CalendarRecalculation(int Appeals, int Disputes, int AppealsQueued = 0, int Applications = 0, int ApplicationsQueued = 0,
    DateTimeOffset? SettlesAt = null, int Appointments = 0);

/// <summary>
/// 工作日历: the official holidays and adjusted working weekends per year. Shipped years come from the calendar file;
/// an administrator enters a new year when the State Council publishes it (usually in November), or corrects one.
/// A saved year applies at once on this node and within <see cref="CalendarRefresh.Interval"/> on the others. Saving
/// or dropping a year also counts again, in the same SaveChanges, the open appeals' limits that ran across the days
/// that changed (<see cref="RecalculateAppealLimits"/>), the judicial-confirmation deadlines and the open window
/// applications' promised dates (<see cref="RecalculatePromisedDates"/>), and flags the bookings on days it closed
/// (<see cref="ClosedDayAppointments"/>); many appeals or applications are left to
/// background jobs. The change is recorded, and settles once every node has it: deadlines of every kind counted on the
/// old calendar meanwhile are counted again (<see cref="RecalculateAppealLimits.SettleDueAsync"/>).
/// </summary>
public sealed partial class ManageCalendar(AppDbContext db, WorkingCalendar calendar, ICurrentUser user, TimeProvider clock, RecalculateAppealLimits recalculate,
    RecalculateJudicialDeadlines judicial, RecalculatePromisedDates promises, ClosedDayAppointments appointments)
{
    public async Task<IReadOnlyList<CalendarYearView>> ListAsync(CancellationToken ct)
    {
        var entries = await db.CalendarYears.AsNoTracking().ToDictionaryAsync(e => e.Year, ct);
        return calendar.Years.Select(y => View(y.Year, y.Entered ? entries.GetValueOrDefault(y.Year.Year) : null)).ToList();
    }

    public async Task<CalendarYearView> GetAsync(int year, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(y => y.Year == year) ?? throw new NotFoundException($"{year}年的节假日安排还没有录入。");

    public async Task<CalendarYearView> SaveAsync(int year, CalendarYearInput input, CancellationToken ct)
    {
        var days = Validate(year, input);
        var entered = await EnteredAsync(ct);
        var entry = await db.CalendarYears.FirstOrDefaultAsync(e => e.Year == year, ct);
        var why = entry is null ? $"录入了{year}年的节假日安排" : $"更正了{year}年的节假日安排";
        if (entry is null) db.CalendarYears.Add(entry = new CalendarYearEntry { Year = year });
        entry.Days = days.ToJson();
        entry.Source = input.Source?.Trim() ?? "";
        entry.UpdatedAt = clock.GetUtcNow();
        entry.UpdatedBy = user.UserName ?? "";
        var moved = await RecalculateAsync(year, entered, [.. entered.Where(y => y.Year != year), days], why, ct);
        return await GetAsync(year, ct) with
        {
            RecalculatedAppeals = moved.Appeals, RecalculatedDisputes = moved.Disputes, AppealsToRecalculate = moved.AppealsQueued,
            RecalculatedApplications = moved.Applications, ApplicationsToRecalculate = moved.ApplicationsQueued, SettlesAt = moved.SettlesAt,
            AppointmentsOnClosedDays = moved.SettlesAt is null ? null : moved.Appointments,
        };
    }

    /// <summary>Drops an entered year: the shipped arrangement (if any) applies again. Returns what was recalculated.</summary>
    public async Task<CalendarRecalculation> DeleteAsync(int year, CancellationToken ct)
    {
        var entered = await EnteredAsync(ct);
        var entry = await db.CalendarYears.FirstOrDefaultAsync(e => e.Year == year, ct)
            ?? throw new NotFoundException($"{year}年没有录入过节假日安排（随程序提供的年份不能删除，可以录入更正）。");
        db.CalendarYears.Remove(entry);
        return await RecalculateAsync(year, entered, [.. entered.Where(y => y.Year != year)], $"删除了录入的{year}年节假日安排", ct);
    }

    private async Task<List<CalendarYear>> EnteredAsync(CancellationToken ct) =>
        (await db.CalendarYears.AsNoTracking().ToListAsync(ct)).Select(e => CalendarYear.FromJson(e.Year, e.Days)).ToList();

    /// <summary>
    /// Counts the open appeals' limits (and the other dates counted on the calendar) again on the new calendar and saves
    /// them with the calendar change in one SaveChanges (one transaction), or, when the appeals are many, records that
    /// work for the deadline job in the same transaction; then applies the new calendar here.
    /// </summary>
    private async Task<CalendarRecalculation> RecalculateAsync(int year, List<CalendarYear> before, List<CalendarYear> after, string why, CancellationToken ct)
    {
        // A recount still running counts from the calendar before it; a change now would be counted from a calendar
        // some appeals have not reached yet. The recount takes a minute or two even at millions of appeals.
        if ((await recalculate.PendingAsync(ct)).FirstOrDefault() is { } running)
        {
            db.ChangeTracker.Clear();
            throw new DomainException($"{running.Year}年安排上次改动后的在办诉求时限还在后台重新计算（已处理{running.Looked}件，共约{running.Candidates}件），"
                + "为免两次改动交错，请等它算完（通常一两分钟）再保存。");
        }
        // A change not yet taken up by every node: limits counted on the old calendar meanwhile are moved once it has
        // been, and a second change before that would be counted from the wrong calendar for them.
        if (await recalculate.UnsettledAsync(ct) is { TailAfter: { } settles } unsettled && settles > clock.GetUtcNow())
        {
            db.ChangeTracker.Clear();
            throw new DomainException($"{unsettled.Year}年安排刚改动过，各服务器要到 {settles.ToShanghai():HH:mm:ss} 才都用上新安排，"
                + "其间计算的诉求时限、办件的各项期限和司法确认申请期限到时会再核对一遍；为免两次改动交错，"
                + $"请在 {settles.ToShanghai():HH:mm:ss}（{WaitText(settles - clock.GetUtcNow())}）之后再保存。");
        }
        await recalculate.SettleDueAsync(ct); // saved with this change
        var (old, updated) = (calendar.With(before), calendar.With(after));
        var appeals = await recalculate.RunAsync(year, before, after, why, ct);
        var disputes = await judicial.RunAsync(year, old, updated, why, ct);
        var applications = await promises.RunAsync(year, old, updated, why, ct);
        var closedDays = await appointments.RunAsync(year, old, updated, clock.GetUtcNow(), ct);
        var moved = new CalendarRecalculation(appeals.Moved, disputes, appeals.Queued, applications.Moved, applications.Queued, appeals.SettlesAt, closedDays);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("保存时有诉求或办件正在被办理，节假日安排没有保存，请再保存一次。");
        }
        await CalendarRefresh.ApplyAsync(db, calendar, ct);
        return moved;
    }

    private static CalendarYear Validate(int year, CalendarYearInput input)
    {
        var v = new Validation();
        v.Require(year is >= 2000 and <= 2100, "year", "年份应在2000到2100之间");
        v.Require((input.Source?.Length ?? 0) <= 200, "source", "依据（通知名称）最多200字");
        var holidays = input.Holidays ?? [];
        v.Require(holidays.Count > 0, "holidays", "请至少填写一个节假日（名称和起止日期）");
        v.Require(holidays.Count <= 20, "holidays", "节假日最多20个");
        // The New Year holiday may begin in the last days of the year before.
        var first = new DateOnly(Math.Clamp(year, 2000, 2100) - 1, 12, 1);
        var last = new DateOnly(Math.Clamp(year, 2000, 2100), 12, 31);
        var off = new List<(DateOnly Date, string Name)>();
        for (var i = 0; i < holidays.Count; i++)
        {
            var (name, from, to) = (holidays[i].Name?.Trim() ?? "", holidays[i].From, holidays[i].To ?? holidays[i].From);
            var label = $"第{i + 1}个节假日";
            if (name.Length is 0 or > 20) v.Add("holidays", $"{label}：请填写名称（最多20字）");
            if (from is not { } f || to is not { } t) { v.Add("holidays", $"{label}：请填写放假的起止日期"); continue; }
            if (t < f) { v.Add("holidays", $"{label}：结束日期不能早于开始日期"); continue; }
            if (t.DayNumber - f.DayNumber >= 15) { v.Add("holidays", $"{label}：一次放假不超过15天，请检查日期"); continue; }
            if (f < first || t > last) { v.Add("holidays", $"{label}：日期应在{year}年内（元旦假期可从上一年12月开始）"); continue; }
            for (var d = f; d <= t; d = d.AddDays(1))
            {
                if (off.FirstOrDefault(o => o.Date == d) is { Name: { } other } && other.Length > 0)
                {
                    v.Add("holidays", $"{label}：{d:yyyy-MM-dd}已在“{other}”中");
                    break;
                }
                off.Add((d, name));
            }
        }
        var workdays = (input.Workdays ?? []).Distinct().Order().ToList();
        v.Require(workdays.Count <= 20, "workdays", "调休上班日最多20天");
        foreach (var d in workdays)
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) v.Add("workdays", $"调休上班日{d:yyyy-MM-dd}是{WeekdayName(d)}，应为周六或周日");
            else if (d < first || d > last) v.Add("workdays", $"调休上班日{d:yyyy-MM-dd}应在{year}年内（或上一年12月）");
            else if (off.Any(o => o.Date == d)) v.Add("workdays", $"{d:yyyy-MM-dd}同时填成了放假日和调休上班日");
        }
        v.ThrowIfInvalid();
        return new CalendarYear(year, off, workdays);
    }

    /// <summary>A short wait in words: 约40秒后, 约2分钟后.</summary>
    public static string WaitText(TimeSpan wait) =>
        wait.TotalSeconds <= 90 ? $"约{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))}秒后" : $"约{(int)Math.Ceiling(wait.TotalMinutes)}分钟后";

    private static string WeekdayName(DateOnly d) => "周" + "日一二三四五六"[(int)d.DayOfWeek];

    private static CalendarYearView View(CalendarYear year, CalendarYearEntry? entry) => new(year.Year, entry is not null,
        entry?.Source is { Length: > 0 } s ? s : null, entry?.UpdatedAt, entry?.UpdatedBy,
        year.Periods().Select(p => new HolidayPeriodView(p.Name, p.From, p.To, p.To.DayNumber - p.From.DayNumber + 1)).ToList(), year.Workdays.Order().ToList());

    // ---- the page's text form: one holiday per line, the worked weekends in one box ----

    [GeneratedRegex(@"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")]
    private static partial Regex DatePattern();

    /// <summary>
    /// Reads "春节 2026-02-15 至 2026-02-23" lines (one day: a single date) and a list of worked weekend dates, as they
    /// are copied from the notice. What cannot be read is named by line; nothing is guessed.
    /// </summary>
    public static CalendarYearInput ParseText(string? holidays, string? workdays, string? source)
    {
        var v = new Validation();
        var periods = new List<HolidayPeriodInput>();
        var lines = (holidays ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var dates = DatePattern().Matches(line).Select(m => ParseDate(m)).ToList();
            var name = DatePattern().Split(line)[0].Trim(' ', '\t', '：', ':', '，', ',');
            if (dates.Count is 0 or > 2 || dates.Any(d => d is null) || name.Length == 0)
            {
                v.Add("holidaysText", $"第{i + 1}行“{line}”看不懂：请写成“名称 开始日期 至 结束日期”，例如“春节 2026-02-15 至 2026-02-23”");
                continue;
            }
            periods.Add(new HolidayPeriodInput(name, dates[0], dates[^1]));
        }
        var worked = new List<DateOnly>();
        var text = workdays ?? "";
        var matches = DatePattern().Matches(text);
        var rest = DatePattern().Replace(text, " ").Trim(' ', '\t', '\r', '\n', ',', '，', '、', ';', '；');
        if (rest.Split([' ', '\t', '\r', '\n', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } unread)
            v.Add("workdaysText", $"看不懂“{unread[0]}”：请只填写日期，例如“2026-02-14 2026-02-28”");
        foreach (Match m in matches)
        {
            if (ParseDate(m) is { } d) worked.Add(d);
            else v.Add("workdaysText", $"“{m.Value}”不是有效的日期");
        }
        v.ThrowIfInvalid();
        return new CalendarYearInput(periods, worked, source);
    }

    private static DateOnly? ParseDate(Match m)
    {
        var (y, mo, d) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), mo) ? new DateOnly(y, mo, d) : null;
    }

    /// <summary>A year as the page's text form shows it, to correct it.</summary>
    public static (string Holidays, string Workdays) ToText(CalendarYearView year) => (
        string.Join('\n', year.Holidays.Select(h => h.From == h.To ? $"{h.Name} {h.From:yyyy-MM-dd}" : $"{h.Name} {h.From:yyyy-MM-dd} 至 {h.To:yyyy-MM-dd}")),
        string.Join(' ', year.Workdays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
}
