using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

public sealed class ApiAuthenticationTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/areas")]
    [InlineData("/api/v1/residents")]
    public async Task Anonymous_api_callers_get_401_problem_details_in_chinese(string path)
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("登录", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_returns_an_access_token_that_opens_the_api()
    {
        var client = await factory.ApiClientAsync("grid1");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("grid1", me.GetProperty("userName").GetString());
        Assert.Contains("grid_worker", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Wrong_password_is_401()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "window1", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("用户名或密码不正确。", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_fields_are_422_with_field_errors()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("请输入用户名", problem.GetProperty("errors").GetProperty("userName")[0].GetString());
    }

    [Fact]
    public async Task Health_reports_the_database_and_its_migrations()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(factory.Database.IsPostgres ? "postgres" : "sqlite", body.GetProperty("provider").GetString());
    }
}
