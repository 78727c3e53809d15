using System.Text.Json;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Places;

[Trait("Db", "none")]
public sealed class AreaCodesTests
{
    [Theory]
    [InlineData(AreaLevel.District, "990101000000", null)]
    [InlineData(AreaLevel.Street, "990101001000", "990101000000")]
    [InlineData(AreaLevel.Community, "990101001012", "990101001000")]
    [InlineData(AreaLevel.Grid, "990101001012003", "990101001012")]
    public void Codes_that_fit_their_parent_are_accepted(AreaLevel level, string code, string? parent) =>
        Assert.Null(AreaCodes.Check(level, code, parent));

    [Theory]
    [InlineData(AreaLevel.District, "99010100000", null, "12位数字")]
    [InlineData(AreaLevel.District, "990101001000", null, "末6位应为000000")]
    [InlineData(AreaLevel.District, "990100000000", null, "不能为00")]
    [InlineData(AreaLevel.Street, "990102001000", "990101000000", "前6位应与所属区相同（990101）")]
    [InlineData(AreaLevel.Street, "990101000000", "990101000000", "不能为000")]
    [InlineData(AreaLevel.Street, "990101001001", "990101000000", "末3位应为000")]
    [InlineData(AreaLevel.Community, "990101002001", "990101001000", "前9位应与所属街道相同（990101001）")]
    [InlineData(AreaLevel.Community, "990101001000", "990101001000", "不能为000")]
    [InlineData(AreaLevel.Community, "99010100100a", "990101001000", "12位数字")]
    [InlineData(AreaLevel.Grid, "990101001001", "990101001001", "15位数字")]
    [InlineData(AreaLevel.Grid, "990101001002001", "990101001001", "前12位应为所属社区代码")]
    [InlineData(AreaLevel.Grid, "990101001001000", "990101001001", "不能为000")]
    public void Codes_that_do_not_fit_are_refused_with_a_chinese_reason(AreaLevel level, string code, string? parent, string reason)
    {
        var error = AreaCodes.Check(level, code, parent);
        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_path_is_the_parent_path_followed_by_the_code()
    {
        var district = AreaCodes.PathFor(null, "990101000000");
        var street = AreaCodes.PathFor(district, "990101001000");
        var community = AreaCodes.PathFor(street, "990101001001");
        var grid = AreaCodes.PathFor(community, "990101001001001");
        Assert.Equal("990101000000/990101001000/990101001001/990101001001001/", grid);
        Assert.Equal(["990101000000", "990101001000", "990101001001", "990101001001001"], AreaCodes.CodesOf(grid));
        Assert.StartsWith(community, grid, StringComparison.Ordinal);
    }

    private const string Square = "[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87],[112.55,37.86]]";

    [Fact]
    public void A_polygon_is_kept_as_compact_geometry()
    {
        var result = GeoJsonBoundary.Normalize($$"""{ "type": "Polygon", "coordinates": [ {{Square}} ] }""");
        Assert.True(result.IsValid, result.Error);
        using var doc = JsonDocument.Parse(result.Geometry!);
        Assert.Equal("Polygon", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("coordinates")[0].GetArrayLength());
    }

    [Fact]
    public void A_feature_gives_its_multipolygon_geometry_without_altitude_or_properties()
    {
        const string WithAltitude = "[[112.55,37.86,12],[112.56,37.86,12],[112.56,37.87,12],[112.55,37.87,12],[112.55,37.86,12]]";
        var text = $$$"""{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[{{{WithAltitude}}}],[{{{Square}}}]]}}""";
        var result = GeoJsonBoundary.Normalize(text);
        Assert.True(result.IsValid, result.Error);
        Assert.StartsWith("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[112.55,37.86]", result.Geometry, StringComparison.Ordinal);
        Assert.DoesNotContain("name", result.Geometry, StringComparison.Ordinal);
        Assert.DoesNotContain(",12]", result.Geometry, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],[112.56,37.86],[112.56,37.87],[112.55,37.87]]]}", "未闭合")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],[112.56,37.86],[112.55,37.86]]]}", "至少需要4个坐标点")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[37.86,112.55],[37.86,112.56],[37.87,112.56],[37.86,112.55]]]}", "纬度 112.55 超出范围")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[190,37.86],[112.56,37.86],[112.56,37.87],[190,37.86]]]}", "经度 190 超出范围")]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[112.55,37.86]}", "不支持的几何类型“Point”")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", "FeatureCollection")]
    [InlineData("{\"type\":\"Feature\",\"geometry\":null}", "缺少 geometry")]
    [InlineData("{\"coordinates\":[]}", "缺少 type")]
    [InlineData("{\"type\":\"Polygon\"}", "缺少 coordinates")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[\"112\",37.86],[112.56,37.86],[112.56,37.87],[\"112\",37.86]]]}", "必须是数字")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[112.55,37.86],", "不是有效的 JSON")]
    [InlineData("[1,2]", "必须是一个对象")]
    [InlineData("   ", "请提供边界")]
    public void Bad_geojson_is_refused_with_a_chinese_reason(string text, string reason)
    {
        var result = GeoJsonBoundary.Normalize(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Geometry);
        Assert.Contains(reason, result.Error);
    }
}
