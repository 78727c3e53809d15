using Microsoft.Playwright;

namespace Tongban.BrowserTests.Services;

/// <summary>The window workbench and one application's page, found by labels and button names as staff see them.</summary>
public sealed class WindowDeskPage(IPage page)
{
    public async Task ReceiveAsync(string itemName, string applicant)
    {
        await page.GotoAsync("/Services");
        await page.GetByLabel("办理事项").SelectOptionAsync(new SelectOptionValue { Label = itemName });
        await page.GetByLabel("申请人姓名").FillAsync(applicant);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始接待，核对材料" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/Services/Applications/[^/]+$");
    }

    public ILocator Materials => page.GetByRole(AriaRole.List, new() { Name = "材料清单" }).GetByRole(AriaRole.Checkbox);

    public Task TickAllAsync() => page.GetByRole(AriaRole.Button, new() { Name = "全部已收" }).ClickAsync();

    public async Task ChooseAsync(string buttonStartsWith)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + buttonStartsWith) }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "done=");
    }

    public async Task<IPage> OpenPrintSheetAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "打印一次性告知单（本件）" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/print$");
        return page;
    }
}

/// <summary>The resident's guide and booking pages.</summary>
public sealed class GuideBookingPage(IPage page)
{
    public async Task SearchAsync(string words)
    {
        await page.GotoAsync("/guide");
        await page.GetByLabel("搜索事项").FillAsync(words);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
    }

    public async Task OpenItemAsync(string name) => await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    public async Task StartBookingAsync(string community)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "预约办理" }).ClickAsync();
        await page.GetByLabel("社区").SelectOptionAsync(new SelectOptionValue { Label = community });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看可预约时段" }).ClickAsync();
    }

    /// <summary>Shows the first day with evening hours (延时服务).</summary>
    /// <summary>The first weekday with evening hours after today (today's evening slots may already have gone by).</summary>
    public async Task ChooseEveningDayAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator($"nav[aria-label='选择日期'] a:not([href*='day={today}'])").Filter(new() { HasText = "含晚间" }).First.ClickAsync();
    }

    /// <summary>The first free slot at the given time (the label reads e.g. "19:00-19:30 延时").</summary>
    public async Task ChooseSlotAsync(string time) =>
        await page.Locator("label.slot:not(.full)").Filter(new() { HasText = time }).First.ClickAsync();

    public async Task<string> ConfirmAsync(string name, string phone)
    {
        await page.GetByLabel("姓名").FillAsync(name);
        await page.GetByLabel("手机号").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认预约" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "预约成功" })).ToBeVisibleAsync();
        return await page.GetByTestId("appointment-code").InnerTextAsync();
    }

    /// <summary>From the booking's confirmation, 我的预约 with the code filled in: give the phone number and look it up.</summary>
    public async Task LookUpFromConfirmationAsync(string phone)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "我的预约" }).ClickAsync();
        await page.GetByLabel("预约时留的手机号").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的预约" })).ToBeVisibleAsync();
    }

    public async Task CancelAsync()
    {
        await page.GetByTestId("cancel-appointment").ClickAsync();
        await Assertions.Expect(page.GetByTestId("booking-cancelled")).ToBeVisibleAsync();
    }
}
