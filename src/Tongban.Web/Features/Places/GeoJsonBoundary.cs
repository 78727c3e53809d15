using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tongban.Web.Features.Places;

/// <summary>
/// Checks a boundary given as a GeoJSON Polygon or MultiPolygon geometry, or a Feature holding one (RFC 7946, WGS 84),
/// and returns the geometry alone in compact form with [longitude, latitude] positions.
/// </summary>
public static class GeoJsonBoundary
{
    public const int MaxCharacters = 1_000_000;
    public const int MaxPositions = 50_000;

    public sealed record Result(string? Geometry, string? Error)
    {
        public bool IsValid => Error is null;
    }

    public static Result Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Fail("请提供边界的 GeoJSON（Polygon、MultiPolygon 或包含它们的 Feature）。");
        if (text.Length > MaxCharacters) return Fail($"GeoJSON 过大（超过 {MaxCharacters / 1000} KB），请先简化边界。");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $"第 {l + 1} 行附近" : "";
            return Fail($"不是有效的 JSON，{line}格式有误，请检查括号、逗号和引号。");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("GeoJSON 必须是一个对象，例如 {\"type\":\"Polygon\",\"coordinates\":[...]}。");
            var type = TypeOf(root);
            if (type == "Feature")
            {
                if (!root.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                    return Fail("Feature 缺少 geometry（几何对象）。");
                root = geometry;
                type = TypeOf(root);
            }
            else if (type == "FeatureCollection")
            {
                return Fail("一个区划只能有一个边界：请提交单个 Polygon、MultiPolygon 或 Feature，而不是 FeatureCollection。");
            }
            if (type is not ("Polygon" or "MultiPolygon"))
                return Fail(type is null
                    ? "缺少 type 字段，应为 Polygon、MultiPolygon 或 Feature。"
                    : $"不支持的几何类型“{type}”，边界应为 Polygon 或 MultiPolygon。");
            if (!root.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
                return Fail("缺少 coordinates 坐标数组。");

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WritePropertyName("coordinates");
                var counter = new PositionCounter();
                string? error;
                if (type == "Polygon")
                {
                    error = WritePolygon(writer, coordinates, "", counter);
                }
                else
                {
                    if (coordinates.GetArrayLength() == 0) return Fail("MultiPolygon 至少要包含一个面。");
                    writer.WriteStartArray();
                    error = null;
                    var index = 0;
                    foreach (var polygon in coordinates.EnumerateArray())
                    {
                        index++;
                        error = WritePolygon(writer, polygon, $"第{index}个面", counter);
                        if (error is not null) break;
                    }
                    writer.WriteEndArray();
                }
                if (error is not null) return Fail(error);
                writer.WriteEndObject();
            }
            return new Result(Encoding.UTF8.GetString(buffer.WrittenSpan), null);
        }
    }

    private sealed class PositionCounter
    {
        public int Count;
    }

    private static Result Fail(string message) => new(null, message);

    private static string? TypeOf(JsonElement element) =>
        element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static string? WritePolygon(Utf8JsonWriter writer, JsonElement polygon, string where, PositionCounter counter)
    {
        if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            return $"{where}坐标应为由环组成的数组，至少包含一个外环。";
        writer.WriteStartArray();
        var ringIndex = 0;
        foreach (var ring in polygon.EnumerateArray())
        {
            ringIndex++;
            var ringName = $"{where}{(ringIndex == 1 ? "外环" : $"第{ringIndex - 1}个内环")}";
            if (ring.ValueKind != JsonValueKind.Array) return $"{ringName}应为坐标点数组。";
            var count = ring.GetArrayLength();
            if (count < 4) return $"{ringName}至少需要4个坐标点（首尾相同的闭合环），当前只有{count}个。";
            counter.Count += count;
            if (counter.Count > MaxPositions) return $"坐标点超过 {MaxPositions} 个，请先简化边界。";
            writer.WriteStartArray();
            (double Lon, double Lat) first = default, last = default;
            var pointIndex = 0;
            foreach (var position in ring.EnumerateArray())
            {
                pointIndex++;
                var pointName = $"{ringName}第{pointIndex}个点";
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() is < 2 or > 3)
                    return $"{pointName}应为 [经度, 纬度] 形式的数组。";
                var lon = position[0];
                var lat = position[1];
                if (lon.ValueKind != JsonValueKind.Number || lat.ValueKind != JsonValueKind.Number)
                    return $"{pointName}的经纬度必须是数字。";
                var x = lon.GetDouble();
                var y = lat.GetDouble();
                if (x is < -180 or > 180) return $"{pointName}的经度 {Show(x)} 超出范围（-180 到 180）。";
                if (y is < -90 or > 90) return $"{pointName}的纬度 {Show(y)} 超出范围（-90 到 90）；GeoJSON 的坐标顺序是 [经度, 纬度]。";
                if (pointIndex == 1) first = (x, y);
                last = (x, y);
                writer.WriteStartArray();
                writer.WriteNumberValue(x);
                writer.WriteNumberValue(y);
                writer.WriteEndArray();
            }
            if (first != last) return $"{ringName}未闭合：最后一个坐标点必须与第一个相同。";
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        return null;
    }

    private static string Show(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
