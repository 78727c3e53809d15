using System.Text.RegularExpressions;
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

    /// <summary>
    /// Collects what the browser reports as an error on this page from now on: a script failing, a refusal by the
    /// Content Security Policy (an inline style or script), a file that does not load.
    /// </summary>
    public static List<string> CollectBrowserErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>No error reported since the list was last cleared, once the page has settled.</summary>
    public static async Task AssertNoBrowserErrorsAsync(IPage page, List<string> errors)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(errors.Count == 0, $"{page.Url}：{string.Join("；", errors)}");
    }

    /// <summary>
    /// Waits until the page's address matches, by polling the address. Not WaitForURLAsync: when the address has
    /// already changed by the time that is called it waits for the new page's load event as well, and in clean-clone
    /// runs that event has more than once never reached the client although the page was shown and the network idle
    /// (the trace says "NetworkIdle" event fired), so a step that had worked timed out (sign-in, and a dispute's
    /// registration on 2026-11-25). What a test does next waits for the elements it needs anyway.
    /// </summary>
    public static Task WaitForAddressAsync(IPage page, string pattern, float timeout = 15_000) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(pattern), new() { Timeout = timeout });
}
