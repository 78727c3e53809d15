using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Accounts;

namespace Tongban.Tests.Features.Shell;

/// <summary>The app starts on a SQLite file whose folder is then removed: from then on the database is gone.</summary>
public sealed class DatabaseDownFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tongban-tests", "down-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _ = Server;
        return Task.CompletedTask;
    }

    /// <summary>Closes every pooled connection and deletes the folder, so no new connection can open.</summary>
    public void TakeDatabaseAway()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Tongban", $"Data Source={Path.Combine(_folder, "tongban.db")}");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("SensitiveData:EncryptionKey", Infrastructure.TongbanFactory.EncryptionKey);
        builder.UseSetting("SensitiveData:LookupKey", Infrastructure.TongbanFactory.LookupKey);
        builder.UseSetting("Logging:LogLevel:Default", "None");
    }
}

public sealed class ErrorPageWithoutDatabaseTests(DatabaseDownFactory factory) : IClassFixture<DatabaseDownFactory>
{
    [Fact]
    [Trait("Db", "none")] // always SQLite: the point is a database that has gone away, not which engine
    public async Task A_database_failure_shows_the_chinese_500_page()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = new StaffUser { UserName = "night1", DisplayName = "值班员", AreaPath = "990101000000/", LockoutEnabled = true };
            Assert.True((await users.CreateAsync(user, "Night2026pass")).Succeeded);
        }
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = Infrastructure.Forms.AntiforgeryToken(await client.GetStringAsync("/Accounts/Login"));
        var login = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "night1", ["Password"] = "Night2026pass", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        factory.TakeDatabaseAway();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
        var failed = await client.GetAsync("/"); // the home page counts rows in the database
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var html = await failed.Content.ReadAsStringAsync();
        Assert.Contains("系统出错了", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("值班员", html); // the layout still shows who is signed in, from the cookie alone
        Assert.Equal("nosniff", failed.Headers.GetValues("X-Content-Type-Options").Single());

        var direct = await client.GetAsync("/Error/500");
        Assert.Equal(HttpStatusCode.InternalServerError, direct.StatusCode);
        Assert.Contains("系统出错了", await direct.Content.ReadAsStringAsync());
    }
}
