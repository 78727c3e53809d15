using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

/// <summary>
/// The keys behind sign-in cookies and antiforgery tokens are stored encrypted with SensitiveData:EncryptionKey: the
/// database holds no key material in the clear, and the app reads its keys back (a session started keeps working).
/// </summary>
public sealed class DataProtectionKeyTests(TongbanFactory app) : IClassFixture<TongbanFactory>
{
    [Fact]
    public async Task Data_protection_keys_are_stored_encrypted_and_still_read_back()
    {
        // Signing in makes the app protect a cookie, so a key exists.
        var client = await app.ApiClientAsync("grid1");
        Assert.Equal("grid1", (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("userName").GetString());
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("测试");
        var token = protector.Protect("一岗通办");

        await using var scope = app.SystemScope(out var db);
        var stored = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(stored);
        foreach (var xml in stored)
        {
            Assert.NotNull(xml);
            Assert.Contains("SensitiveDataXmlDecryptor", xml);
            Assert.Contains("<aesGcm", xml);
            Assert.DoesNotContain("<masterKey", xml); // the plain form of the key's secret
        }

        // A fresh read of the repository decrypts every key (the ring in memory was made before it was stored).
        var keys = app.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.NotEmpty(keys);
        foreach (var key in keys) Assert.NotNull(key.Descriptor);
        Assert.Equal("一岗通办", protector.Unprotect(token));
    }
}
