using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.Tests.Features.Shell;

/// <summary>The app started against a database file that cannot be opened: the 500 page must still render.</summary>
public sealed class DatabaseDownFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("ConnectionStrings:Tongban", "Data Source=/nonexistent-tongban-folder/none.db;Mode=ReadWrite");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("SensitiveData:EncryptionKey", Infrastructure.TongbanFactory.EncryptionKey);
        builder.UseSetting("SensitiveData:LookupKey", Infrastructure.TongbanFactory.LookupKey);
        builder.UseSetting("Logging:LogLevel:Default", "None");
    }
}

public sealed class ErrorPageWithoutDatabaseTests(DatabaseDownFactory factory) : IClassFixture<DatabaseDownFactory>
{
    [Fact]
    [Trait("Db", "none")]
    public async Task A_database_failure_shows_the_chinese_500_page()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // The login form needs the antiforgery key ring, which lives in the database.
        var failed = await client.GetAsync("/Accounts/Login");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("系统出错了", await failed.Content.ReadAsStringAsync());

        var direct = await client.GetAsync("/Error/500");
        Assert.Equal(HttpStatusCode.InternalServerError, direct.StatusCode);
        var html = await direct.Content.ReadAsStringAsync();
        Assert.Contains("系统出错了", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Equal("nosniff", direct.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
