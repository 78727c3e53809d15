using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tongban.Web.Data;

namespace Tongban.Bench;

/// <summary>
/// Turns entities into bulk-writer rows through the EF model: the same table, columns and value conversions the app
/// uses (enums to numbers, SQLite's binary timestamps), so generated rows are exactly what the app would have written.
/// </summary>
public sealed class EntityRows<T> where T : class
{
    private readonly (IClrPropertyGetter Getter, ValueConverter? Converter)[] _columns;

    public EntityRows(AppDbContext db)
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not mapped");
        Table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(Table, type.GetSchema());
        var properties = type.GetProperties().Where(p => !p.IsShadowProperty()).ToList();
        Columns = properties.Select(p => p.GetColumnName(store)!).ToArray();
        _columns = properties.Select(p => (p.GetGetter(), p.GetTypeMapping().Converter)).ToArray();
    }

    public string Table { get; }
    public string[] Columns { get; }

    public object?[] Row(T entity)
    {
        var row = new object?[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = _columns[i].Getter.GetClrValue(entity);
            if (value is null) continue;
            if (_columns[i].Converter is { } converter) value = converter.ConvertToProvider(value);
            row[i] = value is DateTimeOffset t ? t.ToUniversalTime() : value;
        }
        return row;
    }
}
