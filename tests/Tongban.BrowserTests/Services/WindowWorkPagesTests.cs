using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Services;

/// <summary>A window staff member's day at phone and desktop width: what waits for them (我的待办), and the daily close.</summary>
public sealed class WindowWorkPagesTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Window_staff_open_on_what_waits_for_them_counted_on_the_workbench_each_row_saying_what_it_waits_for(int width)
    {
        await using (var scope = session.App.SystemScope(out var db))
            await DemoAppeals.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), default);
        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("window1");
        await page.GotoAsync("/");
        var mine = page.Locator("a[href='/Appeals?queue=mine']");
        await Assertions.Expect(mine).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "workbench-my-work");

        await page.GotoAsync("/Appeals"); // the queue page opens on 我的待办
        await Assertions.Expect(page.Locator(".queue-tabs a[aria-current='page']")).ToHaveTextAsync("我的待办");
        await Assertions.Expect(page.Locator("#results strong.awaiting").First).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "appeals-my-work");
    }

    [Theory]
    [InlineData(1280, "window3")]
    [InlineData(360, "window2")]
    public async Task An_application_received_after_its_day_was_closed_shows_in_the_next_close(int width, string user)
    {
        // Two days ago the desk closed at 20:30 and a home visit was recorded at 21:00. The real clock cannot go back,
        // so both are put in the database; yesterday's close, made on the page, counts the visit.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToShanghai().DateTime);
        var closedDay = today.AddDays(-2);
        var api = await session.App.ApiClientAsync(user);
        int itemId;
        await using (var scope = session.App.SystemScope(out var db))
            itemId = await db.ServiceItems().Where(i => i.CurrentVersionId != null && !i.IsWithdrawn).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
        var started = await api.PostAsJsonAsync("/api/v1/services/applications", new { serviceItemId = itemId, applicantName = "赵桂英", channel = "HomeVisit" });
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(started.IsSuccessStatusCode, body.ToString());
        var number = body.GetProperty("number").GetString()!;
        await using (var scope = session.App.SystemScope(out var db))
        {
            var application = await db.ServiceApplications().SingleAsync(a => a.Number == number);
            var community = await db.Areas.Where(a => a.Id == application.CommunityId).Select(a => new { a.Id, a.AreaPath }).SingleAsync();
            application.ReceivedAt = AppointmentSlots.Utc(closedDay, new TimeOnly(21, 0));
            db.DailyCloses().Add(new DailyClose
            {
                CommunityId = community.Id, AreaPath = community.AreaPath, Day = closedDay, ClosedAt = AppointmentSlots.Utc(closedDay, new TimeOnly(20, 30)),
                ClosedBy = "值班人员", LinesJson = JsonSerializer.Serialize(new DailyCloseLines([], [])),
            });
            await db.SaveChangesAsync();
        }

        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync(user);
        await page.GotoAsync("/Services/Close");
        await page.Locator("#day").SelectOptionAsync(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("input[name='Confirm']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "日结" }).ClickAsync();
        var late = page.Locator("section.card", new() { HasText = "上次日结后登记" });
        await Assertions.Expect(late).ToContainTextAsync(number);
        await Assertions.Expect(late).ToContainTextAsync("21:00 接待");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "services-close-late");
    }
}
