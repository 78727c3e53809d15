using Tongban.Web.Data;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// SQLite only: once an interval (a second by default), asks the intake writer to bring the full-text index up to
/// date, so appeals that other code paths inserted (demo data, an import) are indexed even while nobody submits. The
/// writer itself indexes what it wrote every <see cref="AppealIntakeWriter.SearchIndexBatch"/> appeals or every
/// interval. Real time, not the app's clock: a test's frozen clock must not stop indexing. With nothing to index, a
/// nudge costs one primary-key probe (no write lock). Every <see cref="CheckEvery"/> it also checks that the index
/// keeps up (<see cref="AppealSearchIndexHealth"/>).
/// </summary>
public sealed class AppealSearchIndexing(AppealIntakeWriter writer, DatabaseOptions database, AppealSearchIndexHealth health,
    IServiceScopeFactory scopes, TimeProvider clock, ILogger<AppealSearchIndexing> log) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.IsPostgres(database)) return; // PostgreSQL's GIN index takes each row in as it is inserted
        using var timer = new PeriodicTimer(writer.SearchIndexInterval);
        long? checkedAt = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                writer.IndexSearchTail();
                if (checkedAt is { } last && System.Diagnostics.Stopwatch.GetElapsedTime(last) < CheckEvery) continue;
                checkedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var state = await health.CheckAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), clock.GetUtcNow(), ct);
            if (state.Problem is { } problem) log.LogError("{Problem}", problem);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "检查诉求全文索引进度失败");
        }
    }
}
