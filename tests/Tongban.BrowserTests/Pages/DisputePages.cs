using Microsoft.Playwright;

namespace Tongban.BrowserTests.Pages;

/// <summary>The dispute pages as a secretary or a mediator uses them, found by labels and button names.</summary>
public sealed class DisputePages(IPage page)
{
    public async Task<long> RegisterAsync(string title, string facts, (string Name, string Address, string? Phone)[] parties)
    {
        await page.GotoAsync("/Disputes/New");
        await Label("案由").FillAsync(title);
        await Label("纠纷类型").SelectOptionAsync("Neighbour");
        await Label("纠纷基本情况").FillAsync(facts);
        for (var i = 0; i < parties.Length; i++)
        {
            await page.Locator($"#Form_Parties_{i}__Name").FillAsync(parties[i].Name);
            await page.Locator($"#Form_Parties_{i}__Address").FillAsync(parties[i].Address);
            if (parties[i].Phone is { } phone) await page.Locator($"#Form_Parties_{i}__Phone").FillAsync(phone);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "受理登记" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/Disputes/\\d+");
        return long.Parse(page.Url.Split('/').Last().Split('#')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task AssessAndAssignAsync(string mediatorName)
    {
        await Label("风险等级").SelectOptionAsync("Low");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存研判" }).ClickAsync();
        await Label("主办调解员").SelectOptionAsync(new SelectOptionValue { Label = mediatorName });
        await page.GetByRole(AriaRole.Button, new() { Name = "指派", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(mediatorName);
    }

    public async Task RecordVisitSessionAsync(DateTimeOffset at, string place, string attendees, string record)
    {
        await OpenAsync("记录调解（调解笔录）");
        await Label("开始时间").FillAsync(at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Label("方式").SelectOptionAsync("Separate");
        await Label("地点").FillAsync(place);
        await Label("到场人员").FillAsync(attendees);
        await Label("调解笔录").FillAsync(record);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存笔录" }).ClickAsync();
        await Assertions.Expect(page.Locator(".session").Last).ToContainTextAsync(place);
    }

    public async Task DraftAgreementAsync(string facts, string matters, string responsibilities, string terms, string manner, string deadline)
    {
        await OpenAsync("书面调解协议（人民调解法第二十九条）");
        await Label("纠纷的主要事实").FillAsync(facts);
        await Label("争议事项").FillAsync(matters);
        await Label("各方当事人的责任").FillAsync(responsibilities);
        await Label("协议内容").FillAsync(terms);
        await Label("履行方式").FillAsync(manner);
        await Label("履行期限").FillAsync(deadline);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
    }

    public async Task FinaliseAsync(DateOnly signedOn)
    {
        await OpenAsync("书面调解协议（人民调解法第二十九条）");
        await Label("各方签字（盖章、按指印）日期").FillAsync(signedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "确认协议生效" }).ClickAsync();
        await Assertions.Expect(page.Locator(".case-tags")).ToContainTextAsync("达成书面协议");
    }

    public async Task RecordFollowUpAsync(DateOnly on, string visitedWith, string note)
    {
        await OpenAsync("回访");
        await Label("回访日期").FillAsync(on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Label("协议履行情况").SelectOptionAsync("Fulfilled");
        await Label("回访对象").FillAsync(visitedWith);
        await Label("回访情况").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "登记回访" }).ClickAsync();
        await Assertions.Expect(page.Locator(".case-tags")).ToContainTextAsync("已回访");
    }

    private ILocator Label(string text) => page.GetByLabel(text, new() { Exact = true });

    /// <summary>Opens a collapsed action section by its summary.</summary>
    private async Task OpenAsync(string summary)
    {
        var details = page.Locator("details", new() { Has = page.Locator("summary", new() { HasTextString = summary }) }).First;
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
    }
}
