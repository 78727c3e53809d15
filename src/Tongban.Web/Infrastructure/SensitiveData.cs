using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tongban.Web.Infrastructure;

public sealed class SensitiveDataOptions
{
    /// <summary>Base64 of 32 bytes: the AES-256-GCM key for fields encrypted at rest.</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>Base64 of 32 bytes: the HMAC-SHA256 key for exact-match lookup hashes.</summary>
    public string LookupKey { get; set; } = "";
}

/// <summary>
/// Encrypts sensitive fields (ID numbers, phones, health and disability data) with AES-GCM and makes keyed
/// hashes so that an exact value can be found without decrypting every row.
/// </summary>
public sealed class SensitiveDataProtector
{
    private const byte Version = 1;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    // Creating an AesGcm per call dominated bulk work (imports, seeding); one per thread, since it is not thread-safe.
    private readonly ThreadLocal<AesGcm> _aes;

    public SensitiveDataProtector(IOptions<SensitiveDataOptions> options)
    {
        _encryptionKey = ReadKey(options.Value.EncryptionKey, "SensitiveData:EncryptionKey");
        _lookupKey = ReadKey(options.Value.LookupKey, "SensitiveData:LookupKey");
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_encryptionKey, 16));
    }

    private static byte[] ReadKey(string base64, string name)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == 32) return key;
        }
        catch (FormatException) { }
        throw new InvalidOperationException($"配置项 {name} 必须是32字节密钥的Base64编码。");
    }

    public string? Encrypt(string? plain)
    {
        if (string.IsNullOrEmpty(plain)) return null;
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[1 + 12 + 16 + data.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, data, output.AsSpan(29), output.AsSpan(13, 16));
        return Convert.ToBase64String(output);
    }

    public string? Decrypt(string? cipher)
    {
        if (string.IsNullOrEmpty(cipher)) return null;
        var input = Convert.FromBase64String(cipher);
        if (input.Length < 29 || input[0] != Version) throw new CryptographicException("无法识别的密文格式");
        var plain = new byte[input.Length - 29];
        _aes.Value!.Decrypt(input.AsSpan(1, 12), input.AsSpan(29), input.AsSpan(13, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Keyed hash for exact lookup; the same value always gives the same hash.</summary>
    public string? LookupHash(string? plain)
    {
        if (string.IsNullOrEmpty(plain)) return null;
        return Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(plain)));
    }
}
