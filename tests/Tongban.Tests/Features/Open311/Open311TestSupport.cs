using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Open311;
using Tongban.Web.Features.Places;

namespace Tongban.Tests.Features.Open311;

/// <summary>
/// Reads XML the way FixMyStreet's client does (perllib/Open311.pm: XML::Simple with ForceArray on service,
/// attribute, value, request, error and request_update, GroupTags folding attributes/values, SuppressEmpty => undef,
/// no KeepRoot): leaf text is taken exactly as sent, an empty element is null, the root element disappears.
/// </summary>
public static class FmsXml
{
    private static readonly HashSet<string> ForceArray = ["service", "attribute", "value", "request", "error", "request_update"];
    private static readonly Dictionary<string, string> GroupTags = new()
    {
        ["services"] = "service", ["attributes"] = "attribute", ["values"] = "value", ["service_requests"] = "request",
        ["errors"] = "error", ["service_request_updates"] = "request_update",
    };

    public static Dictionary<string, object?> Parse(string xml)
    {
        var document = XDocument.Parse(xml); // whitespace between elements is dropped, text inside leaves is kept
        return Element(document.Root!) as Dictionary<string, object?> ?? [];
    }

    private static object? Element(XElement element)
    {
        if (!element.HasElements) return element.Value.Length == 0 ? null : element.Value;
        var result = new Dictionary<string, object?>();
        foreach (var child in element.Elements())
        {
            var name = child.Name.LocalName;
            var value = Element(child);
            if (GroupTags.TryGetValue(name, out var inner) && value is Dictionary<string, object?> grouped && grouped.Count == 1 && grouped.ContainsKey(inner))
                value = grouped[inner];
            if (ForceArray.Contains(name))
            {
                if (!result.TryGetValue(name, out var list) || list is not List<object?>) result[name] = list = new List<object?>();
                ((List<object?>)list!).Add(value);
            }
            else result[name] = value;
        }
        return result;
    }

    public static List<object?> List(this Dictionary<string, object?> obj, string name) =>
        obj.TryGetValue(name, out var v) && v is List<object?> list ? list : [];

    public static Dictionary<string, object?> Item(this Dictionary<string, object?> obj, string name, int index) =>
        (Dictionary<string, object?>)obj.List(name)[index]!;

    public static string? Text(this Dictionary<string, object?> obj, string name) => obj.TryGetValue(name, out var v) ? v as string : null;
}

/// <summary>
/// The demo district with photos stored under a temporary folder rather than the source tree, serving the
/// jurisdiction <see cref="Jurisdiction"/> (the one FixMyStreet-style clients in these tests name).
/// </summary>
public class Open311Factory : TongbanFactory
{
    public const string Jurisdiction = "qingyuan.example";

    private readonly string _files = Path.Combine(Path.GetTempPath(), "tongban-tests", "files-" + Guid.NewGuid().ToString("N")[..12]);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Files:Root", _files), new("Open311:JurisdictionId", Jurisdiction)];
}

/// <summary>The same app on a real Kestrel port on loopback, for what only a real server does (its request line limit).</summary>
public sealed class Open311KestrelFactory : Open311Factory
{
    public Uri BaseUrl { get; private set; } = null!;

    protected override Uri ClientBaseAddress => BaseUrl;

    protected override void StartHost()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
        BaseUrl = new Uri(addresses.Addresses.First().TrimEnd('/') + "/");
    }
}

/// <summary>Shared set-up for the Open311 API tests: the demo key, a point inside a demo grid, a building id.</summary>
public static class Open311Fixture
{
    // Inside the first grid of the demo district's south-west corner (DemoDistrict: 112.52–112.60 E, 37.84–37.90 N).
    public const string Lat = "37.8405";
    public const string Long = "112.5205";

    public static async Task<string> DemoKeyAsync(TongbanFactory factory)
    {
        await using var scope = factory.SystemScope(out var db);
        await Open311Demo.EnsureDemoKeyAsync(db, TimeProvider.System, CancellationToken.None);
        return Open311Demo.Key;
    }

    public static async Task<int> BuildingIdAsync(TongbanFactory factory)
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Buildings.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
    }

    public static async Task<string> GridAreaPathAtAsync(TongbanFactory factory, double lat, double lon)
    {
        await using var scope = factory.SystemScope(out var db);
        var grids = await db.Areas.Where(a => a.Level == AreaLevel.Grid).ToListAsync();
        return grids.Single(g => GridLocator.Contains(g.BoundaryGeoJson!, lon, lat)).AreaPath;
    }

    public static HttpClient Client(TongbanFactory factory) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static async Task<(int Status, Dictionary<string, object?> Xml, string Raw)> XmlAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return ((int)response.StatusCode, FmsXml.Parse(raw), raw);
    }

    public static async Task<(int Status, JsonElement Json)> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>The smallest JPEG header our content check accepts, followed by filler bytes.</summary>
    public static byte[] Jpeg(byte fill) => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, .. Enumerable.Repeat(fill, 64), 0xFF, 0xD9];

    public static ByteArrayContent Photo(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>W3C datetime pattern with the offset colon the issue insists on.</summary>
    public const string W3cPattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$";
}
