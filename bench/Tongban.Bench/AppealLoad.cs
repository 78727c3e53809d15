using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tongban.Web.Data;

namespace Tongban.Bench;

/// <summary>
/// Loads generated appeals the way a bulk load is done in practice: the search index is dropped, the rows are
/// written in bulk, and the index is built once (FTS5 'rebuild' on SQLite, CREATE INDEX on PostgreSQL).
/// </summary>
public static class AppealLoad
{
    public static async Task GenerateAsync(ServiceProvider services, int count, Report report)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        db.SuppressEntityAudit = true;
        db.Database.SetCommandTimeout(TimeSpan.FromHours(3)); // building a search index over millions of rows takes a while
        var total = System.Diagnostics.Stopwatch.StartNew();
        AppealGenerator.Result result;
        var index = System.Diagnostics.Stopwatch.StartNew();
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)db.Database.GetDbConnection();
            await pg.OpenAsync();
            await db.Database.ExecuteSqlRawAsync("""DROP INDEX IF EXISTS "IX_Appeals_SearchText_gin" """);
            result = await new AppealGenerator(db, new PostgresBulkWriter(pg), Console.Out).GenerateAsync(count, DateTimeOffset.UtcNow);
            index.Restart();
            await db.Database.ExecuteSqlRawAsync("SET maintenance_work_mem = '1GB'");
            await db.Database.ExecuteSqlRawAsync("""CREATE INDEX "IX_Appeals_SearchText_gin" ON "Appeals" USING gin (to_tsvector('simple', "SearchText"))""");
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Appeals"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "Appeals"))""");
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"AppealAssignments"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "AppealAssignments"))""");
        }
        else
        {
            var sqlite = (SqliteConnection)db.Database.GetDbConnection();
            await sqlite.OpenAsync();
            // Generation only: the measured runs reopen the file with the app's durable settings.
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
            result = await new AppealGenerator(db, new SqliteBulkWriter(sqlite), Console.Out).GenerateAsync(count, DateTimeOffset.UtcNow);
            index.Restart();
            // The generated rows bypass the writer: index them all at once and move the progress mark past them.
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AppealSearch"("AppealSearch") VALUES ('rebuild')""");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AppealSearchProgress" SET "IndexedThrough" = (SELECT COALESCE(MAX("Id"), 0) FROM "Appeals")""");
        }
        var indexSeconds = index.Elapsed.TotalSeconds;
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        report.Line($"generate-appeals: {result.Appeals:N0} appeals ({result.Open:N0} open), {result.Assignments:N0} assignments; rows {result.Elapsed.TotalSeconds:F0} s, search index {indexSeconds:F0} s, total with ANALYZE {total.Elapsed.TotalSeconds:F0} s");
    }
}
