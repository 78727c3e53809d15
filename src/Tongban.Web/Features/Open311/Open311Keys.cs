using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Demo;

namespace Tongban.Web.Features.Open311;

/// <summary>Settings of the Open311 facade (section "Open311").</summary>
public sealed class Open311Options
{
    /// <summary>Public address of the site (https://example.gov.cn) for links in responses; the request's host when empty.</summary>
    public string? BaseUrl { get; set; }

    public string Contact { get; set; } = "如需帮助，请联系本区民情诉求平台管理员（区综治中心）。";

    public string KeyService { get; set; } = "API 密钥（api_key）由区综治中心平台管理员发放，请来函说明接入单位与用途。";

    /// <summary>
    /// The jurisdiction_id this server answers to, published in discovery. Empty: the host of <see cref="BaseUrl"/>, else
    /// the host the request came to, without "www." (the spec suggests the jurisdiction's website, e.g. sfgov.org).
    /// </summary>
    public string? JurisdictionId { get; set; }

    /// <summary>"production" or "test", as Service Discovery reports it.</summary>
    public string EndpointType { get; set; } = "production";

    /// <summary>
    /// Channels whose appeals GET requests and servicerequestupdates publish; empty means Open311 only: residents
    /// who spoke at a window or by phone did not write for a public feed (PIPL: publish no more than needed).
    /// </summary>
    public AppealChannel[] PublishedChannels { get; set; } = [];

    public AppealChannel[] Published => PublishedChannels.Length == 0 ? [AppealChannel.Open311] : PublishedChannels;
}

/// <summary>API keys of Open311 clients: only the SHA-256 of a key is stored, so a leaked table reveals no key.</summary>
public static class Open311Keys
{
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key (256 bits, URL-safe) to hand to a client once.</summary>
    public static string NewKey() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The active client holding <paramref name="key"/>, or null.</summary>
    public static Task<Open311Client?> FindAsync(AppDbContext db, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return Task.FromResult<Open311Client?>(null);
        var hash = Hash(key.Trim());
        return db.Open311Clients.AsNoTracking().FirstOrDefaultAsync(c => c.KeyHash == hash && c.IsActive, ct);
    }
}

/// <summary>The demo Open311 client, so the sample district can be tried with a FixMyStreet-style client at once.</summary>
public static class Open311Demo
{
    public const string KeyVariable = "TONGBAN_OPEN311_DEMO_KEY";

    /// <summary>Used when TONGBAN_OPEN311_DEMO_KEY is not set, like the demo password; demo data only.</summary>
    public const string DefaultKey = "tongban-open311-demo";

    public const string ClientName = "示例 Open311 客户端";

    /// <summary>The demo key in effect: TONGBAN_OPEN311_DEMO_KEY, or the default.</summary>
    public static string Key => Environment.GetEnvironmentVariable(KeyVariable) is { } key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : DefaultKey;

    /// <summary>Creates (or re-activates) the client whose key is TONGBAN_OPEN311_DEMO_KEY, limited to the demo district.</summary>
    public static async Task EnsureDemoKeyAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hash = Open311Keys.Hash(Key);
        var district = await db.Areas.IgnoreQueryFilters().Where(a => a.Code == DemoDistrict.DistrictCode)
            .Select(a => a.AreaPath).FirstOrDefaultAsync(ct);
        var client = await db.Open311Clients.FirstOrDefaultAsync(c => c.KeyHash == hash, ct);
        if (client is null)
        {
            db.Open311Clients.Add(new Open311Client
            {
                Name = ClientName, KeyHash = hash, AreaPath = district ?? "", IsActive = true, CreatedAt = clock.GetUtcNow(),
            });
        }
        else if (!client.IsActive)
        {
            client.IsActive = true;
        }
        await db.SaveChangesAsync(ct);
    }
}
