using System.Text.Json;

namespace Tongban.Web.Infrastructure;

public sealed class WorkingCalendarOptions
{
    /// <summary>JSON file of official days off and adjusted working weekends (调休), relative to the content root.</summary>
    public string File { get; set; } = "Calendar/cn-holidays.json";
}

/// <summary>One year's official arrangement: the days off by holiday name, and the weekends worked instead (调休).</summary>
public sealed record CalendarYear(int Year, IReadOnlyList<(DateOnly Date, string Name)> Off, IReadOnlyList<DateOnly> Workdays)
{
    /// <summary>The holidays as periods (name, first day, last day), in date order.</summary>
    public IReadOnlyList<(string Name, DateOnly From, DateOnly To)> Periods()
    {
        var periods = new List<(string Name, DateOnly From, DateOnly To)>();
        foreach (var (date, name) in Off.OrderBy(d => d.Date))
        {
            if (periods.Count > 0 && periods[^1].Name == name && periods[^1].To.AddDays(1) == date) periods[^1] = (name, periods[^1].From, date);
            else periods.Add((name, date, date));
        }
        return periods;
    }

    /// <summary>The shape of a year in the calendar file: {"off": {"春节": ["2026-02-15", …]}, "workday": [ … ]}.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        off = Off.OrderBy(d => d.Date).GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList()),
        workday = Workdays.Order().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
    }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) });

    public static CalendarYear FromJson(int year, JsonElement days)
    {
        var off = new List<(DateOnly, string)>();
        foreach (var holiday in days.GetProperty("off").EnumerateObject())
            off.AddRange(holiday.Value.EnumerateArray().Select(d => (DateOnly.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture), holiday.Name)));
        var worked = days.GetProperty("workday").EnumerateArray().Select(d => DateOnly.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new CalendarYear(year, off, worked);
    }

    public static CalendarYear FromJson(int year, string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(year, document.RootElement);
    }

    /// <summary>Several years as the calendar file's "years" object: {"2026": {…}, "2027": {…}}.</summary>
    public static string ManyToJson(IEnumerable<CalendarYear> years) =>
        "{" + string.Join(",", years.Select(y => $"\"{y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)}\":{y.ToJson()}")) + "}";

    public static List<CalendarYear> ManyFromJson(JsonElement years) =>
        years.EnumerateObject().Select(y => FromJson(int.Parse(y.Name, System.Globalization.CultureInfo.InvariantCulture), y.Value)).ToList();

    public static List<CalendarYear> ManyFromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ManyFromJson(document.RootElement);
    }
}

/// <summary>
/// The official working calendar in Asia/Shanghai: weekends off, holidays off, adjusted weekends worked. Deadlines
/// counted in working days and the window's bookable days use it. The years shipped in the calendar file can be
/// completed or corrected by years an administrator enters when the State Council publishes them (kept in the
/// database, applied here by <see cref="Apply"/>); an entered year replaces the shipped one. Years in neither fall
/// back to plain weekends, which is why <see cref="YearToEnter"/> warns ahead of the new year.
/// </summary>
public sealed class WorkingCalendar
{
    private sealed record Days(HashSet<DateOnly> Off, HashSet<DateOnly> Worked, Dictionary<DateOnly, string> Names,
        IReadOnlyDictionary<int, (CalendarYear Year, bool Entered)> Years);

    private readonly IReadOnlyDictionary<int, CalendarYear> _shipped;
    private volatile Days _days;

    public WorkingCalendar(IEnumerable<CalendarYear> shipped)
    {
        _shipped = shipped.ToDictionary(y => y.Year);
        _days = Build(_shipped, new Dictionary<int, CalendarYear>());
    }

    /// <summary>Every covered year with whether an administrator entered it (true) or it came with the program.</summary>
    public IReadOnlyList<(CalendarYear Year, bool Entered)> Years => _days.Years.OrderBy(y => y.Key).Select(y => y.Value).ToList();

    /// <summary>A calendar with the same shipped years and these entered ones, to count with before it is applied.</summary>
    public WorkingCalendar With(IEnumerable<CalendarYear> entered)
    {
        var copy = new WorkingCalendar(_shipped.Values);
        copy.Apply(entered);
        return copy;
    }

