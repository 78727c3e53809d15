using Microsoft.Playwright;

namespace Tongban.BrowserTests.Pages;

/// <summary>The staff appeal page (/Appeals/{id}) driven by its buttons and labels, as window staff and grid workers use it.</summary>
public sealed class StaffAppealPage(IPage page)
{
    /// <summary>Finds the appeal by the tracking code the resident reads out, through the queue's search box.</summary>
    public async Task OpenByCodeAsync(string trackingCode)
    {
        await page.GotoAsync("/Appeals");
        await page.GetByLabel("搜索").FillAsync(trackingCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "q=");
        await page.Locator("#results a.appeal-title").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "办理过程" })).ToBeVisibleAsync();
    }

    /// <summary>Clicks an action button and waits for htmx to swap in the notice it answers with.</summary>
    public async Task ActAsync(string button, string notice)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync(notice);
    }

    public async Task DispatchToAsync(string assignee)
    {
        await page.Locator("label.choice", new() { HasText = assignee }).Locator("input[name='Form.Lead']").CheckAsync();
        await ActAsync("派单", "已派单");
    }

    /// <summary>改派: hands the appeal to another unit (as named in the list) with the reason a transfer needs.</summary>
    public async Task TransferToAsync(string assignee, string reason)
    {
        await OpenSectionAsync("改派");
        await page.Locator("label.choice", new() { HasText = assignee }).Locator("input[name='Form.Lead']").CheckAsync();
        await page.GetByLabel("改派或调整的理由").FillAsync(reason);
        // At the street the button also adjusts the summoned departments: 改派 / 调整协办单位.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^改派") }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice.ok")).ToHaveTextAsync("已改派");
    }

    public async Task AcknowledgeAsync() =>
        await ActAsync(await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^签收：") }).InnerTextAsync(), "已签收");

    public async Task RecordProgressAsync(string note)
    {
        await OpenSectionAsync("记录进展");
        await page.GetByLabel("进展说明").FillAsync(note);
        await ActAsync("保存进展", "已记录进展");
    }

    /// <summary>Action forms sit in collapsed sections; a person taps the heading first.</summary>
    private async Task OpenSectionAsync(string summary)
    {
        var section = page.Locator("details.action", new() { Has = page.Locator("summary", new() { HasTextString = summary }) });
        if (await section.GetAttributeAsync("open") is null) await section.Locator("summary").ClickAsync();
    }

    public async Task ResolveAsync(string result, string photoName, byte[] photo)
    {
        await OpenSectionAsync("办结");
        await page.GetByLabel("办理结果（将告知反映人，并请其评价）").FillAsync(result);
        await page.GetByLabel("办理佐证（照片或PDF，可多选，每个不超过10MB）").SetInputFilesAsync(new FilePayload { Name = photoName, MimeType = "image/png", Buffer = photo });
        await ActAsync("办结", "已办结，已通知反映人评价");
    }
}
