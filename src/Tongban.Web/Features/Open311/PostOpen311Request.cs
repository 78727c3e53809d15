using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// POST requests: an Open311 client files an appeal for a resident. Needs an api_key; takes
/// application/x-www-form-urlencoded or multipart/form-data (with photos); places the appeal by address_id (a building
/// id) or by lat/long inside a grid boundary; answers with the new service_request_id, never a redirect.
/// </summary>
public static partial class PostOpen311Request
{
    /// <summary>Timeline entry with what Open311 sent beyond the appeal's own fields; also marks the details as written.</summary>
    public const string DetailsEventType = "open311-details";

    public const string ActorUnit = "Open311接口";

    /// <summary>How a media_url the client sent is written in the details entry; GET requests reads it back from there.</summary>
    public const string MediaLinkLabel = "图片链接：";

    public static async Task<IResult> Handle(string? format, HttpRequest request, AppDbContext db, SubmitAppeal submit, Open311Media media,
        TimeProvider clock, IOptions<Open311Options> options, CancellationToken ct)
    {
        var f = Open311Routes.Format(format);
        var p = await Open311Parameters.ReadAsync(request, Open311Media.MaxPhotos * Open311Media.MaxPhotoBytes + (1 << 20), ct);

        var controls = Open311Arguments.ControlCharacterErrors(p.Read()).ToList();
        if (controls.Count > 0) throw new Open311Exception(400, [.. controls]);
        Open311Arguments.EnsureJurisdiction(p.Single(Open311Arguments.JurisdictionParameter), request, options.Value);

        var apiKey = p.Single("api_key");
        var client = await Open311Keys.FindAsync(db, apiKey, ct) ?? throw new Open311Exception(403, string.IsNullOrWhiteSpace(apiKey)
            ? "缺少 api_key：提交诉求需要平台发放的 API 密钥"
            : "api_key 无效或已停用，无法提交诉求");
        var category = await GetOpen311Services.ServiceAsync(db, p.Single("service_code"), ct);

        var errors = new List<string>();
        var answers = Open311Attributes.Read(category.Code, p.Attributes(), errors);
        var place = await LocateAsync(db, p, client, errors, ct);
        var mediaUrls = p.All("media_url").Where(u => u.Trim().Length > 0).Select(u => u.Trim()).ToList();
        foreach (var url in mediaUrls.Where(u => !IsWebUrl(u)))
            errors.Add($"media_url：“{(url.Length > 80 ? url[..80] + "…" : url)}”不是 http 或 https 链接");
        var name = ReporterName(p.Single("first_name"), p.Single("last_name"));
        // Any number staff can call back: a mobile (FixMyStreet sends +8613812345678), a landline, a number abroad;
        // SubmitAppeal reads it (ContactPhone) and refuses what is none of these, naming phone.
        var phone = p.Single("phone")?.Trim();
        var description = p.Single("description")?.Trim() ?? "";
        if (errors.Count > 0) throw new Open311Exception(400, [.. errors]);

        if (description.Length < SubmitAppeal.MinDescriptionLength)
        {
            // description is optional in GeoReport v2, so a missing or short one ("路灯不亮") is filed under the service's
            // name; the appeal still needs words staff can act on.
            var details = string.Join("；", answers.Where(a => a.Attribute.Code != Open311Attributes.Kind.Code).Select(a => $"{Label(a.Attribute)}：{a.Text}"));
            description = description.Length > 0 ? $"{category.Name}：{description}"
                : details.Length > 0 ? $"{category.Name}：{details}" : $"{category.Name}（提交方未附文字说明）";
            if (description.Length < SubmitAppeal.MinDescriptionLength) description += "（提交方仅附简短说明）";
        }

        var now = clock.GetUtcNow();
        var actor = new Actor($"open311:{client.Id.ToString(CultureInfo.InvariantCulture)}", client.Name, ActorUnit);
        var appeal = new SubmitAppealRequest(
            Kind: Open311Attributes.KindOf(answers, category),
            CategoryId: category.Id,
            Description: description,
            Channel: AppealChannel.Open311,
            BuildingId: place.BuildingId,
            AreaId: place.AreaId,
            Address: place.Address,
            Latitude: place.Latitude,
            Longitude: place.Longitude,
            ReporterName: name,
            ReporterPhone: string.IsNullOrEmpty(phone) ? null : phone,
            IsAnonymous: name is null && string.IsNullOrEmpty(phone));
        // Photos are stored only for a submission that will be filed: refused, they would stay on disk with no appeal.
        if (p.Files.Count > 0) await submit.CheckAsync(appeal, publicIntake: true, ct);
        var photos = await media.StoreAsync(p.Files, errors, ct);
        if (errors.Count > 0) throw new Open311Exception(400, [.. errors]);
        var result = await submit.HandleAsync(appeal with
        {
            IdempotencyKey = IdempotencyKey(client.Id, now, category.Code, p, photos),
            // Photos, attribute answers and links commit with the appeal, in its one transaction, or not at all.
            Attachments = photos.DistinctBy(x => x.Sha256).ToList(),
            Details = new IntakeDetails(DetailsEventType, DetailsNote(client, answers, photos.Count, mediaUrls, p.Single("account_id"))),
        }, actor, publicIntake: true, ct);

        var notice = $"已登记，受理编号 {result.Number}，查询码 {result.TrackingCode}（凭查询码可在平台“进度查询”页查看办理进度），"
            + $"将于{result.FeedbackDueAt.ShowDeadline()}前答复办理结果。";
        return new Open311Result(200, "service_requests", new Open311List("request",
        [
            new Open311Record
            {
                { "service_request_id", result.Id.ToString(CultureInfo.InvariantCulture) },
                { "service_notice", notice },
            },
        ]), f);
    }

