using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Tongban.Tests.Features.Accounts;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Shell;

public sealed class ShellTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    private static List<string> NavLinks(string html)
    {
        var nav = Regex.Match(html, "<nav class=\"nav nav-wide\"[^>]*>(.*?)</nav>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(nav, "<a [^>]*>([^<]+)</a>").Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public async Task Pages_are_simplified_chinese_utf8()
    {
        var response = await factory.CreateClient().GetAsync("/Accounts/Login");
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<meta charset=\"utf-8\" />", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("工作人员登录", html);
    }

    [Fact]
    public async Task A_grid_worker_sees_only_the_modules_their_role_may_use()
    {
        await factory.SeedAsync();
        var grid1 = await factory.PageClientAsync("grid1");
        var html = await grid1.GetStringAsync("/");
        Assert.Equal(["工作台", "区划网格", "居民", "民情诉求", "一岗通办", "矛盾纠纷", "走访与流动办公", "账户安全"], NavLinks(html));
        Assert.DoesNotContain("href=\"/Accounts/Users\"", html);
        Assert.DoesNotContain("href=\"/Accounts/Audit\"", html);
        Assert.Matches("<a class=\"nav-link\" href=\"/\" aria-current=\"page\">工作台</a>", html);
    }

    [Fact]
    public async Task An_admin_sees_every_module_and_the_current_one_is_marked()
    {
        await factory.SeedAsync();
        var admin = await factory.PageClientAsync("admin");
        var html = await admin.GetStringAsync("/Accounts/Audit");
        Assert.Equal(["工作台", "区划网格", "居民", "民情诉求", "一岗通办", "矛盾纠纷", "走访与流动办公", "账户", "Open311接入", "审计日志", "账户安全"], NavLinks(html));
        Assert.Contains("<a class=\"nav-link\" href=\"/Accounts/Audit\" aria-current=\"page\">审计日志</a>", html);
        Assert.DoesNotContain("href=\"/\" aria-current", html);
        Assert.Contains("<details class=\"nav-menu\">", html); // the phone menu, no script needed
    }

    [Fact]
    public async Task A_volunteer_gets_only_the_home_page_and_account_security()
    {
        await factory.SeedAsync();
        var volunteer = await factory.PageClientAsync("volunteer1");
        Assert.Equal(["工作台", "账户安全"], NavLinks(await volunteer.GetStringAsync("/")));
    }

    [Theory]
    [InlineData("/Accounts/Login")]
    [InlineData("/no/such/page")]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/auth/login")]
    public async Task Security_headers_are_on_pages_errors_and_the_api(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("img-src 'self' data:", csp);
    }

    [Fact]
    public async Task Security_headers_are_on_signed_in_api_responses()
    {
        await factory.SeedAsync();
        var api = await factory.ApiClientAsync("grid1");
        var response = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/users")]
    [InlineData("/api/v1/audit")]
    [InlineData("/api/v1/audit/verify")]
    [InlineData("/api/v1/no-such-route")]
    public async Task Anonymous_api_callers_get_401(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_login_route_is_open_to_anonymous_callers()
    {
        var response = await factory.ApiLoginAsync("nobody", "wrong-password");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("用户名或密码不正确。", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_pages_get_the_chinese_404_page()
    {
        await factory.SeedAsync();
        var client = await factory.PageClientAsync("grid1");
        var response = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
    }

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/gudie")]
    [InlineData("/css/no-such.css")]
    public async Task Anonymous_visitors_get_the_404_page_for_an_address_no_page_answers(string path)
    {
        // A resident following a mistyped link used to land on the staff sign-in page.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
        // Staff pages still ask for sign-in, and a wrong method on an API address is still a 405.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Appeals/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(path, new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_method_on_an_api_address_is_still_405_beside_the_page_fallback()
    {
        await factory.SeedAsync();
        var client = await factory.ApiClientAsync("admin");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/no-such-route")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/Accounts/Audit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Accounts/Login?ReturnUrl=", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData(403, "没有权限")]
    [InlineData(500, "系统出错了")]
    public async Task Error_pages_are_in_chinese_with_their_status(int code, string heading)
    {
        var response = await factory.CreateClient().GetAsync($"/Error/{code}");
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Contains(heading, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Large_text_mode_toggles_without_script_and_returns_to_the_page()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var before = await client.GetStringAsync("/Accounts/Login?ReturnUrl=%2F");
        Assert.Contains("<body class=\"\">", before);
        Assert.Contains("name=\"returnUrl\" value=\"/Accounts/Login?ReturnUrl=%2F\"", before);

        var toggle = await client.PostAsync("/Shell/LargeText", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/Accounts/Login?ReturnUrl=%2F" }));
        Assert.Equal(HttpStatusCode.Redirect, toggle.StatusCode);
        Assert.Equal("/Accounts/Login?ReturnUrl=%2F", toggle.Headers.Location?.OriginalString);
        var after = await client.GetStringAsync("/Accounts/Login");
        Assert.Contains("<body class=\"large-text\">", after);
        Assert.Contains("标准字号", after);

        var elsewhere = await client.PostAsync("/Shell/LargeText", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "//evil.example/x" }));
        Assert.Equal("/", elsewhere.Headers.Location?.OriginalString);
        Assert.Contains("<body class=\"\">", await client.GetStringAsync("/Accounts/Login"));

        // The pages' script switches in place (what is typed stays): it only needs the cookie, not a redirect.
        using var scripted = new HttpRequestMessage(HttpMethod.Post, "/Shell/LargeText") { Headers = { { "X-Tongban-Toggle", "1" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(scripted)).StatusCode);
        Assert.Contains("<body class=\"large-text\">", await client.GetStringAsync("/Accounts/Login"));
    }

    [Fact]
    [Trait("Db", "none")]
    public void Large_text_rules_give_19px_text_and_48px_controls()
    {
        var css = File.ReadAllText(Path.Combine(FindRepo(), "src/Tongban.Web/wwwroot/css/site.css"));
        Assert.Matches(@"body\.large-text \{ font-size: 19px;", css);
        var rule = Regex.Match(css, @"(body\.large-text a,[^{]+)\{ min-height: 48px; \}");
        Assert.True(rule.Success);
        foreach (var control in new[] { "a", "button", ".button", "input", "select", "textarea", "summary" })
            Assert.Contains($"body.large-text {control}", rule.Groups[1].Value);
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tongban.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("找不到仓库根目录");
    }
}
