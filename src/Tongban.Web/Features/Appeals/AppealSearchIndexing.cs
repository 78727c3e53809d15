using Tongban.Web.Data;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// SQLite only: once an interval (a second by default), asks the intake writer to bring the full-text index up to
/// date, so appeals that other code paths inserted (demo data, an import) are indexed even while nobody submits. The
/// writer itself indexes what it wrote every <see cref="AppealIntakeWriter.SearchIndexBatch"/> appeals or every
/// interval. Real time, not the app's clock: a test's frozen clock must not stop indexing. With nothing to index, a
/// nudge costs one primary-key probe (no write lock).
/// </summary>
public sealed class AppealSearchIndexing(AppealIntakeWriter writer, DatabaseOptions database) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.IsPostgres(database)) return; // PostgreSQL's GIN index takes each row in as it is inserted
        using var timer = new PeriodicTimer(writer.SearchIndexInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) writer.IndexSearchTail();
        }
        catch (OperationCanceledException) { }
    }
}
