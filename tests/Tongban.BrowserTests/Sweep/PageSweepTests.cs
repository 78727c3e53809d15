using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Features.Places;

namespace Tongban.BrowserTests.Sweep;

/// <summary>
/// Every page that no story walks through, opened as the person who uses it on a 360 px phone and a 1280 px desktop: it answers 200, its
/// title is Chinese, nothing runs off the side, and a screenshot is kept for review. The stories cover the rest.
/// </summary>
public sealed class PageSweepTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    public static TheoryData<string, string[]> Pages => new()
    {
        { "secretary1", ["/Services/Rota", "/Services/Skills", "/Services/Close", "/Services/Catalog", "/Services/Appointments", "/Appeals/Templates", "/Appeals/New", "/Disputes/New",
            "application-print"] },
        { "admin", ["/Accounts/TwoFactor", "/Disputes/Figures", "/Appeals/Settings/Categories", "/Appeals/Settings/Departments", "/Appeals/Settings/TimeLimits", "/Appeals/Settings/Calendar", "area-new", "compound-new", "building-new", "area", "compound", "building", "dispute", "dispute-registration",
            "dispute-archive"] },
        { "street1", ["/Appeals?queue=overdue", "/Disputes", "/Appeals/Rates", "/Services/Rota", "/Services/Skills", "/Services/Close"] },
        { "police1", ["/", "/Appeals", "/Disputes"] },
        { "dept1", ["/", "/Appeals?queue=mine"] },
        { "volunteer1", ["/"] },
        { "mediator1", ["/", "/Disputes/Figures", "/Disputes?overdue=true"] },
        { "", ["/guide", "/guide/booking", "/report", "/track", "/results", "/guide/senior-allowance/print"] },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_answer_in_chinese_and_fit_a_phone_and_a_desktop(string user, string[] paths)
    {
        foreach (var width in new[] { 360, 1280 })
            await SweepAsync(user, paths, width);
    }

    private async Task SweepAsync(string user, string[] paths, int width)
    {
        var page = await session.NewPageAsync(width, width == 360 ? 780 : 900);
        var errors = PageChecks.CollectBrowserErrors(page);
        if (user != "") await new LoginPage(page).SignInAsync(user);
        foreach (var path in paths)
        {
            var url = await ResolveAsync(path);
            errors.Clear();
            var response = await page.GotoAsync(url);
            Assert.True(response!.Status == 200, $"{url} 返回 {response.Status}");
            await PageChecks.AssertNoBrowserErrorsAsync(page, errors);
            var title = await page.TitleAsync();
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", title);
            await PageChecks.AssertNoHorizontalScrollAsync(page);
            var name = !path.StartsWith('/') ? path : string.Concat(path.TrimStart('/').Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')).Trim('-');
            await session.ScreenshotAsync(page, $"sweep-{(name == "" ? "home" : name)}-{(user == "" ? "resident" : user)}");
        }
    }

    /// <summary>Pages of one record are opened on the first such record of the demo data.</summary>
    private async Task<string> ResolveAsync(string path)
    {
        if (path.StartsWith('/')) return path;
        await using var scope = session.App.SystemScope(out var db);
        return path switch
        {
            "area" => $"/Places/Area/{await CommunityAsync(db)}",
            "area-new" => $"/Places/Area/New?parentId={await CommunityAsync(db)}",
            "compound-new" => $"/Places/Compound/New?communityId={await CommunityAsync(db)}",
            "building-new" => $"/Places/Building/New?compoundId={await db.Compounds.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()}",
            "compound" => $"/Places/Compound/{await db.Compounds.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()}",
            "building" => $"/Places/Building/{await db.Buildings.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()}",
            "dispute" => $"/Disputes/{await FirstDisputeAsync(db)}",
            "dispute-registration" => $"/Disputes/{await FirstDisputeAsync(db)}/Documents/registration",
            "dispute-archive" => $"/Disputes/{await FirstDisputeAsync(db)}/Documents/archive",
            "application-print" => $"/Services/Applications/{await db.Set<Tongban.Web.Features.Services.ServiceApplication>()
                .Where(a => a.AreaPath.StartsWith(db.Users.Where(u => u.UserName == "secretary1").Select(u => u.AreaPath).Single()))
                .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync()}/print",
            _ => throw new ArgumentException(path),
        };
    }

    private static Task<long> FirstDisputeAsync(Tongban.Web.Data.AppDbContext db) =>
        db.Set<DisputeCase>().OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();

    private static Task<int> CommunityAsync(Tongban.Web.Data.AppDbContext db) =>
        db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
}
