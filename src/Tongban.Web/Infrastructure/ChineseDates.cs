using System.Globalization;

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
}