    private sealed record Place(int? BuildingId, int? AreaId, string? Address, double? Latitude, double? Longitude);

    private static async Task<Place> LocateAsync(AppDbContext db, Open311Parameters p, Open311Client client, List<string> errors, CancellationToken ct)
    {
        double? Coordinate(string key, double limit)
        {
            var text = p.Single(key)?.Trim();
            if (string.IsNullOrEmpty(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= limit && double.IsFinite(value))
                return value;
            errors.Add($"{key}：“{text}”不是有效的 WGS84 {(key == "lat" ? "纬度" : "经度")}");
            return null;
        }
        var errorsBefore = errors.Count;
        var lat = Coordinate("lat", 90);
        var lon = Coordinate("long", 180);
        var addressString = p.Single("address_string")?.Trim();
        if (string.IsNullOrEmpty(addressString)) addressString = null;
        if (addressString is { Length: > 150 }) errors.Add($"address_string：地址不能超过150字（当前{addressString.Length}字）");
        var addressId = p.Single("address_id")?.Trim();
        if (errors.Count > errorsBefore) return new Place(null, null, null, null, null);
        if ((lat is null) != (lon is null))
        {
            errors.Add("lat/long：经纬度需同时提供");
            return new Place(null, null, null, null, null);
        }

        if (!string.IsNullOrEmpty(addressId))
        {
            var building = int.TryParse(addressId, NumberStyles.None, CultureInfo.InvariantCulture, out var buildingId)
                ? await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == buildingId).Select(b => new { b.Id, b.AreaPath }).FirstOrDefaultAsync(ct)
                : null;
            if (building is null) errors.Add($"address_id：找不到编号为“{addressId}”的楼栋");
            else if (!building.AreaPath.StartsWith(client.AreaPath, StringComparison.Ordinal)) errors.Add("address_id：该楼栋不在此 api_key 的服务范围内");
            else return new Place(building.Id, null, addressString, lat, lon);
            return new Place(null, null, null, null, null);
        }
        if (lat is { } y && lon is { } x)
        {
            var grid = await GridLocator.FindAsync(db, y, x, ct);
            if (grid is null) errors.Add($"lat/long：位置（{y.ToString(CultureInfo.InvariantCulture)}，{x.ToString(CultureInfo.InvariantCulture)}）不在本平台服务的网格范围内");
            else if (!grid.AreaPath.StartsWith(client.AreaPath, StringComparison.Ordinal)) errors.Add("lat/long：该位置不在此 api_key 的服务范围内");
            else return new Place(null, grid.Id, addressString ?? string.Create(CultureInfo.InvariantCulture, $"{grid.Name}（{y:0.######}，{x:0.######}）附近"), y, x);
            return new Place(null, null, null, null, null);
        }
        errors.Add(addressString is null
            ? "缺少位置：请提供 lat 与 long，或 address_id（楼栋编号）"
            : "仅凭 address_string 无法确定所属网格：请同时提供 lat 与 long，或 address_id（楼栋编号）");
        return new Place(null, null, null, null, null);
    }

