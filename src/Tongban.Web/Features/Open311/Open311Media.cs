using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Open311;

/// <summary>A photo that arrived with a multipart POST, checked by its content and stored by its SHA-256.</summary>
public sealed record Open311Photo(string Sha256, string ContentType, long Size, string FileName);

/// <summary>
/// Photos sent with POST requests (multipart/form-data): accepted only when their bytes are JPEG, PNG or WebP,
/// stored once per content hash under Files:Root ({root}/{first two hex digits}/{sha256}), served back as media_url.
/// </summary>
public sealed partial class Open311Media(IConfiguration configuration, IWebHostEnvironment environment)
{
    public const long MaxPhotoBytes = 10 * 1024 * 1024;
    public const int MaxPhotos = 6;

    private string Root
    {
        get
        {
            var root = configuration["Files:Root"];
            if (string.IsNullOrWhiteSpace(root)) root = Path.Combine("data", "files");
            return Path.IsPathRooted(root) ? root : Path.Combine(environment.ContentRootPath, root);
        }
    }

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    /// <summary>The content type the bytes really are, or null when they are not a photo we take.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>Checks every file part and stores the good ones; any bad one fails the whole request before anything is written.</summary>
    public async Task<IReadOnlyList<Open311Photo>> StoreAsync(IFormFileCollection files, List<string> errors, CancellationToken ct)
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
            var head = new byte[12];
            await using (var stream = file.OpenReadStream())
            {
                var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                if (Sniff(head.AsSpan(0, read)) is { } type) checkedFiles.Add((file, type));
                else errors.Add($"{label}不是 JPEG、PNG 或 WebP 图片");
            }
        }
        if (errors.Count > 0) return [];

        var photos = new List<Open311Photo>();
        foreach (var (file, type) in checkedFiles)
        {
            await using var input = file.OpenReadStream();
            var bytes = new byte[file.Length];
            await input.ReadExactlyAsync(bytes, ct);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = PathOf(sha);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Written beside and renamed, so a reader never sees half a file and two writers of one photo agree.
                var temp = $"{path}.{Guid.NewGuid():N}.tmp";
                await File.WriteAllBytesAsync(temp, bytes, ct);
                File.Move(temp, path, overwrite: true);
            }
            photos.Add(new Open311Photo(sha, type, file.Length, CleanName(file.FileName)));
        }
        return photos;
    }

    private static string CleanName(string name)
    {
        var only = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string(only.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "photo" : clean.Length > 200 ? clean[^200..] : clean;
    }

    public static string Url(string baseUrl, string sha256) => $"{baseUrl}/open311/v2/media/{sha256}";

    /// <summary>The first photo sent with each appeal, for media_url.</summary>
    public static async Task<Dictionary<long, string>> FirstPhotosAsync(AppDbContext db, List<long> appealIds, CancellationToken ct)
    {
        if (appealIds.Count == 0) return [];
        var photos = await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => appealIds.Contains(a.AppealId) && a.Purpose == "submission")
            .OrderBy(a => a.Id).Select(a => new { a.AppealId, a.Sha256 }).ToListAsync(ct);
        return photos.GroupBy(p => p.AppealId).ToDictionary(g => g.Key, g => g.First().Sha256);
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
        var path = photo is null ? null : media.PathOf(sha);
        if (photo is null || !File.Exists(path)) throw new Open311Exception(404, "找不到该图片");
        return TypedResults.PhysicalFile(path, photo.ContentType, enableRangeProcessing: false);
    }
}
