using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace Tongban.Bench;

/// <summary>Writes many rows fast: COPY (binary) on PostgreSQL, prepared inserts in large transactions on SQLite.</summary>
public interface IBulkWriter
{
    Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows);
}

public sealed class PostgresBulkWriter(NpgsqlConnection connection) : IBulkWriter
{
    public async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({columnList}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: await importer.WriteNullAsync(); break;
                    case string s: await importer.WriteAsync(s, NpgsqlDbType.Text); break;
                    case int i: await importer.WriteAsync(i, NpgsqlDbType.Integer); break;
                    case long l: await importer.WriteAsync(l, NpgsqlDbType.Bigint); break;
                    case bool b: await importer.WriteAsync(b, NpgsqlDbType.Boolean); break;
                    case decimal d: await importer.WriteAsync(d, NpgsqlDbType.Numeric); break;
                    case double f: await importer.WriteAsync(f, NpgsqlDbType.Double); break;
                    case DateTimeOffset t: await importer.WriteAsync(t, NpgsqlDbType.TimestampTz); break;
                    default: throw new NotSupportedException(value.GetType().Name);
                }
            }
        }
        await importer.CompleteAsync();
    }
}

public sealed class SqliteBulkWriter(SqliteConnection connection) : IBulkWriter
{
    private static readonly DateTimeOffsetToBinaryConverter Times = new();

    public async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        DbTransaction transaction = await connection.BeginTransactionAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction)transaction;
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        var count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
                parameters[i].Value = row[i] switch { null => DBNull.Value, DateTimeOffset t => Times.ConvertToProvider(t), var v => v };
            await command.ExecuteNonQueryAsync();
            if (++count % 50_000 == 0)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                transaction = await connection.BeginTransactionAsync();
                command.Transaction = (SqliteTransaction)transaction;
            }
        }
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await command.DisposeAsync();
    }
}
