using System.Globalization;
using System.Text.RegularExpressions;

namespace Tongban.Web.Infrastructure;

/// <summary>Dates as a Chinese reader writes them, whatever the server's or the browser's culture.</summary>
public static class ChineseDates
{
    /// <summary>周三</summary>
    public static string Weekday(DateOnly d) => "周" + "日一二三四五六"[(int)d.DayOfWeek];

    /// <summary>2026年11月25日 周三</summary>
    public static string Day(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日 {Weekday(d)}";

    /// <summary>2026年11月</summary>
    public static string Month(DateOnly d) => $"{d.Year}年{d.Month}月";

    /// <summary>2026-11-25, the form a query string or a form field carries.</summary>
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2026-11, the form a month carries in a query string.</summary>
    public static string IsoMonth(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>What a typed date box shows as its example and says when it cannot read what was typed.</summary>
    public const string DayExample = "2026-11-25 或 2026年11月25日";

    /// <summary>What a typed date-and-time box shows as its example.</summary>
    public const string MinuteExample = "2026-11-25 14:30 或 2026年11月25日 14:30";

    /// <summary>The refusal for a date box whose text is no date.</summary>
    public static string DayRefusal(string typed) => $"“{typed.Trim()}”不是有效的日期，请按 {DayExample} 的格式填写";

    private static readonly Regex DayPattern = new(
        @"^(?<y>[0-9]{4})\s*[-/.年]\s*(?<m>[0-9]{1,2})\s*[-/.月]\s*(?<d>[0-9]{1,2})\s*日?(?:\s*(?:周|星期)[一二三四五六日天])?(?:\s*T?\s*(?<h>[0-9]{1,2})\s*[:：点时]\s*(?<min>[0-9]{1,2})?\s*分?)?$",
        RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// A date as staff type it: 2026-11-25, 2026/11/25, 2026.11.25 or 2026年11月25日 (full-width digits too, a weekday
    /// after it allowed), so the box need not be the browser's date picker, which draws in the browser's locale.
    /// </summary>
    public static bool TryParseDay(string? typed, out DateOnly day)
    {
        day = default;
        return Match(typed) is { } m && !m.Groups["h"].Success && TryDay(m, out day);
    }

    /// <summary>A date and time as staff type it: a date as <see cref="TryParseDay"/> reads it, then 14:30 (or 14点30分, or the T of 2026-11-25T14:30).</summary>
    public static bool TryParseMinute(string? typed, out DateTime minute)
    {
        minute = default;
        if (Match(typed) is not { } m || !m.Groups["h"].Success || !TryDay(m, out var day)) return false;
        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var min = m.Groups["min"].Success ? int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || min > 59) return false;
        minute = day.ToDateTime(new TimeOnly(hour, min));
        return true;
    }

    private static Match? Match(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var m = DayPattern.Match(typed.Normalize(System.Text.NormalizationForm.FormKC).Trim());
        return m.Success ? m : null;
    }

    private static bool TryDay(Match m, out DateOnly day)
    {
        day = default;
        var (y, mo, d) = (int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
        if (y < 1900 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return false;
        day = new DateOnly(y, mo, d);
        return true;
    }
}
