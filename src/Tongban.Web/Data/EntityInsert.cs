using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tongban.Web.Data;

/// <summary>
/// A prepared single-row INSERT for one entity type, built from the EF model: the same table, columns and value
/// conversions as SaveChanges (enums as numbers, SQLite's binary timestamps, UTC for PostgreSQL), without change
/// tracking. For a hot write path that writes new rows only (appeal intake); everything else goes through SaveChanges.
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
        var table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties;
        if (keyFromStore) _storeKey = key.Single();
        var columns = new List<Column>();
        foreach (var p in type.GetProperties())
        {
            if (keyFromStore && p == _storeKey) continue;
            if (p.GetBeforeSaveBehavior() != PropertySaveBehavior.Save) continue; // computed by the database
            if (p.IsShadowProperty())
                throw new NotSupportedException($"{typeof(T).Name}.{p.Name} is a shadow property; EntityInsert writes only what the entity holds");
            var converter = p.GetTypeMapping().Converter;
            columns.Add(new Column(p, p.GetGetter(), converter, DbTypeOf(Nullable.GetUnderlyingType(converter?.ProviderClrType ?? p.ClrType) ?? converter?.ProviderClrType ?? p.ClrType)));
        }
        _columns = [.. columns];
        var names = string.Join(", ", _columns.Select(c => $"\"{c.Property.GetColumnName(store)}\""));
        var values = string.Join(", ", _columns.Select((_, i) => $"@p{i}"));
        Sql = $"INSERT INTO \"{table}\" ({names}) VALUES ({values})" + (_storeKey is null ? "" : $" RETURNING \"{_storeKey.GetColumnName(store)}\"");
    }

    public IEntityType EntityType { get; }

    public string Sql { get; }

    /// <summary>A prepared command for this insert on an open connection; reuse it for every row on that connection.</summary>
    public DbCommand Prepare(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        for (var i = 0; i < _columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.DbType = _columns[i].Type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }

    /// <summary>Inserts the entity with a command from <see cref="Prepare"/>; a key given by the database is set on it.</summary>
    public async Task InsertAsync(DbCommand command, DbTransaction transaction, T entity, CancellationToken ct = default)
    {
        command.Transaction = transaction;
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var value = column.Getter.GetClrValue(entity);
            if (value is not null && column.Converter is { } converter) value = converter.ConvertToProvider(value);
            command.Parameters[i].Value = value switch { null => DBNull.Value, DateTimeOffset t => t.ToUniversalTime(), _ => value };
        }
        if (_storeKey is null)
        {
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        var key = await command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"no key returned for {typeof(T).Name}");
        _storeKey.PropertyInfo!.SetValue(entity, Convert.ChangeType(key, _storeKey.ClrType, System.Globalization.CultureInfo.InvariantCulture));
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
