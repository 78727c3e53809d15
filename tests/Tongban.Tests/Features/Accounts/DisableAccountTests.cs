using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

/// <summary>停用: a person who leaves loses access at once, on pages and through the API, and can be let back in.</summary>
public sealed class DisableAccountTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    private async Task<string> IdOfAsync(HttpClient admin, string userName) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users?q={userName}")).GetProperty("items").EnumerateArray()
        .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetString()!;

    [Fact]
    public async Task A_disabled_account_loses_its_open_sessions_and_tokens_and_cannot_sign_in_until_enabled()
    {
        await factory.SeedAsync();
        var admin = await factory.ApiClientAsync("admin");
        var grid1 = await IdOfAsync(admin, "grid1");
        // grid1 is signed in twice: on a phone (page cookie) and with an API token.
        var page = await factory.PageClientAsync("grid1");
        var api = await factory.ApiClientAsync("grid1");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        // A reason is required; the administrator cannot disable their own account.
        var noReason = await Appeals.Flow.ProblemAssert.IsAsync(await admin.PostAsJsonAsync($"/api/v1/users/{grid1}/disable", new { reason = " " }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("停用原因", noReason);
        var self = await IdOfAsync(admin, "admin");
        await Appeals.Flow.ProblemAssert.IsAsync(await admin.PostAsJsonAsync($"/api/v1/users/{self}/disable", new { reason = "测试" }), HttpStatusCode.Conflict);

        var disabled = await admin.PostAsJsonAsync($"/api/v1/users/{grid1}/disable", new { reason = "离职" });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var detail = await disabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(detail.GetProperty("disabled").GetBoolean());
        Assert.False(detail.GetProperty("lockedOut").GetBoolean()); // not "locked until 9999"

        // The open sessions stop at once on this node: the token gets a 401 problem, the page is signed out.
        var refused = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("已停用", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var home = await page.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Accounts/Login?disabled=1", home.Headers.Location?.OriginalString);
        // Signing in again is refused with the reason, on the API and on the page.
        var login = await factory.ApiLoginAsync("grid1");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("已停用", await login.Content.ReadAsStringAsync());
        var (_, pageLogin) = await factory.PasswordStepAsync("grid1");
        Assert.Contains("已停用", await pageLogin.Content.ReadAsStringAsync());
        // The log says who disabled whom and why.
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityId={grid1}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("detail").GetString() is { } d && d.Contains("离职"));

        var enabled = await admin.PostAsync($"/api/v1/users/{grid1}/enable", null);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiLoginAsync("grid1")).StatusCode);
    }
}
