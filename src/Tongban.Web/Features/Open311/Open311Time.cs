using System.Globalization;
using System.Text.RegularExpressions;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>A W3C datetime read from a request: the instant it starts at and the instant its precision ends at.</summary>
/// <remarks>"2026-03-01" covers the whole day, so as an end_date it includes that day.</remarks>
public readonly record struct W3cPeriod(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Datetimes in the W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime), which GeoReport v2 requires:
/// written in Asia/Shanghai with a colon in the offset (2026-11-23T09:30:00+08:00), read at any of its precisions.
/// </summary>
public static partial class Open311Time
{
    public static string Format(DateTimeOffset instant) =>
        instant.ToShanghai().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'sszzz", CultureInfo.InvariantCulture);

    // YYYY, YYYY-MM, YYYY-MM-DD, then hh:mm, hh:mm:ss or hh:mm:ss.s (one or more digits) with a zone designator.
    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+\- ]\d{2}:?\d{2}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex W3c();

    /// <summary>Parses a W3C datetime; a date without a time is a day in Asia/Shanghai, the jurisdiction's own time.</summary>
    public static bool TryParse(string? text, out W3cPeriod period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = W3c().Match(text.Trim());
        if (!m.Success) return false;
        int Part(int group, int fallback) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : fallback;
        try
        {
            int year = Part(1, 1), month = Part(2, 1), day = Part(3, 1);
            if (!m.Groups[4].Success)
            {
                var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
                var start = new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local));
                var end = !m.Groups[2].Success ? start.AddYears(1) : !m.Groups[3].Success ? start.AddMonths(1) : start.AddDays(1);
                period = new W3cPeriod(start.ToUniversalTime(), end.ToUniversalTime());
                return true;
            }
            var zone = m.Groups[8].Value;
            TimeSpan offset;
            if (zone == "Z") offset = TimeSpan.Zero;
            else
            {
                // A "+" sent unencoded in a query string arrives as a space; read it as the "+" it was.
                var sign = zone[0] == '-' ? -1 : 1;
                var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
                var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
                var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
                if (hours > 14 || minutes > 59) return false;
                offset = sign * new TimeSpan(hours, minutes, 0);
            }
            // Any number of fraction digits (Java and Go write nanoseconds, 9 digits); ticks keep the first 7.
            var fraction = m.Groups[7].Value;
            var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0'), CultureInfo.InvariantCulture);
            var instant = new DateTimeOffset(year, month, day, Part(4, 0), Part(5, 0), Part(6, 0), offset).AddTicks(ticks);
            var span = m.Groups[7].Success ? TimeSpan.FromTicks(1) : m.Groups[6].Success ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
            period = new W3cPeriod(instant.ToUniversalTime(), instant.ToUniversalTime() + span);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // 2026-02-30 and the like
        }
    }
}
