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
        // The landing page is often the first page a fresh app renders (queries compiled on first use), so it gets
        // more time than the later steps; a CI machine shared by two engines' runs measured 15 s too short once.
        await page.WaitForURLAsync(url => !url.Contains("/Accounts/Login", StringComparison.Ordinal), new() { Timeout = 45_000 });
    }
}
