using Npgsql;

namespace Tongban.Tests.Infrastructure;

/// <summary>
/// A clean database for one test class on the engine chosen by TONGBAN_TEST_DB (sqlite, the default, or postgres,
/// which needs TONGBAN_TEST_PG pointing at a server, as ./test.sh provides).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string? _databaseName;
    private readonly string? _folder;

    private TestDatabase(string provider, string connectionString, string? adminConnection, string? databaseName, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
        _folder = folder;
    }

    public string Provider { get; }
    public string ConnectionString { get; }
    public bool IsPostgres => Provider == "Postgres";

    public static bool PostgresSelected => string.Equals(Environment.GetEnvironmentVariable("TONGBAN_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static async Task<TestDatabase> CreateAsync()
    {
        if (PostgresSelected)
        {
            var admin = Environment.GetEnvironmentVariable("TONGBAN_TEST_PG")
                ?? throw new InvalidOperationException("TONGBAN_TEST_DB=postgres needs TONGBAN_TEST_PG (run ./test.sh, which starts a throwaway server).");
            var name = "tb_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
                await create.ExecuteNonQueryAsync();
            }
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 30 };
            return new TestDatabase("Postgres", builder.ConnectionString, admin, name, null);
        }
        var folder = Path.Combine(Path.GetTempPath(), "tongban-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return new TestDatabase("Sqlite", $"Data Source={Path.Combine(folder, "tongban.db")}", null, null, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