    /// <summary>The days of a year (and the December before it, where its New Year holiday may start) whose working or rest status differs.</summary>
    public IReadOnlyList<DateOnly> DaysThatDiffer(WorkingCalendar other, int year)
    {
        var days = new List<DateOnly>();
        for (var d = new DateOnly(year - 1, 12, 1); d <= new DateOnly(year, 12, 31); d = d.AddDays(1))
            if (IsWorkingDay(d) != other.IsWorkingDay(d)) days.Add(d);
        return days;
    }

    /// <summary>Takes the years an administrator entered (all of them: a year left out falls back to the shipped one).</summary>
    public void Apply(IEnumerable<CalendarYear> entered) => _days = Build(_shipped, entered.ToDictionary(y => y.Year));

    /// <summary>
    /// The year whose arrangement should be entered now, or null: this year if it is missing, or next year once
    /// November has come (the State Council publishes it in November or December).
    /// </summary>
    public int? YearToEnter(DateOnly today)
    {
        var years = _days.Years;
        if (!years.ContainsKey(today.Year)) return today.Year;
        return today.Month >= 11 && !years.ContainsKey(today.Year + 1) ? today.Year + 1 : null;
    }

    private static Days Build(IReadOnlyDictionary<int, CalendarYear> shipped, IReadOnlyDictionary<int, CalendarYear> entered)
    {
        var years = shipped.Keys.Union(entered.Keys)
            .ToDictionary(y => y, y => entered.TryGetValue(y, out var e) ? (e, true) : (shipped[y], false));
        var off = years.Values.SelectMany(y => y.Item1.Off).ToList();
        return new Days([.. off.Select(d => d.Date)], [.. years.Values.SelectMany(y => y.Item1.Workdays)],
            off.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First().Name), years);
    }

    public static WorkingCalendar Load(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return new WorkingCalendar(CalendarYear.ManyFromJson(document.RootElement.GetProperty("years")));
    }

    public bool IsWorkingDay(DateOnly date)
    {
        var days = _days;
        if (days.Worked.Contains(date)) return true;
        if (days.Off.Contains(date)) return false;
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The holiday's name (春节, 国庆节…) when the date is an official day off.</summary>
    public string? HolidayName(DateOnly date) => _days.Names.GetValueOrDefault(date);

    /// <summary>The date of the Nth working day after <paramref name="date"/> (the day itself does not count).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var current = date;
        var counted = 0;
        while (counted < days)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current)) counted++;
        }
        return current;
    }

    /// <summary>
    /// A deadline N working days after an instant: the end (24:00 Beijing time) of the Nth working day after the
    /// day the instant falls on.
    /// </summary>
    public DateTimeOffset DeadlineAfterWorkingDays(DateTimeOffset start, int days)
    {
        var local = start.ToShanghai();
        var due = AddWorkingDays(DateOnly.FromDateTime(local.DateTime), days).AddDays(1);
        var endOfDay = new DateTimeOffset(due.ToDateTime(TimeOnly.MinValue), ShanghaiTime.Zone.GetUtcOffset(due.ToDateTime(TimeOnly.MinValue)));
        return endOfDay.ToUniversalTime();
    }

    /// <summary>
    /// The N for which <paramref name="due"/> is <see cref="DeadlineAfterWorkingDays"/>(<paramref name="start"/>, N) on
    /// this calendar, or null when it is not such a deadline (a limit in hours, or one counted on another calendar).
    /// </summary>
    public int? WorkingDaysCounted(DateTimeOffset start, DateTimeOffset due)
    {
        var local = due.ToShanghai();
        if (local.TimeOfDay != TimeSpan.Zero || due <= start) return null;
        var n = WorkingDaysBetween(DateOnly.FromDateTime(start.ToShanghai().DateTime), DateOnly.FromDateTime(local.DateTime).AddDays(-1));
        return DeadlineAfterWorkingDays(start, n) == due ? n : null;
    }

    /// <summary>Working days from one date to another, counting the later date but not the earlier one.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d)) count++;
        }
        return count;
    }
}
