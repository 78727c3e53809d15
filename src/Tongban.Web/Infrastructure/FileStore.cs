using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tongban.Web.Infrastructure;

public sealed class FileStoreOptions
{
    /// <summary>Folder holding the files; relative paths are under the content root. Shared storage when several nodes run.</summary>
    public string Root { get; set; } = "data/files";
}

public static class FileStoreSetup
{
    /// <summary>Registers the store with its root from "Files:Root"; any module that keeps files may call it, once or more.</summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(s => s.ServiceType == typeof(FileStore))) return services;
        services.Configure<FileStoreOptions>(configuration.GetSection("Files"));
        services.TryAddSingleton<FileStore>();
        return services;
    }
}

/// <summary>A file kept in the store: its SHA-256 (hex, lower case) names it.</summary>
public sealed record StoredFile(string Sha256, string ContentType, long Size, string FileName);

/// <summary>The file was longer than the caller allows; the partial copy has been discarded.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"文件超过{limit}字节的上限。")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Files (photos, signed agreements) stored once by content hash under a configurable root: the same bytes uploaded
/// twice are one file, a name can never escape the root, and a file is only visible once completely written.
/// </summary>
public sealed partial class FileStore
{
    public FileStore(IOptions<FileStoreOptions> options, IHostEnvironment environment)
    {
        var root = options.Value.Root;
        RootPath = Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(environment.ContentRootPath, root));
    }

    public string RootPath { get; }

    /// <summary>Copies the stream into the store, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public async Task<StoredFile> SaveAsync(Stream content, string contentType, string fileName, long maxBytes, CancellationToken ct = default)
    {
        var temp = Path.Combine(RootPath, "tmp");
        Directory.CreateDirectory(temp);
        var tempFile = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        long size = 0;
        string hash;
        try
        {
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var output = new FileStream(tempFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new FileTooLargeException(maxBytes);
                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await output.FlushAsync(ct);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            var target = PathOf(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                // Another request may store the same bytes at the same moment; either copy is the right one.
                try { File.Move(tempFile, target); }
                catch (IOException) when (File.Exists(target)) { }
            }
        }
        finally
        {
            if (File.Exists(tempFile)) File.Delete(tempFile);
        }
        return new StoredFile(hash, contentType, size, CleanFileName(fileName));
    }

    public bool Exists(string sha256) => IsHash(sha256) && File.Exists(PathOf(sha256));

    /// <summary>Opens a stored file for reading, or null when there is no such file.</summary>
    public Stream? OpenRead(string sha256) =>
        Exists(sha256) ? new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;

    private string PathOf(string sha256)
    {
        if (!IsHash(sha256)) throw new ArgumentException("不是有效的文件哈希", nameof(sha256));
        // {root}/{first two hex digits}/{sha256}: the layout Open311 media also uses, so every module finds every file.
        return Path.Combine(RootPath, sha256[..2], sha256);
    }

    public static bool IsHash(string value) => HashPattern().IsMatch(value);

    /// <summary>The name as the uploader called it, for display only: no folders, no control characters, at most 200 characters.</summary>
    public static string CleanFileName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(bare.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0) clean = "file";
        return clean.Length > 200 ? clean[^200..] : clean;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}

/// <summary>Recognises a file's type from its first bytes, never from its name or the declared type.</summary>
public static class FileTypes
{
    public const int HeaderLength = 12;

    /// <summary>image/jpeg, image/png or image/webp when the bytes start like one; otherwise null.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return "image/jpeg";
        if (header.Length >= 8 && header[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>Reads up to <see cref="HeaderLength"/> bytes from the start of a stream (which is then positioned after them).</summary>
    public static async Task<byte[]> ReadHeaderAsync(Stream stream, CancellationToken ct = default)
    {
        var buffer = new byte[HeaderLength];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += read;
        return buffer[..total];
    }
}
