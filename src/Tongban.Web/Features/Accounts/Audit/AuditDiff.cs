using System.Reflection;
using System.Text.Json;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Audit;

/// <summary>Turns an entry's before/after JSON into field rows a person can read: Chinese field names, enum values by name.</summary>
public static class AuditDiff
{
    /// <param name="Field">The stored name, kept for whoever matches the log against the code.</param>
    public sealed record Row(string Field, string Label, string? Before, string? After)
    {
        public bool Changed => Before != After;
    }

    /// <param name="entity">The record's class, from the database model, to read enum columns by; null when unknown.</param>
    public static IReadOnlyList<Row> Rows(string entityType, Type? entity, string? before, string? after)
    {
        var old = Parse(before);
        var now = Parse(after);
        // The record's number first, then the fields in the order of their Chinese names.
        return [.. old.Keys.Union(now.Keys)
            .Select(k => new Row(k, FieldLabel(entityType, k), Shown(entity, k, old.GetValueOrDefault(k)), Shown(entity, k, now.GetValueOrDefault(k))))
            .OrderBy(r => r.Field != "Id").ThenBy(r => r.Label, ChineseText.NaturalComparer)];
    }

    /// <summary>One field of an entry's JSON, or null.</summary>
    public static string? Value(string? json, string field) => Parse(json).GetValueOrDefault(field);

    /// <summary>The field's Chinese name; the stored name when none is known.</summary>
    public static string FieldLabel(string entityType, string field) =>
        AuditFieldLabels.Specific.GetValueOrDefault(entityType + "." + field)
        ?? AuditFieldLabels.Common.GetValueOrDefault(field) ?? field;

    /// <summary>An enum column is stored as its number; the log shows the name the pages use for it.</summary>
    private static string? Shown(Type? entity, string field, string? value)
    {
        if (value is null || !int.TryParse(value, out var number)) return value;
        var type = entity?.GetProperty(field)?.PropertyType;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type is { IsEnum: true } && EnumLabels.Name(type, number) is { } name ? name : value;
    }

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

/// <summary>
/// The Chinese name of each enum value, found once from the modules' own label methods (a public static method taking
/// the enum and returning its text, such as <c>AppealLabels.Of(AppealState)</c>), so the log says what the pages say.
/// </summary>
public static class EnumLabels
{
    private static readonly Lazy<Dictionary<Type, MethodInfo>> Methods = new(() =>
    {
        var found = new Dictionary<Type, MethodInfo>();
        foreach (var type in typeof(EnumLabels).Assembly.GetTypes().Where(t => t is { IsAbstract: true, IsSealed: true }))
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
                if (m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType.IsEnum: true } p])
                    found.TryAdd(p.ParameterType, m);
        return found;
    });

    public static bool HasLabels(Type enumType) => Methods.Value.ContainsKey(enumType);

    /// <summary>The value's text, or null when the enum has no label method or the number is no value of it.</summary>
    public static string? Name(Type enumType, int number)
    {
        if (!Methods.Value.TryGetValue(enumType, out var method) || !Enum.IsDefined(enumType, number)) return null;
        return method.Invoke(null, [Enum.ToObject(enumType, number)]) as string;
    }
}