    /// <summary>Chinese names put the family name first; "John" + "Smith" stays in its own order.</summary>
    private static string? ReporterName(string? first, string? last)
    {
        first = first?.Trim();
        last = last?.Trim();
        if (string.IsNullOrEmpty(first) && string.IsNullOrEmpty(last)) return null;
        if (string.IsNullOrEmpty(first)) return last;
        if (string.IsNullOrEmpty(last)) return first;
        return Ascii().IsMatch(first + last) ? $"{first} {last}" : last + first;
    }

    [GeneratedRegex("^[\\x20-\\x7E]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Ascii();

    private static bool IsWebUrl(string url) =>
        url.Length <= 1000 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Label(Open311Attribute a)
    {
        var cut = a.Description.IndexOfAny(['：', '（']);
        return cut > 0 ? a.Description[..cut] : a.Description;
    }

    /// <summary>
    /// Clients retry a POST they did not see answered (FixMyStreet does on its next run). The same content from the
    /// same client on the same day is that retry, so it returns the first appeal instead of filing it twice.
    /// </summary>
    private static string IdempotencyKey(int clientId, DateTimeOffset now, string serviceCode, Open311Parameters p, IReadOnlyList<StoredFile> photos)
    {
        var sb = new StringBuilder();
        sb.Append(now.ToShanghai().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n').Append(serviceCode).Append('\n');
        foreach (var key in new[] { "lat", "long", "address_string", "address_id", "description", "first_name", "last_name", "phone", "email", "account_id", "device_id" })
            sb.Append(key).Append('=').Append(p.Single(key)?.Trim()).Append('\n');
        foreach (var (code, values) in p.Attributes().OrderBy(a => a.Key, StringComparer.Ordinal))
            sb.Append("attribute[").Append(code).Append("]=").AppendJoin(',', values.Order(StringComparer.Ordinal)).Append('\n');
        sb.AppendJoin(',', p.All("media_url")).Append('\n').AppendJoin(',', photos.Select(x => x.Sha256));
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"open311:{clientId.ToString(CultureInfo.InvariantCulture)}:{hash}";
    }

    /// <summary>What the client sent besides the text, for staff: who sent it, the attribute answers, photos and links.</summary>
    private static string DetailsNote(Open311Client client, IReadOnlyList<Open311Answer> answers, int photoCount, List<string> mediaUrls, string? accountId)
    {
        var note = new StringBuilder($"Open311 提交方：{client.Name}");
        foreach (var answer in answers) note.Append('\n').Append(Label(answer.Attribute)).Append('：').Append(answer.Text);
        if (photoCount > 0) note.Append('\n').Append($"随附图片{photoCount}张");
        foreach (var url in mediaUrls) note.Append('\n').Append(MediaLinkLabel).Append(url);
        if (!string.IsNullOrWhiteSpace(accountId)) note.Append("\n提交方用户编号：").Append(accountId.Trim());
        return note.ToString();
    }
}

/// <summary>
/// The parameters of a POST: the form (urlencoded or multipart) over the query string. Parameters the facade does not
/// know are simply never read.
/// </summary>
public sealed partial class Open311Parameters
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public IFormFileCollection Files { get; private set; } = new FormFileCollection();

    public static async Task<Open311Parameters> ReadAsync(HttpRequest request, long maxBody, CancellationToken ct)
    {
        var result = new Open311Parameters();
        foreach (var (key, values) in request.Query) result.Set(key, values);
        if (request.HasFormContentType)
        {
            // The form reader reads every urlencoded body as UTF-8 (an unknown charset too), which would file GBK text garbled.
            var contentType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType);
            if (contentType.Charset.HasValue && contentType.Encoding is null)
                throw new Open311Exception(400, $"不支持字符集“{contentType.Charset.Value}”，请以 UTF-8（或 GBK、GB18030）编码提交");
            // A urlencoded body is read here in its charset; ASP.NET's form reader also refuses a %00 outright, which
            // would leave the client a bare "cannot read" instead of the field that holds it (see Open311Arguments).
            if (contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                var encoding = contentType.Encoding is { CodePage: not 20127 } declared ? declared : Encoding.UTF8;
                foreach (var (key, values) in await ReadUrlEncodedAsync(request, encoding, ct)) result._values[key] = values;
                return result;
            }
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, values) in form) result.Set(key, values);
            result.Files = form.Files;
        }
        else if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            throw new Open311Exception(400, "请以 application/x-www-form-urlencoded 或 multipart/form-data 格式提交");
        }
        return result;
    }

    /// <summary>The largest urlencoded body: the fields' limits together, with room to spare.</summary>
    private const int MaxUrlEncodedBytes = 1 << 20;

    /// <summary>An application/x-www-form-urlencoded body: %XX bytes decoded in its charset (UTF-8, or GBK, GB18030 as declared).</summary>
    private static async Task<Dictionary<string, List<string>>> ReadUrlEncodedAsync(HttpRequest request, Encoding encoding, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxUrlEncodedBytes) throw new Open311Exception(400, "提交内容超过1MB，请检查后重试");
            buffer.Write(chunk, 0, read);
        }
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in Split(buffer.ToArray(), (byte)'&'))
        {
            if (pair.Length == 0) continue;
            var at = Array.IndexOf(pair, (byte)'=');
            var key = System.Web.HttpUtility.UrlDecode(at < 0 ? pair : pair[..at], encoding);
            var value = at < 0 ? "" : System.Web.HttpUtility.UrlDecode(pair[(at + 1)..], encoding);
            if (!values.TryGetValue(key, out var list)) values[key] = list = [];
            list.Add(value);
        }
        return values;
    }

    private static IEnumerable<byte[]> Split(byte[] bytes, byte separator)
    {
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != separator) continue;
            yield return bytes[start..i];
            start = i + 1;
        }
    }

    private void Set(string key, Microsoft.Extensions.Primitives.StringValues values) =>
        _values[key] = values.Select(v => v ?? "").ToList();

    public string? Single(string key) => _values.TryGetValue(key, out var v) ? v.FirstOrDefault(x => x.Length > 0) ?? v.FirstOrDefault() : null;

    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var v) ? v : [];

    /// <summary>The parameters POST requests reads.</summary>
    private static readonly string[] Known =
    [
        "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
        "account_id", "first_name", "last_name", "phone", "description", "media_url",
    ];

    /// <summary>What POST requests reads, as sent: the known parameters and every attribute[…]; others are never read.</summary>
    public IEnumerable<(string Key, IEnumerable<string> Values)> Read() =>
        _values.Where(p => Known.Contains(p.Key) || AttributeKey().IsMatch(p.Key)).Select(p => (p.Key, (IEnumerable<string>)p.Value));

    [GeneratedRegex(@"^attribute\[([^\[\]]+)\](\[[0-9]*\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeKey();

    /// <summary>
    /// attribute[CODE], attribute[CODE][] (either may repeat) and attribute[CODE][0], attribute[CODE][1]… (how PHP-style
    /// clients write a list), gathered per code.
    /// </summary>
    public IReadOnlyDictionary<string, List<string>> Attributes()
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in _values)
        {
            var m = AttributeKey().Match(key);
            if (!m.Success) continue;
            var code = m.Groups[1].Value;
            if (!result.TryGetValue(code, out var list)) result[code] = list = [];
            list.AddRange(values);
        }
        return result;
    }
}
