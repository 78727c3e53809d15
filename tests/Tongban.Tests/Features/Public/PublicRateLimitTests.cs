using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Public;

/// <summary>Small limits so a test reaches them in a few requests.</summary>
public sealed class TightDeviceLimitFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Public:WritesPerDevicePerHour", "2"),
        new("Public:WritesPerAddressPerHour", "1000"),
    ];
}

public sealed class TightAddressLimitFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Public:WritesPerDevicePerHour", "1000"),
        new("Public:WritesPerAddressPerHour", "3"),
        new("Public:ReadsPerAddressPerMinute", "4"),
    ];
}

public sealed class PublicDeviceLimitTests(TightDeviceLimitFactory factory) : IClassFixture<TightDeviceLimitFactory>
{
    [Fact]
    public async Task A_device_that_submits_too_often_gets_429_in_chinese_while_other_devices_go_on()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        async Task<HttpResponseMessage> Submit(string device, int n)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals")
            {
                Content = JsonContent.Create(new { placeCode = b.Code, categoryId = ev, description = $"第{n}次反映飞线充电问题" }),
            };
            request.Headers.Add("X-Device-Id", device);
            return await factory.CreateClient().SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Created, (await Submit("phoneAAAA1111", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Submit("phoneAAAA1111", 2)).StatusCode);
        var before = await PublicTestData.CountsAsync(factory);
        var refused = await Submit("phoneAAAA1111", 3);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("请求过于频繁，请稍后再试", problem.GetProperty("title").GetString());
        Assert.Contains("提交过于频繁", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(before, await PublicTestData.CountsAsync(factory));

        Assert.Equal(HttpStatusCode.Created, (await Submit("phoneBBBB2222", 4)).StatusCode);
        // Reading is not writing: the limited device can still follow its appeals.
        var track = new HttpRequestMessage(HttpMethod.Get, "/api/v1/public/categories");
        track.Headers.Add("X-Device-Id", "phoneAAAA1111");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(track)).StatusCode);

        // The phone page counts by the device cookie and answers with a Chinese page.
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var html = await browser.GetStringAsync($"/r/{b.Code}?c={ev}");
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await browser.PostAsync($"/r/{b.Code}?c={ev}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
                ["Input.CategoryId"] = ev.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Input.Description"] = $"网页第{i}次反映",
            }));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        var page = await last.Content.ReadAsStringAsync();
        Assert.Contains("提交过于频繁", page, StringComparison.Ordinal);
        Assert.Contains("已填写的内容", page, StringComparison.Ordinal);
        Assert.True(last.Headers.Contains("Retry-After"));
        // It is the resident site: its header, footer and large-text switch (returning to the same page), not a bare page.
        Assert.Contains("<body class=\"public", page, StringComparison.Ordinal);
        Assert.Contains("action=\"/Shell/LargeText\"", page, StringComparison.Ordinal);
        Assert.Contains("大字模式", page, StringComparison.Ordinal);
        Assert.Contains("凭查询码查看进度", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"/r/{b.Code}?c={ev}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("返回工作台", page, StringComparison.Ordinal);
    }
}

public sealed class PublicAddressLimitTests(TightAddressLimitFactory factory) : IClassFixture<TightAddressLimitFactory>
{
    [Fact]
    public async Task One_address_is_limited_across_devices_and_tracking_lookups_are_limited_too()
    {
        var b = await PublicTestData.BuildingAsync(factory);
        var ev = await PublicTestData.CategoryIdAsync(factory, "ev");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals")
            {
                Content = JsonContent.Create(new { placeCode = b.Code, categoryId = ev, description = $"同一网络第{i}台手机反映" }),
            };
            request.Headers.Add("X-Device-Id", $"device{i}xxxxxxxx");
            statuses.Add((await factory.CreateClient().SendAsync(request)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);

        var reads = new List<HttpStatusCode>();
        // Codes without 5, 8 or 2, so each is one look-up (an old code's readings would count too: OldTrackingCodeTests).
        for (var i = 0; i < 5; i++) reads.Add((await factory.CreateClient().GetAsync($"/api/v1/public/track/ACDE349{"ACDEF"[i]}")).StatusCode);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], reads);

        // A look-up refused is told as a look-up: nothing was being sent, so no word of 提交 or 刷单, nor of typed text kept.
        var refused = await factory.CreateClient().GetAsync("/api/v1/public/track/ABCD2345");
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        var page = await factory.CreateClient().GetAsync("/track/ABCD2345");
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (refused.StatusCode, page.StatusCode));
        var html = await page.Content.ReadAsStringAsync();
        foreach (var said in new[] { detail, html })
        {
            Assert.Contains("查询过于频繁", said, StringComparison.Ordinal);
            Assert.DoesNotContain("提交", said, StringComparison.Ordinal);
            Assert.DoesNotContain("刷单", said, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("已填写的内容", html, StringComparison.Ordinal);

        // In large-text mode the refusal is in large text too, like /track itself.
        var large = new HttpRequestMessage(HttpMethod.Get, "/track/ABCD2345");
        large.Headers.Add("Cookie", "tb-large=1");
        var largePage = await factory.CreateClient().SendAsync(large);
        Assert.Equal(HttpStatusCode.TooManyRequests, largePage.StatusCode);
        var largeHtml = await largePage.Content.ReadAsStringAsync();
        Assert.Contains("class=\"public large-text\"", largeHtml, StringComparison.Ordinal);
        Assert.Contains("标准字号", largeHtml, StringComparison.Ordinal);
    }
}
