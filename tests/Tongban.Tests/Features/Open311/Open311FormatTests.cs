using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Tongban.Web.Features.Open311;

namespace Tongban.Tests.Features.Open311;

/// <summary>Datetimes, the XML/JSON writer and the point-in-polygon helper, without a database.</summary>
[Trait("Db", "none")]
public sealed class Open311FormatTests
{
    [Fact]
    public void Datetimes_are_written_in_Shanghai_time_with_a_colon_in_the_offset()
    {
        Assert.Equal("2026-11-23T09:30:05+08:00", Open311Time.Format(new DateTimeOffset(2026, 11, 23, 1, 30, 5, 400, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2026-11-23T01:30:05Z", "2026-11-23T01:30:05+00:00", 1)]
    [InlineData("2026-11-23T09:30:05+08:00", "2026-11-23T01:30:05+00:00", 1)]
    [InlineData("2026-11-23T09:30:05 08:00", "2026-11-23T01:30:05+00:00", 1)] // "+" that arrived as a space
    [InlineData("2026-11-23T09:30:05+0800", "2026-11-23T01:30:05+00:00", 1)]
    [InlineData("2026-11-23T09:30+08:00", "2026-11-23T01:30:00+00:00", 60)]
    [InlineData("2026-11-23T09:30:05.250-05:00", "2026-11-23T14:30:05.25+00:00", 0)]
    [InlineData("2026-11-23T01:30:05.123456789Z", "2026-11-23T01:30:05.1234567+00:00", 0)] // nanoseconds, as Java and Go write them
    public void W3c_datetimes_are_read_at_every_precision(string text, string utc, int seconds)
    {
        Assert.True(Open311Time.TryParse(text, out var period));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), period.Start);
        if (seconds > 0) Assert.Equal(TimeSpan.FromSeconds(seconds), period.End - period.Start);
    }

    [Fact]
    public void A_date_alone_is_a_whole_day_in_Shanghai()
    {
        Assert.True(Open311Time.TryParse("2026-02-14", out var day));
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 16, 0, 0, TimeSpan.Zero), day.Start);
        Assert.Equal(TimeSpan.FromDays(1), day.End - day.Start);
        Assert.True(Open311Time.TryParse("2026-02", out var month));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), month.End);
    }

    [Theory]
    [InlineData("2026-11-23 09:30:05")]
    [InlineData("2026-11-23T09:30:05")]
    [InlineData("2026-02-30")]
    [InlineData("2026-11-23T25:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_else_is_not_a_W3C_datetime(string text) => Assert.False(Open311Time.TryParse(text, out _));

    [Fact]
    public void Xml_keeps_Chinese_CRLF_and_markup_in_leaf_text_exactly()
    {
        const string text = "楼道里飞线充电，\r\n晚上更多。<b>&amp;</b>\r\n";
        var result = new Open311Result(200, "service_requests", new Open311List("request",
            [new Open311Record { { "service_request_id", "42" }, { "description", text }, { "lat", 37.8405 } }]), Open311Format.Xml);
        var xml = Encoding.UTF8.GetString(result.ToXml());

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        Assert.Contains("<service_request_id>42</service_request_id>", xml, StringComparison.Ordinal);
        Assert.Contains("&#xD;", xml, StringComparison.Ordinal);
        var parsed = XDocument.Parse(xml);
        Assert.Equal(text, parsed.Root!.Element("request")!.Element("description")!.Value);
        Assert.Equal("37.8405", parsed.Root!.Element("request")!.Element("lat")!.Value);
    }

    [Fact]
    public void Json_drops_the_root_and_writes_lists_as_arrays()
    {
        var result = new Open311Result(200, "service_definition", new Open311Record
        {
            { "service_code", "ev" },
            { "requested_datetime", new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero) },
            { "service_name", "电动车充电" },
            { "attributes", new Open311List("attribute", [new Open311Record { { "variable", true }, { "order", 1 }, { "datatype_description", null } }]) },
        }, Open311Format.Json);
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(result.ToJson()), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal("ev", json.RootElement.GetProperty("service_code").GetString());
        Assert.Contains("\"2026-11-23T09:00:00+08:00\"", Encoding.UTF8.GetString(result.ToJson()), StringComparison.Ordinal);
        var attribute = json.RootElement.GetProperty("attributes")[0];
        Assert.True(attribute.GetProperty("variable").GetBoolean());
        Assert.Equal(1, attribute.GetProperty("order").GetInt32());
        Assert.Equal(JsonValueKind.Null, attribute.GetProperty("datatype_description").ValueKind);
    }

    [Fact]
    public void Characters_XML_cannot_carry_are_replaced_rather_than_breaking_the_document()
    {
        var result = new Open311Result(200, "errors", new Open311List("error", [new Open311Record { { "description", "a\u0001b\uD83D\uDE00" } }]), Open311Format.Xml);
        var parsed = XDocument.Parse(Encoding.UTF8.GetString(result.ToXml()));
        Assert.Equal("a\uFFFDb\uD83D\uDE00", parsed.Root!.Element("error")!.Element("description")!.Value);
    }

    [Fact]
    public void A_window_defaults_to_the_last_90_days_and_refuses_more()
    {
        var now = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal((now.AddDays(-90), (DateTimeOffset?)null), Open311Routes.DateWindow(null, "", now));
        var (from, to) = Open311Routes.DateWindow("2026-11-01T00:00:00+08:00", null, now);
        Assert.Equal(TimeSpan.FromDays(90), to - from);
        Assert.Equal(400, Assert.Throws<Open311Exception>(() => Open311Routes.DateWindow("2026-01-01", "2026-06-01", now)).Status);
        Assert.Equal(400, Assert.Throws<Open311Exception>(() => Open311Routes.DateWindow("2026-06-01", "2026-05-01", now)).Status);
        Assert.Equal(400, Assert.Throws<Open311Exception>(() => Open311Routes.DateWindow("soon", null, now)).Status);
    }

    private const string Square = """{"type":"Polygon","coordinates":[[[112.52,37.84],[112.53,37.84],[112.53,37.85],[112.52,37.85],[112.52,37.84]],[[112.524,37.844],[112.526,37.844],[112.526,37.846],[112.524,37.846],[112.524,37.844]]]}""";

    [Theory]
    [InlineData(112.521, 37.841, true)]
    [InlineData(112.525, 37.845, false)] // in the hole
    [InlineData(112.535, 37.845, false)]
    [InlineData(112.521, 37.86, false)]
    public void A_point_is_inside_a_polygon_when_inside_its_outer_ring_and_no_hole(double lon, double lat, bool inside) =>
        Assert.Equal(inside, GridLocator.Contains(Square, lon, lat));

    [Fact]
    public void MultiPolygons_features_and_broken_boundaries_are_handled()
    {
        const string multi = """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}""";
        Assert.True(GridLocator.Contains(multi, 5.5, 5.5));
        Assert.False(GridLocator.Contains(multi, 3, 3));
        Assert.True(GridLocator.Contains("{\"type\":\"Feature\",\"geometry\":" + Square + "}", 112.521, 37.841));
        Assert.False(GridLocator.Contains("{\"type\":\"Polygon\",\"coordinates\":[[[1]]]}", 0, 0));
        Assert.False(GridLocator.Contains("not json", 0, 0));
    }

    [Fact]
    public void Every_service_attribute_code_and_key_is_ascii()
    {
        foreach (var code in new[] { "ev", "noise", "leak", "utilities", "utilities.gas", "road", "hazard", "other" })
        {
            foreach (var attribute in Open311Attributes.For(code))
            {
                Assert.Matches("^[a-z0-9_]+$", attribute.Code);
                Assert.All(attribute.Options, o => Assert.Matches("^[a-z0-9_]+$", o.Key));
            }
        }
    }
}
