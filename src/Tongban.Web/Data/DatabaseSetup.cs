using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Data;

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default, a file under <see cref="DataFolder"/>) or Postgres.</summary>
    public string Provider { get; set; } = "Sqlite";
    public string DataFolder { get; set; } = "data";
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddTongbanDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        // The context options depend on configuration only, so they are built once (singleton), not again for every request.
        var connectionString = builder.Configuration.GetConnectionString("Tongban");
        if (IsPostgres(options))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("使用 PostgreSQL 时必须配置 ConnectionStrings:Tongban。");
            builder.Services.AddDbContext<PostgresAppDbContext>(o => ConfigurePostgres(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
            builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var folder = Path.GetFullPath(options.DataFolder);
                Directory.CreateDirectory(folder);
                connectionString = $"Data Source={Path.Combine(folder, "tongban.db")}";
            }
            builder.Services.AddDbContext<SqliteAppDbContext>(o => ConfigureSqlite(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
            builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
        }
        return builder;
    }

    public static bool IsPostgres(DatabaseOptions options) =>
        options.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || options.Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, x => x.MigrationsHistoryTable("__EFMigrationsHistory"));

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString).AddInterceptors(SqliteSetup.Interceptor);

    /// <summary>Applies this provider's migrations before the app serves its first request.</summary>
    public static async Task MigrateTongbanDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart) await db.Database.MigrateAsync();
        foreach (var seeder in scope.ServiceProvider.GetServices<IStartupSeeder>())
        {
            try
            {
                await seeder.EnsureAsync(db, CancellationToken.None);
            }
            catch (DbUpdateException e)
            {
                // Another node wrote the same reference rows at the same moment; the unique indexes kept one copy.
                app.Logger.LogInformation(e, "{Seeder} 的基础数据已由其他节点写入", seeder.GetType().Name);
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>SQLite pragmas for durable commits under concurrent readers, and a pinyin collation.</summary>
public static class SqliteSetup
{
    public const string PinyinCollation = "PINYIN";

    public static readonly DbConnectionInterceptor Interceptor = new PragmaInterceptor();

    /// <summary>Database handles already set up: the pool hands the same handle out again and its PRAGMAs persist.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = new();

    internal static void Prepare(SqliteConnection connection)
    {
        // A collation belongs to the SqliteConnection object (it is taken off the handle when that object closes), so every open adds it.
        connection.CreateCollation(PinyinCollation, (a, b) => ChineseText.PinyinComparer.Compare(a, b));
        // The PRAGMAs belong to the handle: run them once per handle, not on every open (EF opens for each query).
        if (connection.Handle is not { } handle || Prepared.TryGetValue(handle, out _)) return;
        Prepared.AddOrUpdate(handle, handle);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
    }

    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection sqlite) Prepare(sqlite);
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (connection is SqliteConnection sqlite) Prepare(sqlite);
            return Task.CompletedTask;
        }
    }

    /// <summary>SQLite has no DateTimeOffset type: store UTC ticks so that ordering and comparison work in SQL.</summary>
    internal static void UseSortableTimes(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configuration.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The identity used by tools and start-up work: no scope limit.</summary>
public sealed class SystemUser : ICurrentUser
{
    public string? UserId => null;
    public string UserName => "系统";
    public bool IsAuthenticated => false;
    public bool IsInRole(string role) => false;
    public bool HasPermission(string permission) => true;
    public string? ScopePath => null;
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DatabaseSetup.ConfigureSqlite(o, "Data Source=design.db");
        return new SqliteAppDbContext(o.Options, new SystemUser());
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DatabaseSetup.ConfigurePostgres(o, "Host=localhost;Database=tongban_design");
        return new PostgresAppDbContext(o.Options, new SystemUser());
    }
}
