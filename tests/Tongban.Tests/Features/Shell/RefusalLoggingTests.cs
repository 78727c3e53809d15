using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Shell;

/// <summary>The app with no demo data whose log lines the test can read.</summary>
public sealed class LogReadingFactory : EmptyTongbanFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(new Provider(Lines)));
    }

    private sealed class Provider(ConcurrentQueue<(string, LogLevel, string)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);
        public void Dispose() { }
    }

    private sealed class Logger(ConcurrentQueue<(string, LogLevel, string)> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

public sealed class RefusalLoggingTests(LogReadingFactory factory) : IClassFixture<LogReadingFactory>
{
    [Fact]
    public async Task A_page_that_answers_not_found_is_not_logged_as_an_unhandled_error()
    {
        // A refusal (404, 403, 409, 422) is an answer; logging each as "An unhandled exception has occurred" buried the
        // real faults and would page whoever watches the error log.
        var response = await factory.CreateClient().GetAsync("/guide/no-such-item");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("没有这个办事指南", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(factory.Lines, l => l.Level >= LogLevel.Error && l.Category.Contains("ExceptionHandlerMiddleware", StringComparison.Ordinal));
    }
}
