using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Tests.Infrastructure;

namespace Tongban.BrowserTests;

/// <summary>The app on a real Kestrel port on loopback, with its own clean database.</summary>
public class KestrelTongbanFactory : TongbanFactory
{
    public string BaseUrl { get; private set; } = "";

    protected override Uri ClientBaseAddress => new(BaseUrl + "/");

    // The deadline job would escalate the demo's overdue appeals while a page is being looked at; the job has its
    // own tests, these look at pages over fixed data.
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Appeals:Jobs:DeadlinesEnabled", "false")];

    protected override void StartHost()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');
    }
}

/// <summary>Debian's Chromium driven by Playwright, plus the running app, for one test class.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public KestrelTongbanFactory App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("TONGBAN_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        // Expectations wait as long as actions do: 5 s (Playwright's default) was once too short for a page to answer
        // on a loaded CI machine, and a slow answer is not what these tests are about.
        Assertions.SetDefaultExpectTimeout(15_000);
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--lang=zh-CN"],
            // Date inputs follow the browser's own locale, not the page's: Chinese needs the zh-CN locale pack
            // (chromium-l10n, installed by test.sh) and a Chinese environment, as a phone set to Chinese has.
            Env = ChineseEnvironment(),
        });
    }

    /// <summary>This process's environment (the browser gets only what is passed) with a Chinese locale.</summary>
    private static Dictionary<string, string> ChineseEnvironment()
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["LANGUAGE"] = "zh_CN";
        env["LANG"] = "zh_CN.UTF-8";
        env["LC_ALL"] = "zh_CN.UTF-8";
        return env;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) the size of a desktop or a 360 px phone.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Where screenshots and reports are kept: test-results/screenshots when run by test.sh.</summary>
    public static string OutputFolder()
    {
        var folder = Environment.GetEnvironmentVariable("TONGBAN_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Keeps a full-page screenshot in the test output.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = OutputFolder();
        var width = page.ViewportSize?.Width ?? 0;
        var path = Path.Combine(folder, $"{(App.Database.IsPostgres ? "pg" : "sqlite")}-{name}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
