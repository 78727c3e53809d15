using System.Net;
using System.Net.Http.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

public sealed class LockoutTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_until_an_admin_unlocks_it()
    {
        var data = await factory.SeedAsync();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiLoginAsync("locked1", "wrong-password")).StatusCode);

        var sixth = await factory.ApiLoginAsync("locked1", TongbanFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, sixth.StatusCode);
        Assert.Contains("账户已临时锁定", (await sixth.JsonAsync()).GetProperty("detail").GetString());

        var page = await factory.PasswordStepAsync("locked1");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Contains("账户已临时锁定", await page.Response.Content.ReadAsStringAsync());

        var admin = await factory.ApiClientAsync("admin");
        var listed = await (await admin.GetAsync($"/api/v1/users/{data.UserIds["locked1"]}")).JsonAsync();
        Assert.True(listed.GetProperty("lockedOut").GetBoolean());

        var unlock = await admin.PostAsync($"/api/v1/users/{data.UserIds["locked1"]}/unlock", null);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.False((await unlock.JsonAsync()).GetProperty("lockedOut").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("locked1")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_on_the_login_page_say_so_in_chinese()
    {
        await factory.SeedAsync();
        var (_, response) = await factory.PasswordStepAsync("window1", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiLoginAsync("nobody", "whatever1")).StatusCode);
    }
}
