using System.Security.Cryptography;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Evidence files stored by content hash under Files:Root (default data/files), in the same layout as the shared
/// file store of the public side (root/ab/cd/abcd…), so either can read what the other wrote. Type is checked by
/// content: JPEG, PNG, WebP or PDF.
/// </summary>
public sealed class AppealFiles
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public AppealFiles(IConfiguration configuration, IHostEnvironment environment)
    {
        var root = configuration["Files:Root"] is { Length: > 0 } r ? r : "data/files";
        RootPath = Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(environment.ContentRootPath, root));
    }

    public string RootPath { get; }

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
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var target = PathOf(hash);
        if (File.Exists(target)) return hash;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, ct);
        try
        {
            File.Move(temp, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes arrived twice at once; either copy is the right one.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return hash;
    }

    public Stream? OpenRead(string sha256)
    {
        var path = PathOf(sha256);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) throw new ArgumentException("不是有效的文件哈希", nameof(sha256));
        return Path.Combine(RootPath, sha256[..2], sha256[2..4], sha256);
    }

    /// <summary>The uploader's file name for display only: no folders, no control characters, at most 200 characters.</summary>
    public static string CleanName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(bare.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0) clean = "佐证材料";
        return clean.Length > 200 ? clean[^200..] : clean;
    }
}
