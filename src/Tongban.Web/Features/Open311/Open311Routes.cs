using Microsoft.Extensions.Primitives;

namespace Tongban.Web.Features.Open311;

/// <summary>Reading what GeoReport v2 puts in the URL: the format suffix, comma lists and the date window.</summary>
public static class Open311Routes
{
    /// <summary>The spec's default span for lists: "the most recent 90 days"; a given range may not span more.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    /// <summary>Reads the {format} of services.{format}; no suffix means XML, the format every server must offer.</summary>
    public static Open311Format Format(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "xml" => Open311Format.Xml,
        "json" => Open311Format.Json,
        _ => throw new Open311Exception(400, $"不支持的格式“{format}”，请在资源名后加 .xml 或 .json"),
    };

    /// <summary>Splits "env.garbage.xml" into ("env.garbage", Xml); a name without .xml/.json keeps its dots and means XML.</summary>
    public static (string Name, Open311Format Format) Split(string file)
    {
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return (file[..^5], Open311Format.Json);
        if (file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return (file[..^4], Open311Format.Xml);
        return (file, Open311Format.Xml);
    }

    /// <summary>All values of a parameter that may be repeated and comma delimited, blanks dropped.</summary>
    public static List<string> CommaList(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>
    /// The requested range [From, To): the last 90 days (no upper bound) when neither bound is given, 90 days from
    /// the one bound given, and a 400 when the two given span more than 90 days or run backwards.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset? To) DateWindow(string? startDate, string? endDate, DateTimeOffset now)
    {
        W3cPeriod? start = null, end = null;
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(startDate))
        {
            if (Open311Time.TryParse(startDate, out var s)) start = s;
            else errors.Add($"start_date：“{startDate}”不是 W3C 日期时间，例如 2026-11-01T00:00:00+08:00");
        }
        if (!string.IsNullOrWhiteSpace(endDate))
        {
            if (Open311Time.TryParse(endDate, out var e)) end = e;
            else errors.Add($"end_date：“{endDate}”不是 W3C 日期时间，例如 2026-11-30T23:59:59+08:00");
        }
        if (errors.Count > 0) throw new Open311Exception(400, [.. errors]);
        if (start is null && end is null) return (now - Window, null);
        var (from, to) = (start, end) switch
        {
            ({ } s, null) => (s.Start, s.Start + Window),
            (null, { } e) => (e.End - Window, e.End),
            ({ } s, { } e) => (s.Start, e.End),
            _ => throw new InvalidOperationException(),
        };
        if (to <= from) throw new Open311Exception(400, "end_date 不能早于 start_date");
        if (to - from > Window) throw new Open311Exception(400, "start_date 与 end_date 之间不能超过90天");
        return (from, to);
    }

    /// <summary>Where this server is reached from outside, for absolute links (discovery, media_url).</summary>
    public static string BaseUrl(HttpRequest request, Open311Options options) =>
        !string.IsNullOrWhiteSpace(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}
