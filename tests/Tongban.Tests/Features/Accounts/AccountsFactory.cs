using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

/// <summary>
/// A small area tree with places, residents and one user per role, built through the DbContext so these tests do not
/// depend on the demo generator. Seeded once per factory (one database per test class).
/// </summary>
public class AccountsFactory : EmptyTongbanFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccountsData? _data;

    public async Task<AccountsData> SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _data ??= await AccountsData.CreateAsync(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A cookie client that has posted the password; for an account with a second factor it stops at the code step.</summary>
    public async Task<(HttpClient Client, HttpResponseMessage Response)> PasswordStepAsync(string userName, string password = DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/Accounts/Login"));
        var response = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        return (client, response);
    }

    public async Task<HttpResponseMessage> ApiLoginAsync(string userName, string password = DemoPassword, string? twoFactorCode = null) =>
        await CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { userName, password, twoFactorCode });
}

/// <summary>The factory with "admin and centre accounts must use a second factor" switched on.</summary>
public sealed class PrivilegedTwoFactorFactory : AccountsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Security:RequireTwoFactorForPrivilegedRoles", "true")];
}

public sealed record AccountsData(
    Area District, Area Street1, Area Street2, Area Community1, Area Community2, Area Community3,
    Area Grid1, Area Grid2, Area Grid3, IReadOnlyDictionary<string, string> UserIds)
{
    public const string Grid1Name = "青石社区第一网格";

    /// <summary>user name → (role, area code).</summary>
    public static readonly (string User, string Role, string Area)[] Users =
    [
        ("admin", Roles.Admin, "990101000000"),
        ("admin2", Roles.Admin, "990101001001"),
        ("window1", Roles.WindowStaff, "990101001001"),
        ("secretary1", Roles.CommunityAdmin, "990101001001"),
        ("grid1", Roles.GridWorker, "990101001001001"),
        ("mediator1", Roles.Mediator, "990101001001"),
        ("street1", Roles.Centre, "990101001000"),
        ("dept1", Roles.DepartmentLiaison, "990101000000"),
        ("volunteer1", Roles.Volunteer, "990101001001"),
        ("locked1", Roles.WindowStaff, "990101001002"),
        ("twofactor1", Roles.WindowStaff, "990101001001"),
        ("twofactor2", Roles.GridWorker, "990101001001002"),
    ];

    public static async Task<AccountsData> CreateAsync(TongbanFactory factory)
    {
        await using var scope = factory.SystemScope(out var db);
        var now = DateTimeOffset.UtcNow;
        Area Node(string code, string name, AreaLevel level, Area? parent) => new()
        {
            Code = code, Name = name, Level = level, Parent = parent, IsSample = true,
            AreaPath = (parent?.AreaPath ?? "") + code + "/",
        };
        var district = Node("990101000000", "测试区", AreaLevel.District, null);
        var street1 = Node("990101001000", "东城街道", AreaLevel.Street, district);
        var street2 = Node("990101002000", "西城街道", AreaLevel.Street, district);
        var c1 = Node("990101001001", "青石社区", AreaLevel.Community, street1);
        var c2 = Node("990101001002", "柳岸社区", AreaLevel.Community, street1);
        var c3 = Node("990101002001", "北门社区", AreaLevel.Community, street2);
        var g1 = Node("990101001001001", Grid1Name, AreaLevel.Grid, c1);
        var g2 = Node("990101001001002", "青石社区第二网格", AreaLevel.Grid, c1);
        var g3 = Node("990101002001001", "北门社区第一网格", AreaLevel.Grid, c3);
        db.Areas.AddRange(district, street1, street2, c1, c2, c3, g1, g2, g3);

        // Built-in tags exist from start-up (a startup seeder writes them).
        var elderly = db.Tags.Single(t => t.Code == "elderly_alone");
        var disabled = db.Tags.Single(t => t.Code == "disabled");

        var qingshi = new Compound { Name = "青石小区", Address = "青石路1号", Community = c1, AreaPath = c1.AreaPath, IsSample = true };
        var beimen = new Compound { Name = "北门小区", Address = "北门街9号", Community = c3, AreaPath = c3.AreaPath, IsSample = true };
        db.Compounds.AddRange(qingshi, beimen);

        var serial = 0;
        void Building(Compound compound, string name, Area grid, params (string Name, Tag[] Tags)[] residents)
        {
            var building = new Building { Name = name, Compound = compound, Grid = grid, AreaPath = grid.AreaPath, Floors = 6 };
            var unit = new BuildingUnit { Building = building, Name = "1单元", AreaPath = grid.AreaPath };
            var dwelling = new Dwelling { Building = building, BuildingUnit = unit, Number = "101", Floor = 1, ExclusiveArea = 88.5m, AreaPath = grid.AreaPath };
            var household = new Household { Dwelling = dwelling, AreaPath = grid.AreaPath };
            db.AddRange(building, unit, dwelling, household);
            foreach (var (residentName, tags) in residents)
            {
                serial++;
                db.Residents.Add(new Resident
                {
                    Name = residentName, Gender = serial % 2 == 0 ? "女" : "男", BirthYear = 1940 + serial, Household = household, Dwelling = dwelling,
                    AreaPath = grid.AreaPath, NameInitials = "", SearchText = residentName, CreatedAt = now, UpdatedAt = now,
                    Tags = [.. tags.Select(t => new ResidentTag { Tag = t })],
                });
            }
        }
        Building(qingshi, "1号楼", g1, ("王秀英", [elderly]), ("李建国", [elderly, disabled]));
        Building(qingshi, "2号楼", g1, ("张伟", []));
        Building(qingshi, "3号楼", g2, ("刘芳", [elderly]), ("陈静", []));
        Building(beimen, "9号楼", g3, ("赵磊", [elderly]), ("孙丽", [disabled]), ("周强", []), ("吴敏", []));
        await db.SaveChangesAsync();

        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roleManager.RoleExistsAsync(role)) Ok(await roleManager.CreateAsync(new IdentityRole(role)));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var areas = new[] { district, street1, street2, c1, c2, c3, g1, g2, g3 }.ToDictionary(a => a.Code);
        var ids = new Dictionary<string, string>();
        foreach (var (name, role, code) in Users)
        {
            var area = areas[code];
            var user = new StaffUser { UserName = name, DisplayName = name + "（测试）", AreaId = area.Id, AreaPath = area.AreaPath, CreatedAt = now, LockoutEnabled = true };
            Ok(await users.CreateAsync(user, TongbanFactory.DemoPassword));
            Ok(await users.AddToRoleAsync(user, role));
            ids[name] = user.Id;
        }
        return new AccountsData(district, street1, street2, c1, c2, c3, g1, g2, g3, ids);
    }

    private static void Ok(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>RFC 6238 time-based codes computed independently of Identity: HMAC-SHA1, 30-second steps, 6 digits, Base32 key.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--, counter >>= 8) message[i] = (byte)(counter & 0xff);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new FormatException($"不是 Base32 字符：{c}");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xff));
            }
        }
        return [.. bytes];
    }

    /// <summary>The key shown on the set-up page, in the groups it is shown in.</summary>
    public static string KeyFromPage(string html)
    {
        var match = Regex.Match(html, "class=\"secret-key\">([a-z2-7 ]+)</code>");
        if (!match.Success) throw new InvalidOperationException("页面上没有验证器密钥");
        return match.Groups[1].Value;
    }
}

public static class PageForms
{
    /// <summary>Loads a page for its antiforgery token, then posts the form fields to it (or to <paramref name="action"/>).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        var all = fields.Append(new("__RequestVerificationToken", Forms.AntiforgeryToken(html)));
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(all));
    }

    /// <summary>Turns on the second factor for a signed-in cookie client and returns the key and recovery codes.</summary>
    public static async Task<(string Key, string[] RecoveryCodes)> EnableTwoFactorAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/Accounts/TwoFactor");
        var key = Totp.KeyFromPage(html);
        var response = await client.PostAsync("/Accounts/TwoFactor?handler=Enable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = Totp.Code(key), ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("两步验证已开启", StringComparison.Ordinal))
            throw new InvalidOperationException("开启两步验证失败：" + (int)response.StatusCode);
        var codes = Regex.Matches(body, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToArray();
        return (key, codes);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
