using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record DuplicateCandidate(long Id, string Number, string TrackingCode, string Title, string State, DateTimeOffset SubmittedAt, int SupporterCount, double? DistanceMetres);

/// <summary>
/// Whose view the candidates are drawn from: the appeal query filter's rule (within the area subtree, or currently
/// dispatched to the user). A null <see cref="ScopePath"/> sees every appeal (public intake, system work).
/// </summary>
public readonly record struct DuplicateScope(string? ScopePath, string? UserId)
{
    public static readonly DuplicateScope Everyone = new(null, null);
}

/// <summary>Open appeals of the same category at the same building or within a radius, offered before a duplicate is filed.</summary>
public sealed class FindDuplicates(AppDbContext db)
{
    public const double RadiusMetres = 150;

    public async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(int categoryId, int? buildingId, double? latitude, double? longitude,
        long? excludeId, bool publicIntake, CancellationToken ct = default)
    {
        var scope = publicIntake ? DuplicateScope.Everyone : new DuplicateScope(db.CurrentUser.ScopePath, db.CurrentUser.UserId);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var query = new DuplicateQuery(db.Database.GetDbConnection(), db.Model, prepare: false);
            return await query.FindAsync(db.Database.CurrentTransaction?.GetDbTransaction(), scope, categoryId, buildingId, latitude, longitude, excludeId ?? 0, ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        double ToRad(double d) => d * Math.PI / 180;
        var dLat = ToRad(lat2 - lat1);
        var dLon = ToRad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(ToRad(lat1)) * Math.Cos(ToRad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }
}

/// <summary>One row a duplicate search read: the candidate and where it is (for the radius check).</summary>
public readonly record struct DuplicateRow(DuplicateCandidate Candidate, double? Latitude, double? Longitude)
{
    /// <summary>A new appeal not yet visible to SQL (written earlier in the same intake batch) as a row.</summary>
    public static DuplicateRow Of(Appeal a) =>
        new(new DuplicateCandidate(a.Id, a.Number, a.TrackingCode, a.Title, a.State.ToString(), a.SubmittedAt, a.SupporterCount, null), a.Latitude, a.Longitude);
}

/// <summary>
/// The duplicate search as two SQL commands on one connection: prepared once when the connection lives long (the intake
/// writer runs it for every new appeal inside its batch), used once (<see cref="FindDuplicates"/>), or added to a batch
/// of commands sent in one round trip (the intake writer on PostgreSQL, <see cref="AddTo"/>). Plain SQL, the same on both
/// engines; the area rule is the appeal query filter's (AppDbContext), written out.
/// </summary>
public sealed class DuplicateQuery : IAsyncDisposable
{
    private const string Columns = """a."Id", a."Number", a."TrackingCode", a."Title", a."State", a."SubmittedAt", a."SupporterCount", a."Latitude", a."Longitude" """;
    private static string Visible(string a) => $"""
        {a}."CategoryId" = @category AND {a}."Id" <> @exclude AND {a}.{AppealDeadlines.OpenStatesSql}
          AND (@low IS NULL OR ({a}."AreaPath" >= @low AND {a}."AreaPath" < @high)
               OR EXISTS (SELECT 1 FROM "AppealAssignments" AS x WHERE x."AppealId" = {a}."Id" AND x."AssigneeUserId" = @user AND x."EndedAt" IS NULL))
        """;

    // Walks the open appeals of the category at the building in the order offered (index IX_Appeals_Open_Duplicates) and
    // stops at the fifth visible one: a building can gather dozens, each on its own page.
    private static readonly string AtBuildingSql = $"""
        SELECT {Columns} FROM "Appeals" AS a WHERE {Visible("a")} AND a."BuildingId" = @building ORDER BY a."SupporterCount" DESC, a."Id" LIMIT 5
        """;

    // A bounding box narrows the rows in SQL; the exact distance is checked after.
    private static readonly string NearSql =
        $"""SELECT {Columns} FROM "Appeals" AS a WHERE {Visible("a")} AND a."Latitude" >= @south AND a."Latitude" <= @north AND a."Longitude" >= @west AND a."Longitude" <= @east LIMIT 50""";

    private static readonly (string Name, DbType Type)[] Common =
        [("@category", DbType.Int32), ("@exclude", DbType.Int64), ("@low", DbType.String), ("@high", DbType.String), ("@user", DbType.String)];
    private static readonly (string Name, DbType Type)[] AtBuildingExtra = [("@building", DbType.Int32)];
    private static readonly (string Name, DbType Type)[] NearExtra = [("@south", DbType.Double), ("@north", DbType.Double), ("@west", DbType.Double), ("@east", DbType.Double)];

    private readonly DbCommand _atBuilding;
    private readonly DbCommand _near;
    private readonly ValueConverter? _times;

    public DuplicateQuery(DbConnection connection, Microsoft.EntityFrameworkCore.Metadata.IModel model, bool prepare)
    {
        _times = TimeConverter(model);
        _atBuilding = connection.CreateCommand();
        _atBuilding.CommandText = AtBuildingSql;
        AddParameters(_atBuilding.Parameters, _atBuilding.CreateParameter, AtBuildingExtra);
        _near = connection.CreateCommand();
        _near.CommandText = NearSql;
        AddParameters(_near.Parameters, _near.CreateParameter, NearExtra);
        if (!prepare) return;
        _atBuilding.Prepare();
        _near.Prepare();
    }

    public async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(DbTransaction? transaction, DuplicateScope scope, int categoryId, int? buildingId,
        double? latitude, double? longitude, long excludeId, CancellationToken ct = default)
    {
        List<DuplicateRow> same = [];
        if (buildingId is { } b)
        {
            _atBuilding.Transaction = transaction;
            Bind(_atBuilding.Parameters, scope, categoryId, excludeId);
            _atBuilding.Parameters["@building"].Value = b;
            same = await ReadAsync(_atBuilding, ct);
            if (same.Count > 0) return Pick(same, [], latitude, longitude);
        }
        if (latitude is not { } lat || longitude is not { } lon) return [];
        _near.Transaction = transaction;
        Bind(_near.Parameters, scope, categoryId, excludeId);
        BindBox(_near.Parameters, lat, lon);
        return Pick(same, await ReadAsync(_near, ct), latitude, longitude);
    }

    /// <summary>
    /// Adds this search's commands to <paramref name="batch"/>: one result set for the building (if any), then one for
    /// the radius (if a point is given). Read them back, in that order, with <see cref="ReadFromAsync"/>.
    /// </summary>
    public static void AddTo(DbBatch batch, DuplicateScope scope, int categoryId, int? buildingId, double? latitude, double? longitude)
    {
        if (buildingId is { } b)
        {
            var command = Add(batch, AtBuildingSql, AtBuildingExtra);
            Bind(command.Parameters, scope, categoryId, 0);
            command.Parameters["@building"].Value = b;
        }
        if (latitude is { } lat && longitude is { } lon)
        {
            var command = Add(batch, NearSql, NearExtra);
            Bind(command.Parameters, scope, categoryId, 0);
            BindBox(command.Parameters, lat, lon);
        }
    }

    /// <summary>How the model stores <see cref="Appeal.SubmittedAt"/> (SQLite: ticks; PostgreSQL: natively, null); give it to <see cref="ReadFromAsync"/>.</summary>
    public static ValueConverter? TimeConverter(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.FindEntityType(typeof(Appeal))!.FindProperty(nameof(Appeal.SubmittedAt))!.GetTypeMapping().Converter;

    /// <summary>
    /// Reads the result sets <see cref="AddTo"/> added for one search. <paramref name="next"/> moves the reader to the
    /// next result set (the caller knows whether the reader already stands on one).
    /// </summary>
    public static async Task<(List<DuplicateRow> AtBuilding, List<DuplicateRow> Near)> ReadFromAsync(DbDataReader reader, Func<Task> next,
        ValueConverter? times, int? buildingId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        List<DuplicateRow> same = [], near = [];
        if (buildingId is not null)
        {
            await next();
            same = await ReadRowsAsync(reader, times, ct);
        }
        if (latitude is not null && longitude is not null)
        {
            await next();
            near = await ReadRowsAsync(reader, times, ct);
        }
        return (same, near);
    }

    /// <summary>
    /// The offer from what was read: the building's top five (most supporters, then oldest) if it has any, else the
    /// nearest five within the radius. Rows may come from SQL and from appeals written earlier in the same batch.
    /// </summary>
    public static IReadOnlyList<DuplicateCandidate> Pick(List<DuplicateRow> atBuilding, List<DuplicateRow> near, double? latitude, double? longitude)
    {
        if (atBuilding.Count > 0)
            return atBuilding.Select(r => r.Candidate).OrderByDescending(c => c.SupporterCount).ThenBy(c => c.Id).Take(5).ToList();
        if (latitude is not { } lat || longitude is not { } lon) return [];
        return near.Where(r => r.Latitude is not null && r.Longitude is not null)
            .Select(r => r.Candidate with { DistanceMetres = Math.Round(FindDuplicates.Distance(lat, lon, r.Latitude!.Value, r.Longitude!.Value)) })
            .Where(c => c.DistanceMetres <= FindDuplicates.RadiusMetres).OrderBy(c => c.DistanceMetres).ThenBy(c => c.Id).Take(5).ToList();
    }

    /// <summary>Whether the search would find a new appeal written earlier in the same batch (by building or by radius, checked apart).</summary>
    public static bool Sees(Appeal candidate, DuplicateScope scope, int categoryId) =>
        candidate.CategoryId == categoryId && AppealDeadlines.IsOpen(candidate.State) && AreaPaths.Contains(scope.ScopePath, candidate.AreaPath);

    /// <summary>Whether a point lies in the bounding box the radius query reads (the exact distance is checked in <see cref="Pick"/>).</summary>
    public static bool InBox(double latitude, double longitude, double? otherLatitude, double? otherLongitude)
    {
        if (otherLatitude is not { } y || otherLongitude is not { } x) return false;
        var (dLat, dLon) = Box(latitude);
        return y >= latitude - dLat && y <= latitude + dLat && x >= longitude - dLon && x <= longitude + dLon;
    }

    private static (double Lat, double Lon) Box(double latitude) =>
        (FindDuplicates.RadiusMetres / 111_320d, FindDuplicates.RadiusMetres / (111_320d * Math.Cos(latitude * Math.PI / 180)));

    private static DbBatchCommand Add(DbBatch batch, string sql, (string Name, DbType Type)[] extra)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        AddParameters(command.Parameters, command.CreateParameter, extra);
        batch.BatchCommands.Add(command);
        return command;
    }

    private static void AddParameters(DbParameterCollection parameters, Func<DbParameter> create, (string Name, DbType Type)[] extra)
    {
        foreach (var (name, type) in Common.Concat(extra))
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = DBNull.Value;
            parameters.Add(parameter);
        }
    }

    private static void Bind(DbParameterCollection parameters, DuplicateScope scope, int categoryId, long excludeId)
    {
        parameters["@category"].Value = categoryId;
        parameters["@exclude"].Value = excludeId;
        parameters["@low"].Value = (object?)scope.ScopePath ?? DBNull.Value;
        parameters["@high"].Value = scope.ScopePath is { } low ? AreaPaths.UpperBound(low) : DBNull.Value;
        parameters["@user"].Value = (object?)scope.UserId ?? DBNull.Value;
    }

    private static void BindBox(DbParameterCollection parameters, double lat, double lon)
    {
        var (dLat, dLon) = Box(lat);
        parameters["@south"].Value = lat - dLat;
        parameters["@north"].Value = lat + dLat;
        parameters["@west"].Value = lon - dLon;
        parameters["@east"].Value = lon + dLon;
    }

    private async Task<List<DuplicateRow>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadRowsAsync(reader, _times, ct);
    }

    private static async Task<List<DuplicateRow>> ReadRowsAsync(DbDataReader reader, ValueConverter? times, CancellationToken ct)
    {
        var rows = new List<DuplicateRow>();
        while (await reader.ReadAsync(ct))
        {
            var submittedAt = times is null ? reader.GetFieldValue<DateTimeOffset>(5) : (DateTimeOffset)times.ConvertFromProvider(reader.GetInt64(5))!;
            var candidate = new DuplicateCandidate(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                ((AppealState)reader.GetInt32(4)).ToString(), submittedAt, reader.GetInt32(6), null);
            rows.Add(new DuplicateRow(candidate, reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _atBuilding.DisposeAsync();
        await _near.DisposeAsync();
    }
}
