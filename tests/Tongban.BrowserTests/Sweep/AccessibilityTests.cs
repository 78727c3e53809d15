using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.BrowserTests.Sweep;

/// <summary>
/// The pages residents and staff use most, checked with axe-core against WCAG 2.1 A and AA on a 360 px phone: labels,
/// names of buttons and links, contrast, language, landmarks. Residents include the elderly and the disabled, and the
/// staff work on phones in the street. Every violation is written to a report; the test fails on any.
/// </summary>
public sealed class AccessibilityTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    public static TheoryData<string, string[]> Pages => new()
    {
        { "", ["/Accounts/Login", "/guide", "guide-item", "/guide/book", "/guide/booking", "/report", "poster-link", "/track", "track-code", "/results", "/guide/senior-allowance/print"] },
        // The large-text mode (大字模式) older residents switch on: the same pages, the layout under bigger type.
        { "large-text", ["/guide", "guide-item", "/report", "poster-link", "track-code", "/results"] },
        { "window1", ["/", "/Appeals", "appeal", "/Appeals/New", "/Services", "/Appeals/Notifications", "application", "/Appeals?queue=overdue"] },
        { "grid1", ["/", "/Appeals?queue=mine", "/Outreach", "/Outreach/Visits", "/Outreach/Diary"] },
        // The printed documents are checked as they are seen on screen before printing.
        { "mediator1", ["/Disputes", "/Disputes/New", "dispute", "dispute-registration", "dispute-archive", "/Disputes/Figures"] },
        { "secretary1", ["/Services/Rota", "/Services/Skills", "/Services/Close", "/Services/Catalog", "/Services/Appointments", "/Appeals/Templates", "/Appeals/Rates", "/Outreach/Desk", "application-print", "posters"] },
        { "admin", ["/Places", "/People", "/Accounts/Users", "/Accounts/Audit", "/Accounts/TwoFactor", "/Accounts/Open311", "/Places/Area/3",
            "/Places/Area/3/Edit", "/Places/Compound/1", "/Places/Compound/1/Edit", "/Places/Building/1", "/Places/Dwelling/1/Edit", "/People/Resident/1",
            "/People/Edit/1", "/Appeals/Settings/Categories", "/Appeals/Settings/Departments", "/Appeals/Settings/TimeLimits", "/Appeals/Settings/Calendar"] },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_meet_wcag_2_1_aa_on_a_phone(string user, string[] paths)
    {
        var page = await session.NewPageAsync(360, 780);
        if (user == "large-text")
            await page.Context.AddCookiesAsync([new() { Name = Tongban.Web.Features.Shared.ShellModule.LargeTextCookie, Value = "1", Url = session.App.BaseUrl }]);
        else if (user != "") await new LoginPage(page).SignInAsync(user);
        var report = new StringBuilder();
        var checkedRules = 0;
        var errors = PageChecks.CollectBrowserErrors(page);
        foreach (var path in paths)
        {
            var url = await ResolveAsync(path);
            errors.Clear();
            var response = await page.GotoAsync(url);
            Assert.True(response!.Status == 200, $"{url} 返回 {response.Status}"); // the page itself, not an error page, is checked
            await PageChecks.AssertNoBrowserErrorsAsync(page, errors);
            if (user == "large-text") Assert.Contains("large-text", await page.GetAttributeAsync("body", "class") ?? "");
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            });
            checkedRules += result.Passes.Length;
            if (url.Contains("/print", StringComparison.Ordinal) || url.Contains("/Documents/", StringComparison.Ordinal))
                await session.ScreenshotAsync(page, "a11y-" + string.Join('-', url.Split('/', '?', '=').Where(x => x.Length > 0 && !x.All(char.IsDigit))).ToLowerInvariant());
            foreach (var v in result.Violations)
            {
                report.AppendLine($"{url} [{v.Impact}] {v.Id}: {v.Help}");
                foreach (var node in v.Nodes.Take(5)) report.AppendLine($"    {node.Target}  {node.Html}");
            }
        }
        await File.WriteAllTextAsync(Path.Combine(BrowserSession.OutputFolder(), $"a11y-{(user == "" ? "resident" : user)}.txt"), $"{paths.Length} pages, {checkedRules} rules passed\n{report}");
        // axe really looked: every page passes some rules (html lang, document title, ...).
        Assert.True(checkedRules >= paths.Length * 5, $"axe passed only {checkedRules} rules on {paths.Length} pages");
        Assert.True(report.Length == 0, report.ToString());
    }

    private static Task<string> AreaOfAsync(AppDbContext db, string userName) =>
        db.Users.Where(u => u.UserName == userName).Select(u => u.AreaPath).SingleAsync();

    /// <summary>An appeal in hand in the user's own area, so the page opens for them.</summary>
    private static async Task<long> AppealOfAsync(AppDbContext db, string userName)
    {
        var area = await AreaOfAsync(db, userName);
        return await db.Appeals.Where(a => a.State == AppealState.InProgress && a.AreaPath.StartsWith(area)).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
    }

    private static Task<long> FirstDisputeAsync(AppDbContext db) =>
        db.Set<Tongban.Web.Features.Disputes.DisputeCase>().OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();

    private static async Task<long> ApplicationOfAsync(AppDbContext db, string userName)
    {
        var area = await AreaOfAsync(db, userName);
        return await db.Set<Tongban.Web.Features.Services.ServiceApplication>().Where(a => a.AreaPath.StartsWith(area)).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
    }

    private static async Task<int> CompoundOfAsync(AppDbContext db, string userName)
    {
        var area = await AreaOfAsync(db, userName);
        return await db.Compounds.Where(c => c.AreaPath.StartsWith(area)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    private async Task<string> ResolveAsync(string path)
    {
        if (path.StartsWith('/')) return path;
        await using var scope = session.App.SystemScope(out var db);
        return path switch
        {
            "guide-item" => "/guide/senior-allowance",
            "poster-link" => $"/r/{Tongban.Web.Features.Public.PlaceCode.ForBuilding(await db.Buildings.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync())}",
            "track-code" => $"/track/{await db.Appeals.OrderBy(a => a.Id).Select(a => a.TrackingCode).FirstAsync()}",
            "appeal" => $"/Appeals/{await AppealOfAsync(db, "window1")}",
            "dispute" => $"/Disputes/{await FirstDisputeAsync(db)}",
            "dispute-registration" => $"/Disputes/{await FirstDisputeAsync(db)}/Documents/registration",
            "dispute-archive" => $"/Disputes/{await FirstDisputeAsync(db)}/Documents/archive",
            "application" => $"/Services/Applications/{await ApplicationOfAsync(db, "window1")}",
            "application-print" => $"/Services/Applications/{await ApplicationOfAsync(db, "secretary1")}/print",
            "posters" => $"/Public/Posters?compoundId={await CompoundOfAsync(db, "secretary1")}",
            _ => throw new ArgumentException(path),
        };
    }
}
