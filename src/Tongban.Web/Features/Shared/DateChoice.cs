using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Shared;

/// <summary>
/// A day or a month chosen from a list written in Chinese (partial <c>_DateChoice</c>). An
/// <c>&lt;input type=date|month&gt;</c> is drawn by the browser in its own locale ("November 2026", 11/25/2026 in an
/// English browser), which staff of a Chinese desk should not have to read.
/// </summary>
public sealed record DateChoice(string Id, string Name, string Label, IReadOnlyList<DateChoice.Option> Options, string? Selected)
{
    public sealed record Option(string Value, string Text);

    /// <summary>The days given, today marked, with the one shown added when it is not among them.</summary>
    public static DateChoice Days(string id, string name, string label, IEnumerable<DateOnly> days, DateOnly today, DateOnly shown) =>
        new(id, name, label, [.. days.Append(shown).Distinct().Order()
            .Select(d => new Option(ChineseDates.Iso(d), (d == today ? "今天 " : "") + ChineseDates.Day(d)))], ChineseDates.Iso(shown));

    /// <summary>The months given (any day of each), with the one shown added when it is not among them.</summary>
    public static DateChoice Months(string id, string name, string label, IEnumerable<DateOnly> months, DateOnly shown)
    {
        static DateOnly First(DateOnly d) => new(d.Year, d.Month, 1);
        return new(id, name, label, [.. months.Append(shown).Select(First).Distinct().Order()
            .Select(m => new Option(ChineseDates.IsoMonth(m), ChineseDates.Month(m)))], ChineseDates.IsoMonth(First(shown)));
    }
}
