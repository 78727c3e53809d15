using Microsoft.Playwright;

namespace Tongban.BrowserTests.Outreach;

/// <summary>The grid worker's phone pages: the day list and the visit form, found by role and label.</summary>
public sealed class VisitPage(IPage page)
{
    public async Task OpenDayListAsync()
    {
        await page.GotoAsync("/Outreach");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "应走访住户" })).ToBeVisibleAsync();
    }

    public async Task StartVisitAsync(string residentName)
    {
        var item = page.Locator("li.due-item", new() { HasText = residentName });
        await Assertions.Expect(item).ToContainTextAsync("独居老人");
        await item.GetByRole(AriaRole.Link, new() { Name = "走访" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登记走访" })).ToBeVisibleAsync();
    }

    public async Task FillAsync(string notes, string hazard)
    {
        await page.GetByLabel("情况记录（可不填）").FillAsync(notes);
        await page.GetByText("发现安全隐患").ClickAsync();
        await page.GetByLabel("隐患描述").FillAsync(hazard);
    }

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "保存走访记录" }).ClickAsync();

    public ILocator Status => page.Locator("#offline-status");
}
