using System.Text.Json;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Audit;

/// <summary>Turns an entry's before/after JSON into field rows a person can read.</summary>
public static class AuditDiff
{
    public sealed record Row(string Field, string? Before, string? After)
    {
        public bool Changed => Before != After;
    }

    public static IReadOnlyList<Row> Rows(string? before, string? after)
    {
        var old = Parse(before);
        var now = Parse(after);
        return [.. old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(k => new Row(k, old.GetValueOrDefault(k), now.GetValueOrDefault(k)))];
    }

    /// <summary>One field of an entry's JSON, or null.</summary>
    public static string? Value(string? json, string field) => Parse(json).GetValueOrDefault(field);

    /// <summary>An instant as stored (UTC, ISO 8601) is shown in Beijing time like every other time on the page.</summary>
    private static string? Readable(string? value) =>
        value is { Length: >= 19 } && value[4] == '-' && value[10] == 'T' && char.IsAsciiDigit(value[0])
        && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
        && (value.EndsWith('Z') || value[^6] is '+' or '-')
            ? at.ToShanghai().ToString("yyyy-MM-dd HH:mm:ss") : value;

    private static Dictionary<string, string?> Parse(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return values;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return new() { ["(内容)"] = json };
            foreach (var p in doc.RootElement.EnumerateObject())
                values[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => Readable(p.Value.GetString()),
                    JsonValueKind.True => "是",
                    JsonValueKind.False => "否",
                    _ => p.Value.GetRawText(),
                };
        }
        catch (JsonException)
        {
            values["(内容)"] = json;
        }
        return values;
    }
}
