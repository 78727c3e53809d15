using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tongban.BrowserTests.Pages;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.BrowserTests;

/// <summary>The foundation issue's stories in a real browser: a grid worker's view and an admin's import.</summary>
public sealed partial class FoundationTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [GeneratedRegex(@"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$")]
    private static partial Regex MaskedId();

    [GeneratedRegex(@"[0-9]{17}[0-9X]")]
    private static partial Regex FullId();

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Grid_worker_sees_only_their_grids_buildings_and_residents_with_ids_masked(int width)
    {
        List<string> ownBuildings;
        int totalBuildings;
        await using (session.App.SystemScope(out var db))
        {
            var grid = await db.Areas.SingleAsync(a => a.Level == AreaLevel.Grid && a.Name == "滨河社区第一网格");
            ownBuildings = await db.Buildings.Where(b => b.GridId == grid.Id).Select(b => b.Compound!.Name + b.Name).ToListAsync();
            totalBuildings = await db.Buildings.CountAsync();
        }
        Assert.InRange(ownBuildings.Count, 1, totalBuildings - 1);

        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("grid1");
        await page.GotoAsync("/Places");
        var buildingSection = page.Locator("section.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("网格内楼栋") }) });
        await Assertions.Expect(buildingSection).ToBeVisibleAsync();
        var buildingLinks = await buildingSection.Locator("a[href^='/Places/Building/']").AllInnerTextsAsync();
        Assert.NotEmpty(buildingLinks);
        Assert.All(buildingLinks, name => Assert.Contains(ownBuildings, own => own.EndsWith(name.Trim(), StringComparison.Ordinal) || own == name.Trim()));
        await session.ScreenshotAsync(page, "places-grid1");

        await page.GotoAsync("/People");
        var rows = page.Locator("table.people-table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var count = await rows.CountAsync();
        Assert.InRange(count, 1, 20);
        for (var i = 0; i < count; i++)
        {
            var id = (await rows.Nth(i).Locator("td[data-label='身份证号']").InnerTextAsync()).Trim();
            Assert.Matches(MaskedId(), id);
            var address = (await rows.Nth(i).Locator("td[data-label='住址']").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains(ownBuildings, own => address.StartsWith(own, StringComparison.Ordinal));
        }
        Assert.DoesNotMatch(FullId(), await page.ContentAsync());
        await session.ScreenshotAsync(page, "people-grid1");

        await rows.First.Locator("td[data-label='姓名'] a").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("********");
        Assert.DoesNotMatch(FullId(), await page.ContentAsync());
        await session.ScreenshotAsync(page, "resident-grid1");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task Admin_imports_a_workbook_with_one_bad_row_and_sees_the_report(int width)
    {
        var good = "99010119800101" + (width == 360 ? "125" : "123");
        good += ChinaIdentity.CheckCharacter(good);
        var bad = "990101197505051230";
        if (ChinaIdentity.IsValidIdNumber(bad)) bad = bad[..17] + (bad[17] == '0' ? '1' : '0');
        var file = Path.Combine(Path.GetTempPath(), $"tongban-import-{Guid.NewGuid():N}.xlsx");
        WriteWorkbook(file,
        [
            ["姓名", "身份证号", "手机号", "小区", "楼栋", "单元", "房号", "与户主关系", "标签", "健康或残疾情况"],
            ["王测试", good, "13800138000", "滨河小区", "1号楼", "1单元", "101", "子女", "", ""],
            ["李有误", bad, "", "滨河小区", "1号楼", "1单元", "102", "户主", "", ""],
        ]);

        var page = await session.NewPageAsync(width);
        await new LoginPage(page).SignInAsync("admin");
        await page.GotoAsync("/People/Import");
        await session.ScreenshotAsync(page, "import-form");
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

        var report = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "导入结果" }) });
        await Assertions.Expect(report).ToContainTextAsync("成功导入 1 行");
        await Assertions.Expect(report).ToContainTextAsync("失败 1 行");
        var problem = report.Locator("tbody tr").First;
        await Assertions.Expect(problem.Locator("td[data-label='行号']")).ToHaveTextAsync("第 3 行");
        await Assertions.Expect(problem.Locator("td[data-label='原因']")).ToContainTextAsync("校验位");
        await session.ScreenshotAsync(page, "import-report");
        File.Delete(file);

        // The main pages an admin works with, kept for review at this width.
        foreach (var (path, name) in new[] { ("/Places", "places-admin"), ("/People?q=滨河", "people-search-admin"), ("/Accounts/Users", "users"), ("/Accounts/Audit", "audit"), ("/Appeals", "appeals-admin") })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await session.ScreenshotAsync(page, name);
        }
    }

    private static void WriteWorkbook(string path, string[][] rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        foreach (var values in rows)
            data.AppendChild(new Row(values.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v)) })));
        sheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "居民" }));
        workbook.Workbook.Save();
    }
}
