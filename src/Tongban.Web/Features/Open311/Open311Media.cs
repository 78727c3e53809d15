using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// Photos sent with POST requests (multipart/form-data): accepted only when their bytes are JPEG, PNG or WebP, kept in the
/// shared content-hash store (Infrastructure/FileStore) and committed with the appeal, served back as media_url.
/// </summary>
public sealed partial class Open311Media(FileStore store)
{
    public const long MaxPhotoBytes = 10 * 1024 * 1024;
    public const int MaxPhotos = 6;

    /// <summary>Checks every file part and stores the good ones; any bad one fails the whole request before anything is written.</summary>
    public async Task<IReadOnlyList<StoredFile>> StoreAsync(IFormFileCollection files, List<string> errors, CancellationToken ct)
    {
        if (files.Count == 0) return [];
        if (files.Count > MaxPhotos)
        {
            errors.Add($"media：一次最多上传{MaxPhotos}张图片（收到{files.Count}个文件）");
            return [];
        }
        var checkedFiles = new List<(IFormFile File, string ContentType)>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var label = $"media：第{i + 1}个文件“{file.FileName}”";
            if (file.Length == 0) { errors.Add($"{label}是空文件"); continue; }
            if (file.Length > MaxPhotoBytes) { errors.Add($"{label}超过{MaxPhotoBytes / 1024 / 1024}MB"); continue; }
            await using var stream = file.OpenReadStream();
            if (FileTypes.SniffImage(await FileTypes.ReadHeaderAsync(stream, ct)) is { } type) checkedFiles.Add((file, type));
            else errors.Add($"{label}不是 JPEG、PNG 或 WebP 图片");
        }
        if (errors.Count > 0) return [];

        var photos = new List<StoredFile>();
        foreach (var (file, type) in checkedFiles)
        {
            await using var input = file.OpenReadStream();
            photos.Add(await store.SaveAsync(input, type, file.FileName, MaxPhotoBytes, ct));
        }
        return photos;
    }

    public Stream? OpenRead(string sha256) => store.OpenRead(sha256);

    public static string Url(string baseUrl, string sha256) => $"{baseUrl}/open311/v2/media/{sha256}";

    /// <summary>
    /// Each appeal's media_url: the first photo sent with it, served from here, or else the first link the client sent
    /// as media_url (GeoReport v2's own way to attach media), read back from the staff-only details entry.
    /// </summary>
    public static async Task<Dictionary<long, string>> MediaUrlsAsync(AppDbContext db, List<long> appealIds, string baseUrl, CancellationToken ct)
    {
        if (appealIds.Count == 0) return [];
        var photos = await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => appealIds.Contains(a.AppealId) && a.Purpose == "submission")
            .OrderBy(a => a.Id).Select(a => new { a.AppealId, a.Sha256 }).ToListAsync(ct);
        var urls = photos.GroupBy(p => p.AppealId).ToDictionary(g => g.Key, g => Url(baseUrl, g.First().Sha256));
        var linked = appealIds.Where(id => !urls.ContainsKey(id)).ToList();
        if (linked.Count == 0) return urls;
        var details = await db.AppealEvents.AsNoTracking()
            .Where(e => linked.Contains(e.AppealId) && e.Type == PostOpen311Request.DetailsEventType)
            .Select(e => new { e.AppealId, e.Note }).ToListAsync(ct);
        foreach (var d in details)
        {
            var link = d.Note.Split('\n').FirstOrDefault(l => l.StartsWith(PostOpen311Request.MediaLinkLabel, StringComparison.Ordinal));
            if (link is not null) urls.TryAdd(d.AppealId, link[PostOpen311Request.MediaLinkLabel.Length..]);
        }
        return urls;
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    /// <summary>GET media/{sha256}: a photo of a published request; nothing else is served from here.</summary>
    public static async Task<IResult> Get(string sha256, AppDbContext db, Open311Media media, IOptions<Open311Options> options, CancellationToken ct)
    {
        var sha = sha256.ToLowerInvariant();
        var published = GetOpen311Requests.Published(db, options.Value);
        var photo = Sha256Hex().IsMatch(sha)
            ? await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.Sha256 == sha && a.Purpose == "submission" && published.Any(p => p.Id == a.AppealId))
                .Select(a => new { a.ContentType }).FirstOrDefaultAsync(ct)
            : null;
        var stream = photo is null ? null : media.OpenRead(sha);
        if (photo is null || stream is null) throw new Open311Exception(404, "找不到该图片");
        return TypedResults.Stream(stream, photo.ContentType);
    }
}
