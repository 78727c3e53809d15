using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Evidence files, kept in the shared content-hash store (Infrastructure/FileStore) like every other upload. What is
/// particular to evidence: the size limit, the accepted kinds (checked by content: JPEG, PNG, WebP or PDF) and the name.
/// </summary>
public sealed class AppealFiles(FileStore store)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The content type the bytes show, or null when they are none of the accepted kinds.</summary>
    public static string? Sniff(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return "image/jpeg";
        if (h.Length >= 8 && h[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (h.Length >= 5 && h[..5].SequenceEqual("%PDF-"u8)) return "application/pdf";
        return null;
    }

    /// <summary>Stores the bytes (once, whoever uploads them) and returns their SHA-256 in lower-case hex.</summary>
    public async Task<string> SaveAsync(byte[] content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content, writable: false);
        return (await store.SaveAsync(stream, "", "", MaxBytes, ct)).Sha256;
    }

    public Stream? OpenRead(string sha256) => store.OpenRead(sha256);

    /// <summary>The uploader's file name for display only: no folders, no control characters, at most 200 characters.</summary>
    public static string CleanName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(bare.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0) clean = "佐证材料";
        return clean.Length > 200 ? clean[^200..] : clean;
    }
}
