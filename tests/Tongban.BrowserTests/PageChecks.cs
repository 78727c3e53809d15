using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>Checks every story makes of the page in front of it.</summary>
public static class PageChecks
{
    /// <summary>Nothing runs off the right edge at the page's width (a phone user cannot scroll sideways to find it).</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"{page.Url} 在 {page.ViewportSize?.Width}px 宽度下横向超出 {overflow}px");
    }
}
