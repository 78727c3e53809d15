using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Infrastructure;

/// <summary>
/// The whole app over real HTTP semantics with a clean database of its own (one per test class).
/// The small demo (users and a few hundred residents) is loaded unless a subclass says otherwise.
/// </summary>
public class TongbanFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Tongban#2026";
    public const string EncryptionKey = "dGVzdC1vbmx5LXRvbmdiYW4tZW5jcnlwdGlvbi1rZXk=";
    public const string LookupKey = "dGVzdC1vbmx5LXRvbmdiYW4tbG9va3VwLWtleS0zMmI=";

    public TestDatabase Database { get; private set; } = null!;

    protected virtual bool SeedDemo => true;
    protected virtual double DemoScale => 0.03;

    /// <summary>Extra settings a test class needs (security switches and the like).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("TONGBAN_DEMO_PASSWORD", DemoPassword);
        Database = await TestDatabase.CreateAsync();
        StartHost();
    }

    /// <summary>Builds the host now, so migrations and demo data run before the first test rather than inside it.</summary>
    protected virtual void StartHost() => _ = Server;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider,
            ["ConnectionStrings:Tongban"] = Database.ConnectionString,
            ["Demo:Enabled"] = SeedDemo ? "true" : "false",
            ["Demo:Scale"] = DemoScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SensitiveData:EncryptionKey"] = EncryptionKey,
            ["SensitiveData:LookupKey"] = LookupKey,
            ["Logging:LogLevel:Default"] = "Warning",
            // Uploaded files go to a temporary folder, never into the source tree (content-addressed, so tests can share it).
            ["Files:Root"] = Path.Combine(Path.GetTempPath(), "tongban-tests", "files"),
            // One node: a calendar change is taken up at once, so tests may save one change after another.
            ["Appeals:CalendarSettleSeconds"] = "0",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A scope whose database context sees everything (as start-up work and jobs do).</summary>
    public AsyncServiceScope SystemScope(out AppDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Where the test clients send their requests: the in-memory server, or a real port when a subclass listens on one.</summary>
    protected virtual Uri ClientBaseAddress => new("http://localhost");

    /// <summary>An API client signed in with a bearer token.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, string password = DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A browser-like client signed in with the cookie, following no redirects.</summary>
    public async Task<HttpClient> PageClientAsync(string userName, string password = DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientBaseAddress });
        var form = await client.GetStringAsync("/Accounts/Login");
        var token = Forms.AntiforgeryToken(form);
        var response = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"登录 {userName} 失败：{(int)response.StatusCode}");
        return client;
    }
}

/// <summary>The factory without demo data, for tests that build exactly the data they need.</summary>
public class EmptyTongbanFactory : TongbanFactory
{
    protected override bool SeedDemo => false;
}

public static class Forms
{
    public static string AntiforgeryToken(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!match.Success) throw new InvalidOperationException("页面中没有防伪令牌");
        return match.Groups[1].Value;
    }

    /// <summary>Opens a page and posts its form to a handler with these fields, as a signed-in browser would.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient page, string path, string handler, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryToken(await page.GetStringAsync(path));
        return await page.PostAsync($"{path}?handler={handler}",
            new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]));
    }
}
