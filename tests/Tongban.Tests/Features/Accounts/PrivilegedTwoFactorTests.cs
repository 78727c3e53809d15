using System.Net;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

/// <summary>Security:RequireTwoFactorForPrivilegedRoles=true: admins and centres must bind an authenticator first.</summary>
public sealed class PrivilegedTwoFactorTests(PrivilegedTwoFactorFactory factory) : IClassFixture<PrivilegedTwoFactorFactory>
{
    [Fact]
    public async Task The_api_refuses_a_token_to_an_admin_without_a_second_factor()
    {
        await factory.SeedAsync();
        var response = await factory.ApiLoginAsync("admin");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("两步验证", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_centre_user_is_sent_to_set_up_on_every_page_until_it_is_enabled()
    {
        await factory.SeedAsync();
        var (client, login) = await factory.PasswordStepAsync("street1");
        Assert.Equal("/Accounts/TwoFactor", login.Headers.Location?.OriginalString);
        foreach (var path in new[] { "/", "/Accounts/Audit", "/Places" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Accounts/TwoFactor", response.Headers.Location?.OriginalString);
        }
        var setup = await client.GetStringAsync("/Accounts/TwoFactor");
        Assert.Contains("必须先开启两步验证", setup);

        var (key, _) = await PageForms.EnableTwoFactorAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // Required accounts cannot switch it off again.
        var off = await PageForms.PostAsync(client, "/Accounts/TwoFactor", [new("Code", Totp.Code(key))], "/Accounts/TwoFactor?handler=Disable");
        Assert.Contains("已开启", await off.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("street1", twoFactorCode: Totp.Code(key))).StatusCode);
    }

    [Fact]
    public async Task Other_roles_are_not_held_up()
    {
        await factory.SeedAsync();
        var grid1 = await factory.PageClientAsync("grid1");
        Assert.Equal(HttpStatusCode.OK, (await grid1.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("window1")).StatusCode);
    }
}
