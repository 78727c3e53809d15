using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Shell;

/// <summary>The shell against the demo district and its demo accounts, as a person would first see it.</summary>
public sealed class DemoShellTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    [Fact]
    public async Task Grid1_home_page_names_their_grid_and_has_no_accounts_link()
    {
        string gridName;
        await using (var scope = factory.SystemScope(out var db))
        {
            var areaId = await db.Users.Where(u => u.UserName == "grid1").Select(u => u.AreaId).SingleAsync();
            gridName = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Name).SingleAsync();
        }
        var grid1 = await factory.PageClientAsync("grid1");
        var html = await grid1.GetStringAsync("/");
        Assert.Contains($"<h3 class=\"grid-name\">{gridName}</h3>", html);
        Assert.DoesNotContain("href=\"/Accounts/Users\"", html);
        Assert.DoesNotContain("href=\"/Accounts/Audit\"", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.GetAsync("/Accounts/Users")).StatusCode);
    }

    [Theory]
    [InlineData("admin", "overview-title")]
    [InlineData("street1", "overview-title")]
    [InlineData("window1", "totals-title")]
    [InlineData("secretary1", "totals-title")]
    [InlineData("mediator1", "basic-title")]
    [InlineData("dept1", "basic-title")]
    [InlineData("volunteer1", "basic-title")]
    public async Task Every_demo_account_gets_its_own_home_page(string user, string section)
    {
        var client = await factory.PageClientAsync(user);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"{section}\"", await response.Content.ReadAsStringAsync());
    }
}
