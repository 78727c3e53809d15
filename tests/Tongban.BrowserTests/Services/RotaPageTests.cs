using System.Globalization;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Infrastructure;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>
/// The month's rota as the secretary reads it: on a phone it opens at this week (the weeks gone are a tap away), and a
/// post not open in a period (the evenings and Saturdays open one) takes no row; the desktop keeps the whole month.
/// </summary>
public sealed class RotaPageTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task The_rota_opens_at_this_week_on_a_phone_and_shows_no_empty_post_in_an_evening(int width)
    {
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        await new LoginPage(page).SignInAsync("secretary1");
        await page.GotoAsync("/Services/Rota");
        var today = DateTimeOffset.UtcNow.ShanghaiDay();
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var first = await page.Locator("table.rota tbody tr:visible").First.GetAttributeAsync("data-day");
        var firstDay = DateOnly.ParseExact(first!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = (await page.Locator("table.rota tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.day)"))
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var monthStart = days[0];
        // Evenings (延时) open one post of the two: the other post's cell says so on a wide screen and is not shown on a phone.
        var evening = page.Locator("table.rota tbody tr", new() { HasText = "延时" }).First;
        var closedPost = evening.Locator("td.post-closed");
        if (width == 360)
        {
            Assert.Equal(days.First(d => d >= monday), firstDay);
            await Assertions.Expect(closedPost).ToBeHiddenAsync();
            if (monday > monthStart)
            {
                await page.GetByLabel(new System.Text.RegularExpressions.Regex("显示本月已过去的")).CheckAsync();
                Assert.Equal(monthStart, DateOnly.ParseExact((await page.Locator("table.rota tbody tr:visible").First.GetAttributeAsync("data-day"))!,
                    "yyyy-MM-dd", CultureInfo.InvariantCulture));
                await page.GetByLabel(new System.Text.RegularExpressions.Regex("显示本月已过去的")).UncheckAsync();
            }
        }
        else
        {
            Assert.Equal(monthStart, firstDay);
            await Assertions.Expect(closedPost).ToHaveTextAsync("本时段不开");
        }
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-rota");
    }
}
