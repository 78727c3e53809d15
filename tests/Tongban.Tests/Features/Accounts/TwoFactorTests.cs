using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Accounts;

namespace Tongban.Tests.Features.Accounts;

public sealed class TwoFactorTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    [Fact]
    public async Task The_set_up_page_shows_a_grouped_key_and_a_png_qr_code()
    {
        await factory.SeedAsync();
        var client = await factory.PageClientAsync("mediator1");
        var html = await client.GetStringAsync("/Accounts/TwoFactor");
        var key = Totp.KeyFromPage(html);
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", key);
        Assert.Equal(20, Totp.Base32Decode(key).Length); // Identity's 160-bit key
        var png = Regex.Match(html, "src=\"data:image/png;base64,([^\"]+)\"");
        Assert.True(png.Success);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], Convert.FromBase64String(WebUtility.HtmlDecode(png.Groups[1].Value))[..4]);
        Assert.Contains("未开启", html);
    }

    [Fact]
    public async Task A_wrong_code_does_not_enable_the_second_factor()
    {
        await factory.SeedAsync();
        var client = await factory.PageClientAsync("volunteer1");
        var response = await PageForms.PostAsync(client, "/Accounts/TwoFactor", [new("Code", "000000")], "/Accounts/TwoFactor?handler=Enable");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("动态码不正确或已过期", html);
        Assert.Contains("未开启", html);
    }

    [Fact]
    public async Task With_the_second_factor_on_the_api_needs_a_code_and_accepts_a_computed_one()
    {
        await factory.SeedAsync();
        var client = await factory.PageClientAsync("twofactor1");
        var (key, recovery) = await PageForms.EnableTwoFactorAsync(client);
        Assert.Equal(10, recovery.Length);

        var withoutCode = await factory.ApiLoginAsync("twofactor1");
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("twoFactorCode", (await withoutCode.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiLoginAsync("twofactor1", twoFactorCode: "123456")).StatusCode);

        var ok = await factory.ApiLoginAsync("twofactor1", twoFactorCode: Totp.Code(key));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var token = (await ok.JsonAsync()).GetProperty("accessToken").GetString();
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.True(me.GetProperty("twoFactorEnabled").GetBoolean());

        // A recovery code works once through the API too.
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("twofactor1", twoFactorCode: recovery[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiLoginAsync("twofactor1", twoFactorCode: recovery[0])).StatusCode);

        var admin = await factory.ApiClientAsync("admin");
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?q=twofactor1");
        Assert.True(listed.GetProperty("items")[0].GetProperty("twoFactorEnabled").GetBoolean());
    }

    [Fact]
    public async Task The_login_page_asks_for_the_code_and_accepts_a_recovery_code_once()
    {
        await factory.SeedAsync();
        var setup = await factory.PageClientAsync("twofactor2");
        var (key, recovery) = await PageForms.EnableTwoFactorAsync(setup);

        var (client, first) = await factory.PasswordStepAsync("twofactor2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var step = await first.Content.ReadAsStringAsync();
        Assert.Contains("动态验证码或恢复码", step);
        Assert.DoesNotContain("name=\"Password\"", step);

        var wrong = await PostCodeAsync(client, step, "654321");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(SignInMessages.WrongCode, await wrong.Content.ReadAsStringAsync());

        var done = await PostCodeAsync(client, await wrong.Content.ReadAsStringAsync(), Totp.Code(key));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var (second, secondStep) = await factory.PasswordStepAsync("twofactor2");
        var byRecovery = await PostCodeAsync(second, await secondStep.Content.ReadAsStringAsync(), recovery[1]);
        Assert.Equal(HttpStatusCode.Redirect, byRecovery.StatusCode);

        var (third, thirdStep) = await factory.PasswordStepAsync("twofactor2");
        var reused = await PostCodeAsync(third, await thirdStep.Content.ReadAsStringAsync(), recovery[1]);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains(SignInMessages.WrongCode, await reused.Content.ReadAsStringAsync());

        // Turning it off needs a current code, then the account signs in with the password alone.
        var off = await PageForms.PostAsync(setup, "/Accounts/TwoFactor", [new("Code", Totp.Code(key))], "/Accounts/TwoFactor?handler=Disable");
        Assert.Contains("两步验证已关闭", await off.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("twofactor2")).StatusCode);
    }

    [Fact]
    [Trait("Db", "none")]
    public void The_authenticator_link_names_the_issuer_and_the_account()
    {
        var uri = TwoFactorModel.AuthenticatorUri("grid1", "ABCDEFGH");
        Assert.Equal("otpauth://totp/%E9%80%9A%E5%8A%9ETongban:grid1?secret=ABCDEFGH&issuer=%E9%80%9A%E5%8A%9ETongban&digits=6&period=30", uri);
        Assert.Equal("abcd efgh ij", TwoFactorModel.FormatKey("ABCDEFGHIJ"));
    }

    [Fact]
    [Trait("Db", "none")]
    public void The_test_totp_matches_the_rfc_6238_reference_values()
    {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (Base32 below); the RFC shows 8 digits, we use the last 6.
        const string seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Assert.Equal("287082", Totp.Code(seed, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp.Code(seed, DateTimeOffset.FromUnixTimeSeconds(1111111109)));
        Assert.Equal("005924", Totp.Code(seed, DateTimeOffset.FromUnixTimeSeconds(1234567890)));
    }

    private static Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string html, string code) =>
        client.PostAsync("/Accounts/Login?handler=Code", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["TwoFactorCode"] = code, ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
        }));
}
