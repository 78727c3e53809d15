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

/// <summary>
/// The duplicate search as two SQL commands on one connection: prepared once when the connection lives long (the intake
/// writer runs it for every new appeal inside its batch), or used once (<see cref="FindDuplicates"/>). Plain SQL, the
/// same on both engines; the area rule is the appeal query filter's (AppDbContext), written out.
/// </summary>
public sealed class DuplicateQuery : IAsyncDisposable
{
    private const string Columns = """a."Id", a."Number", a."TrackingCode", a."Title", a."State", a."SubmittedAt", a."SupporterCount", a."Latitude", a."Longitude" """;
    private static string Visible(string a) => $"""
        {a}."CategoryId" = @category AND {a}."Id" <> @exclude AND {a}.{AppealDeadlines.OpenStatesSql}
          AND (@low IS NULL OR ({a}."AreaPath" >= @low AND {a}."AreaPath" < @high)
               OR EXISTS (SELECT 1 FROM "AppealAssignments" AS x WHERE x."AppealId" = {a}."Id" AND x."AssigneeUserId" = @user AND x."EndedAt" IS NULL))
        """;

    private readonly DbCommand _atBuilding;
    private readonly DbCommand _near;
    private readonly ValueConverter? _times;

    public DuplicateQuery(DbConnection connection, Microsoft.EntityFrameworkCore.Metadata.IModel model, bool prepare)
    {
        _times = model.FindEntityType(typeof(Appeal))!.FindProperty(nameof(Appeal.SubmittedAt))!.GetTypeMapping().Converter;
        // The five are chosen from the index (category, building, state, supporters, area) alone, then only they are read:
        // a building can gather dozens of open appeals of one category, each on its own page.
        _atBuilding = Command(connection, $"""
            SELECT {Columns} FROM "Appeals" AS a WHERE a."Id" IN (
              SELECT b."Id" FROM "Appeals" AS b WHERE {Visible("b")} AND b."BuildingId" = @building ORDER BY b."SupporterCount" DESC, b."Id" LIMIT 5)
            ORDER BY a."SupporterCount" DESC, a."Id"
            """, ("@building", DbType.Int32));
        // A bounding box narrows the rows in SQL; the exact distance is checked after.
        _near = Command(connection, $"""SELECT {Columns} FROM "Appeals" AS a WHERE {Visible("a")} AND a."Latitude" >= @south AND a."Latitude" <= @north AND a."Longitude" >= @west AND a."Longitude" <= @east LIMIT 50""",
            ("@south", DbType.Double), ("@north", DbType.Double), ("@west", DbType.Double), ("@east", DbType.Double));
        if (!prepare) return;
        _atBuilding.Prepare();
        _near.Prepare();
    }

    public async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(DbTransaction? transaction, DuplicateScope scope, int categoryId, int? buildingId,
        double? latitude, double? longitude, long excludeId, CancellationToken ct = default)
    {
        if (buildingId is { } b)
        {
            Bind(_atBuilding, transaction, scope, categoryId, excludeId);
            _atBuilding.Parameters["@building"].Value = b;
            var same = await ReadAsync(_atBuilding, ct);
            if (same.Count > 0) return same.Select(r => r.Candidate).ToList();
        }
        if (latitude is not { } lat || longitude is not { } lon) return [];
        var dLat = FindDuplicates.RadiusMetres / 111_320d;
        var dLon = FindDuplicates.RadiusMetres / (111_320d * Math.Cos(lat * Math.PI / 180));
        Bind(_near, transaction, scope, categoryId, excludeId);
        _near.Parameters["@south"].Value = lat - dLat;
        _near.Parameters["@north"].Value = lat + dLat;
        _near.Parameters["@west"].Value = lon - dLon;
        _near.Parameters["@east"].Value = lon + dLon;
        return (await ReadAsync(_near, ct))
            .Select(r => r.Candidate with { DistanceMetres = Math.Round(FindDuplicates.Distance(lat, lon, r.Latitude!.Value, r.Longitude!.Value)) })
            .Where(c => c.DistanceMetres <= FindDuplicates.RadiusMetres).OrderBy(c => c.DistanceMetres).Take(5).ToList();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, DbType Type)[] extra)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in new[] { ("@category", DbType.Int32), ("@exclude", DbType.Int64), ("@low", DbType.String), ("@high", DbType.String), ("@user", DbType.String) }.Concat(extra))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Bind(DbCommand command, DbTransaction? transaction, DuplicateScope scope, int categoryId, long excludeId)
    {
        command.Transaction = transaction;
        command.Parameters["@category"].Value = categoryId;
        command.Parameters["@exclude"].Value = excludeId;
        command.Parameters["@low"].Value = (object?)scope.ScopePath ?? DBNull.Value;
        command.Parameters["@high"].Value = scope.ScopePath is { } low ? AreaPaths.UpperBound(low) : DBNull.Value;
        command.Parameters["@user"].Value = (object?)scope.UserId ?? DBNull.Value;
    }

    private async Task<List<(DuplicateCandidate Candidate, double? Latitude, double? Longitude)>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<(DuplicateCandidate, double?, double?)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var submittedAt = _times is null ? reader.GetFieldValue<DateTimeOffset>(5) : (DateTimeOffset)_times.ConvertFromProvider(reader.GetInt64(5))!;
            var candidate = new DuplicateCandidate(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                ((AppealState)reader.GetInt32(4)).ToString(), submittedAt, reader.GetInt32(6), null);
            rows.Add((candidate, reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _atBuilding.DisposeAsync();
        await _near.DisposeAsync();
    }
}
