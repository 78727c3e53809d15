using Microsoft.Playwright;
using Tongban.Tests.Infrastructure;

namespace Tongban.BrowserTests.Pages;

/// <summary>The staff sign-in page, found by its labels as a person would.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string userName, string password = TongbanFactory.DemoPassword)
    {
        await page.GotoAsync("/Accounts/Login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // Signed in once the browser has left the sign-in page. The landing page is often the first page a fresh app
        // renders (queries compiled on first use), so this gets more time than the later steps (15 s was too short once
        // on a shared CI machine). Only the navigation's commit is awaited, not the landing page's load event: once a
        // clean-clone run saw the URL change and the network go idle but no load event for 45 s, and what a test does
        // next waits for the elements it needs anyway.
        await page.WaitForURLAsync(url => !url.Contains("/Accounts/Login", StringComparison.Ordinal),
            new() { Timeout = 45_000, WaitUntil = WaitUntilState.Commit });
    }
}
