using System.Text.Json;

namespace Tongban.Web.Infrastructure;

public sealed class WorkingCalendarOptions
{
    /// <summary>JSON file of official days off and adjusted working weekends (调休), relative to the content root.</summary>
    public string File { get; set; } = "Calendar/cn-holidays.json";
}

/// <summary>
/// The official working calendar in Asia/Shanghai: weekends off, holidays off, adjusted weekends worked.
/// Deadlines counted in working days use it. Years missing from the file fall back to plain weekends.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _off;
    private readonly HashSet<DateOnly> _worked;
    private readonly Dictionary<DateOnly, string> _holidayNames;

    public WorkingCalendar(IEnumerable<(DateOnly Date, string Name)> daysOff, IEnumerable<DateOnly> workedWeekends, IEnumerable<int> coveredYears)
    {
        var off = daysOff.ToList();
        _off = [.. off.Select(d => d.Date)];
        _holidayNames = off.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First().Name);
        _worked = [.. workedWeekends];
        CoveredYears = new HashSet<int>(coveredYears);
    }

    public IReadOnlySet<int> CoveredYears { get; }

    public static WorkingCalendar Load(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var off = new List<(DateOnly, string)>();
        var worked = new List<DateOnly>();
        var years = new List<int>();
        foreach (var year in document.RootElement.GetProperty("years").EnumerateObject())
        {
            years.Add(int.Parse(year.Name, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var holiday in year.Value.GetProperty("off").EnumerateObject())
                off.AddRange(holiday.Value.EnumerateArray().Select(d => (DateOnly.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture), holiday.Name)));
            worked.AddRange(year.Value.GetProperty("workday").EnumerateArray().Select(d => DateOnly.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new WorkingCalendar(off, worked, years);
    }

    public bool IsWorkingDay(DateOnly date)
    {
        if (_worked.Contains(date)) return true;
        if (_off.Contains(date)) return false;
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The holiday's name (春节, 国庆节…) when the date is an official day off.</summary>
    public string? HolidayName(DateOnly date) => _holidayNames.GetValueOrDefault(date);

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
