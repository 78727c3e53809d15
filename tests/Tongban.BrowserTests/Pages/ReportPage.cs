using Microsoft.Playwright;

namespace Tongban.BrowserTests.Pages;

/// <summary>The phone report page behind a QR poster, driven by labels and roles as a resident would.</summary>
public sealed class ReportPage(IPage page)
{
    public Task OpenAsync(string placeCode) => page.GotoAsync($"/r/{placeCode}");

    public Task ChooseCategoryAsync(string name) => page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

    public Task ChooseKindAsync(string kind) => page.GetByLabel(kind, new() { Exact = true }).CheckAsync();

    public Task DescribeAsync(string text) => page.GetByLabel("问题描述").FillAsync(text);

    public Task AttachPhotoAsync(string name, byte[] png) =>
        page.GetByLabel("照片（选填").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/png", Buffer = png });

    /// <summary>Submits and returns the tracking code shown on the page that follows.</summary>
    public async Task<string> SubmitAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "/track/");
        return (await page.GetByTestId("tracking-code").InnerTextAsync()).Trim();
    }
}

/// <summary>The tracking page: the public timeline and the rating form.</summary>
public sealed class TrackPage(IPage page)
{
    public Task OpenAsync(string code) => page.GotoAsync($"/track/{code}");

    public ILocator Timeline => page.Locator("ol.timeline").First;

    public async Task<IReadOnlyList<string>> StepsAsync() =>
        (await Timeline.Locator("li").AllInnerTextsAsync()).Select(s => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Trim()).ToList();

    public async Task RateAsync(bool resolved, bool satisfied, string note)
    {
        await page.GetByLabel(resolved ? "已解决" : "未解决", new() { Exact = true }).CheckAsync();
        await page.GetByLabel(satisfied ? "满意" : "不满意", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("意见建议（选填）").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await PageChecks.WaitForAddressAsync(page, "rated=1");
    }
}
