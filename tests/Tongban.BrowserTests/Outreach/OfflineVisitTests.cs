using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;
using static Tongban.BrowserTests.PageChecks;

namespace Tongban.BrowserTests.Outreach;

/// <summary>
/// The story of issue 6 on a 360 px phone: a grid worker visits an elderly resident living alone, in a stairwell with
/// no signal; the form is kept on the phone; when the network returns it is sent once, and the hazard they noted is an
/// appeal in the grid's queue.
/// </summary>
public sealed class OfflineVisitTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string ResidentName = "独居老人周桂兰";

    private async Task<int> ElderlyAloneHouseholdAsync()
    {
        await using var scope = session.App.SystemScope(out var db);
        var path = await db.Users.Where(u => u.UserName == "grid1").Select(u => u.AreaPath).SingleAsync();
        var dwelling = await db.Dwellings.Where(d => d.AreaPath == path && !db.Households.Any(h => h.DwellingId == d.Id)).OrderBy(d => d.Id).FirstAsync();
        var household = new Household { DwellingId = dwelling.Id, AreaPath = path };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        var tag = await db.Tags.Where(t => t.Code == BuiltInTags.ElderlyAlone).Select(t => t.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var resident = new Resident
        {
            Name = ResidentName, Gender = "女", BirthYear = 1938, HouseholdId = household.Id, DwellingId = dwelling.Id, AreaPath = path, RelationshipToHead = "本人",
            NameInitials = "dljrzgl", SearchText = "周桂兰", CreatedAt = now, UpdatedAt = now, Tags = [new ResidentTag { TagId = tag }],
        };
        db.Residents.Add(resident);
        await db.SaveChangesAsync();
        household.HeadResidentId = resident.Id;
        await db.SaveChangesAsync();
        return household.Id;
    }

    [Fact]
    public async Task A_home_visit_recorded_offline_is_sent_once_when_the_network_returns_and_its_hazard_is_an_appeal()
    {
        var household = await ElderlyAloneHouseholdAsync();
        var page = await session.NewPageAsync(360, 780);
        await new LoginPage(page).SignInAsync("grid1");
        var visit = new VisitPage(page);
        await visit.OpenDayListAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-day-list");

        await visit.StartVisitAsync(ResidentName);
        await page.Context.SetOfflineAsync(true);
        await visit.FillAsync("老人独自在家，精神尚好，叮嘱冬季用电安全", "卧室电暖器插在老化的插线板上，插线板外壳发烫");
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-visit-form");
        await visit.SaveAsync();
        await Assertions.Expect(visit.Status).ToContainTextAsync("没有网络");
        await session.ScreenshotAsync(page, "outreach-visit-saved-offline");
        await using (var scope = session.App.SystemScope(out var db))
            Assert.Equal(0, await db.Visits.CountAsync(v => v.HouseholdId == household));

        await page.Context.SetOfflineAsync(false);
        await PageChecks.WaitForAddressAsync(page, "/Outreach/Visits/");
        await Assertions.Expect(page.GetByText("走访记录已登记。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("已转诉求")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-visit-sent");

        // Back on the day list the outbox is empty and the flush finds nothing more to send: still one visit.
        await visit.OpenDayListAsync();
        await Assertions.Expect(page.Locator("#offline-outbox")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("li.due-item", new() { HasText = ResidentName })).ToHaveCountAsync(0);
        long appealId;
        string number;
        await using (var scope = session.App.SystemScope(out var db))
        {
            var visits = await db.Visits.Include(v => v.Findings).Where(v => v.HouseholdId == household).ToListAsync();
            Assert.Single(visits);
            var finding = Assert.Single(visits[0].Findings);
            appealId = finding.AppealId!.Value;
            var appeal = await db.Appeals.SingleAsync(a => a.Id == appealId);
            Assert.Equal(AppealChannel.GridPatrol, appeal.Channel);
            Assert.Contains("插线板", appeal.Description);
            number = appeal.Number;
        }

        await page.GotoAsync("/Appeals?queue=area");
        await Assertions.Expect(page.GetByText(number)).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page);
        await session.ScreenshotAsync(page, "outreach-appeal-in-queue");
    }
}
