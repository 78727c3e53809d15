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
        await page.WaitForURLAsync(url => !url.Contains("/Accounts/Login", StringComparison.Ordinal));
    }
}
