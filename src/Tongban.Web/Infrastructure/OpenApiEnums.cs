using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// Enums sent as numbers (诉求类型 kind, 来源渠道 channel, …) appear in the OpenAPI document as a bare integer, so a
/// client reading it cannot tell what 1 or 2 means, and the 400 for a wrong value sends it to that document. Each such
/// enum's schema gets its values and a description naming them: the Chinese name, where a module's *Names.Of gives one,
/// and the member name ("1 咨询（Inquiry）、2 求助（Help）…"). Enums sent as strings already list their names.
/// </summary>
public static class OpenApiEnums
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum || schema.Type is not { } kind || !kind.HasFlag(JsonSchemaType.Integer) || schema.Enum is { Count: > 0 }) return Task.CompletedTask;
        var names = ChineseNameOf(type);
        var values = Enum.GetValues(type).Cast<object>().Select(v => (Number: Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture), Member: v.ToString()!, Chinese: names?.Invoke(v))).ToList();
        schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v.Number)).ToList();
        schema.Description = "传数字：" + string.Join("、", values.Select(v =>
            v.Chinese is { } chinese && chinese != v.Member ? $"{v.Number} {chinese}（{v.Member}）" : $"{v.Number} {v.Member}"));
        return Task.CompletedTask;
    }

    /// <summary>The static <c>Of(TEnum)</c> of a *Names class in this assembly (AppealNames.Of, OutreachNames.Of, …), if any.</summary>
    private static Func<object, string?>? ChineseNameOf(Type enumType)
    {
        var method = typeof(OpenApiEnums).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Names", StringComparison.Ordinal))
            .Select(t => t.GetMethod("Of", BindingFlags.Public | BindingFlags.Static, [enumType]))
            .FirstOrDefault(m => m is not null && m.ReturnType == typeof(string));
        return method is null ? null : value => method.Invoke(null, [value]) as string;
    }
}
