using System.Net;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Shell;

public sealed class PageErrorTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    [Fact]
    public async Task A_missing_record_on_a_page_is_the_chinese_404_page_not_json()
    {
        var client = await factory.PageClientAsync("admin");
        var response = await client.GetAsync("/Places/Building/987654321");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html);
    }

    [Fact]
    public async Task A_record_outside_the_area_on_a_page_is_the_chinese_403_page()
    {
        await using var scope = factory.SystemScope(out var db);
        var otherGrid = db.Buildings.OrderByDescending(b => b.Id).Select(b => b.Id).First(); // the last building is in the last grid, not grid1's
        var client = await factory.PageClientAsync("grid1");
        var response = await client.GetAsync($"/Places/Building/{otherGrid}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("没有权限", await response.Content.ReadAsStringAsync());
    }
}
