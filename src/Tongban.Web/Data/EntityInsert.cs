using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tongban.Web.Data;

/// <summary>
/// One entity type's row as the database stores it, from the EF model: the same table, columns and value conversions
/// as SaveChanges (enums as numbers, SQLite's binary timestamps, UTC for PostgreSQL), without change tracking. Used by
/// a hot write path that only adds rows (appeal intake, <see cref="Prepare"/>) and by the bench's bulk generator
/// (<see cref="Values"/>); everything else goes through SaveChanges.
/// </summary>
public sealed class EntityInsert<T> where T : class
{
    private readonly Column[] _columns;
    private readonly IProperty? _storeKey;

    private sealed record Column(IProperty Property, IClrPropertyGetter Getter, ValueConverter? Converter, DbType Type);

    /// <param name="model">The context's model.</param>
    /// <param name="keyFromStore">True: the database gives the key (read back with RETURNING); false: the caller sets it.</param>
    public EntityInsert(IModel model, bool keyFromStore)
    {
        var type = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not mapped");
        EntityType = type;
        Table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(Table, type.GetSchema());
        if (keyFromStore) _storeKey = type.FindPrimaryKey()!.Properties.Single();
        var columns = new List<Column>();
        foreach (var p in type.GetProperties())
        {
            if (p == _storeKey) continue;
            if (p.GetBeforeSaveBehavior() != PropertySaveBehavior.Save) continue; // computed by the database
            if (p.IsShadowProperty())
                throw new NotSupportedException($"{typeof(T).Name}.{p.Name} is a shadow property; EntityInsert writes only what the entity holds");
            var converter = p.GetTypeMapping().Converter;
            var providerType = converter?.ProviderClrType ?? p.ClrType;
            columns.Add(new Column(p, p.GetGetter(), converter, DbTypeOf(Nullable.GetUnderlyingType(providerType) ?? providerType)));
        }
        _columns = [.. columns];
        Columns = _columns.Select(c => c.Property.GetColumnName(store)!).ToArray();
        var values = string.Join(", ", _columns.Select((_, i) => $"@p{i}"));
        _insertSql = $"INSERT INTO \"{Table}\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({values})";
        Sql = _insertSql + (_storeKey is null ? "" : $" RETURNING \"{_storeKey.GetColumnName(store)}\"");
    }

    public IEntityType EntityType { get; }

    public string Table { get; }

    /// <summary>The columns written, in the order of <see cref="Values"/>.</summary>
    public string[] Columns { get; }

    public string Sql { get; }

    // Without RETURNING: a batched insert whose store-given key nobody reads back.
    private readonly string _insertSql;

    /// <summary>The entity's values as the provider stores them, in the order of <see cref="Columns"/> (null for NULL).</summary>
    public object?[] Values(T entity)
    {
        var row = new object?[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var value = column.Getter.GetClrValue(entity);
            if (value is not null && column.Converter is { } converter) value = converter.ConvertToProvider(value);
            row[i] = value is DateTimeOffset t ? t.ToUniversalTime() : value;
        }
        return row;
    }

    /// <summary>This insert prepared on an open connection; reuse it for every row on that connection.</summary>
    public Prepared Prepare(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        AddParameters(command.Parameters, command.CreateParameter, null);
        command.Prepare();
        return new Prepared(this, command);
    }

    /// <summary>
    /// Adds the entity's insert to <paramref name="batch"/> (sent with the others in one round trip). A key the database
    /// gives is not read back: batch callers either set the key themselves or do not need it.
    /// </summary>
    public void AddTo(DbBatch batch, T entity)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = _insertSql;
        AddParameters(command.Parameters, command.CreateParameter, Values(entity));
        batch.BatchCommands.Add(command);
    }

    private void AddParameters(DbParameterCollection parameters, Func<DbParameter> create, object?[]? values)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var parameter = create();
            parameter.ParameterName = $"@p{i}";
            parameter.DbType = _columns[i].Type;
            parameter.Value = values?[i] ?? DBNull.Value;
            parameters.Add(parameter);
        }
    }

    /// <summary>The insert's command on one connection.</summary>
    public sealed class Prepared(EntityInsert<T> insert, DbCommand command) : IAsyncDisposable
    {
        /// <summary>Inserts the entity inside <paramref name="transaction"/>; a key given by the database is set on it.</summary>
        public async Task InsertAsync(DbTransaction transaction, T entity, CancellationToken ct = default)
        {
            command.Transaction = transaction;
            var values = insert.Values(entity);
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            if (insert._storeKey is not { } key)
            {
                await command.ExecuteNonQueryAsync(ct);
                return;
            }
            var given = await command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"no key returned for {typeof(T).Name}");
            key.PropertyInfo!.SetValue(entity, Convert.ChangeType(given, key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    private static DbType DbTypeOf(Type type) =>
        type == typeof(string) ? DbType.String
        : type == typeof(int) ? DbType.Int32
        : type == typeof(long) ? DbType.Int64
        : type == typeof(short) ? DbType.Int16
        : type == typeof(bool) ? DbType.Boolean
        : type == typeof(double) ? DbType.Double
        : type == typeof(decimal) ? DbType.Decimal
        : type == typeof(DateTimeOffset) ? DbType.DateTimeOffset
        : type == typeof(Guid) ? DbType.Guid
        : type == typeof(byte[]) ? DbType.Binary
        : throw new NotSupportedException($"EntityInsert<{typeof(T).Name}>: no parameter type for {type.Name}");
}
