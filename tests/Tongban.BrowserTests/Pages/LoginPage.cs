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
        // on a shared CI machine). The address is polled, not waited for with WaitForURLAsync: when the address has
        // already changed by the time that is called, it waits for the landing page's load event whatever WaitUntil
        // says (Commit maps to no load state, and no load state means Load). Twice in clean-clone runs that load event
        // never reached the client although the network went idle (the trace says "NetworkIdle" event fired), and the
        // sign-in timed out after 45 s on a page that had long been shown. What a test does next waits for the
        // elements it needs anyway.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Accounts/Login"), new() { Timeout = 45_000 });
    }
}
