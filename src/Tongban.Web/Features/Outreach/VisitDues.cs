using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>
/// 走访到期: one row per household saying when its next home visit is due and under which rule, so the day list reads
/// one indexed range of its grid instead of every resident's tags and every visit. Owned by Outreach, keyed by the
/// household; see <see cref="VisitDues"/> for how it is kept.
/// </summary>
public class HouseholdVisitDue : IAreaScoped
{
    public int HouseholdId { get; set; }

    /// <summary>The household's (grid) path, copied by trigger when a building moves to another grid.</summary>
    public string AreaPath { get; set; } = "";
    public int DwellingId { get; set; }

    /// <summary>Codes of every tag the household's residents carry, comma separated.</summary>
    public string TagCodes { get; set; } = "";
    public DateTimeOffset? LastVisitedAt { get; set; }

    /// <summary>The Asia/Shanghai calendar day of the last home visit.</summary>
    public DateOnly? LastVisitedOn { get; set; }

    /// <summary>The visit rule that applies (the shortest interval among those matching); null when none does.</summary>
    public int? RuleId { get; set; }
    public int? IntervalDays { get; set; }

    /// <summary>Last visit day + interval. Null with a rule means never visited, which is due today whatever the day.</summary>
    public DateOnly? NextDueOn { get; set; }

    /// <summary>Set by the database triggers when tags, members or visits of the household changed; cleared by a refresh.</summary>
    public bool Stale { get; set; }
}

/// <summary>
/// Keeps <see cref="HouseholdVisitDue"/> right whichever module writes the facts it derives from. Database triggers
/// (created by the OutreachNextDue migration from <see cref="Up"/>) add a row for every new household, follow a
/// household to another grid, and mark the row stale in the writer's own transaction when a resident's tags, a
/// resident's household or a home visit change: the People import, the Places grid move and bulk loads included, with
/// no change to those modules. Stale rows are recomputed set-based (<see cref="RefreshAsync"/>) by RecordVisit in its
/// transaction and by the day list and coverage before they read; a rule change recomputes every row's rule and due
/// date in its own transaction (<see cref="ApplyRulesAsync"/>). The rule semantics are those of <see cref="VisitSchedule"/>.
/// </summary>
public static class VisitDues
{
    private const string Table = "\"HouseholdVisitDues\"";

    /// <summary>Recomputes everything about these households and clears their stale mark, in the caller's transaction if any.</summary>
    public static async Task RefreshAsync(AppDbContext db, IReadOnlyCollection<int> householdIds, CancellationToken ct)
    {
        foreach (var chunk in householdIds.Distinct().Order().Chunk(5000))
        {
            var filter = IdFilter(db.IsPostgres);
            foreach (var sql in RefreshStatements(db.IsPostgres, filter, clearStale: true))
                await db.Database.ExecuteSqlRawAsync(sql, [IdParameter(db.IsPostgres, chunk)], ct);
        }
    }

    /// <summary>Refreshes the stale rows under an area path (a grid's exact path or a subtree; null = everywhere) if there are any.</summary>
    public static async Task EnsureFreshAsync(AppDbContext db, string? areaPath, CancellationToken ct)
    {
        var rows = db.HouseholdVisitDues.AsNoTracking().Where(d => d.Stale);
        if (areaPath is not null)
        {
            var high = AreaPaths.UpperBound(areaPath);
            rows = rows.Where(d => string.Compare(d.AreaPath, areaPath) >= 0 && string.Compare(d.AreaPath, high) < 0);
        }
        if (!await rows.AnyAsync(ct)) return;

        var owned = db.Database.CurrentTransaction is null;
        await using var transaction = owned ? await db.Database.BeginTransactionAsync(ct) : null;
        // Locked in id order (PostgreSQL), so a tag change committing meanwhile is either seen here or marks the row again after us.
        var ids = await StaleIdsAsync(db, areaPath, ct);
        await RefreshAsync(db, ids, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>After a visit rule changed: every row's rule and due date, set-based (stale rows stay stale until refreshed).</summary>
    public static async Task ApplyRulesAsync(AppDbContext db, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        foreach (var sql in RuleStatements(db.IsPostgres, "TRUE", clearStale: false))
            await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>Every household, from scratch (a bulk load, the migration): adds missing rows and recomputes all of them.</summary>
    public static async Task RebuildAsync(AppDbContext db, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        foreach (var sql in RebuildStatements(db.IsPostgres)) await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    private static async Task<List<int>> StaleIdsAsync(AppDbContext db, string? areaPath, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var range = areaPath is null ? "" : """ AND "AreaPath" >= @low AND "AreaPath" < @high""";
        command.CommandText = $"""SELECT "HouseholdId" FROM {Table} WHERE "Stale"{range} ORDER BY "HouseholdId" {(db.IsPostgres ? "FOR UPDATE" : "")}""";
        if (areaPath is not null)
        {
            command.Parameters.Add(Parameter(command, "low", areaPath));
            command.Parameters.Add(Parameter(command, "high", AreaPaths.UpperBound(areaPath)));
        }
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
        return ids;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        return p;
    }

    private static string IdFilter(bool postgres) =>
        postgres ? "\"HouseholdId\" = ANY(@ids)" : "\"HouseholdId\" IN (SELECT value FROM json_each(@ids))";

    private static DbParameter IdParameter(bool postgres, int[] ids) => postgres
        ? new NpgsqlParameter("ids", ids)
        : new SqliteParameter("@ids", "[" + string.Join(',', ids) + "]");

    private static IEnumerable<string> RefreshStatements(bool postgres, string filter, bool clearStale)
    {
        // 1. The facts: the household's tags, its last home visit (in any grid: a building moved keeps its history) and
        //    that visit's Shanghai calendar day. SQLite holds a DateTimeOffset as EF's binary long: local ticks / 1000 << 11
        //    | offset minutes, decoded here to the UTC second plus eight hours.
        var household = $"{Table}.\"HouseholdId\"";
        var tags = postgres
            ? $"""SELECT string_agg(DISTINCT t."Code", ',' ORDER BY t."Code") """
            : """SELECT group_concat(DISTINCT t."Code") """;
        var day = postgres
            ? """(MAX(v."VisitedAt") AT TIME ZONE 'Asia/Shanghai')::date"""
            : """date(((MAX(v."VisitedAt") >> 11) * 1000 - 621355968000000000) / 10000000 - (((MAX(v."VisitedAt") & 2047) + 1024) % 2048 - 1024) * 60 + 28800, 'unixepoch')""";
        yield return $"""
            UPDATE {Table} SET
              "TagCodes" = COALESCE(({tags}FROM "Residents" r JOIN "ResidentTags" rt ON rt."ResidentId" = r."Id" JOIN "Tags" t ON t."Id" = rt."TagId"
                WHERE r."HouseholdId" = {household}), ''),
              ("LastVisitedAt", "LastVisitedOn") = (SELECT MAX(v."VisitedAt"), {day} FROM "Visits" v WHERE v."HouseholdId" = {household} AND v."Kind" = 1)
            WHERE {filter}
            """;
        foreach (var sql in RuleStatements(postgres, filter, clearStale)) yield return sql;
    }

    private static IEnumerable<string> RuleStatements(bool postgres, string filter, bool clearStale)
    {
        // 2. The rule: shortest interval among the active rules whose tag the household carries or that have no tag (on a
        //    tie a tagged rule, the latest, as in VisitSchedule.Applying), and the due day: last visit day + interval (null
        //    when never visited: due today). No matching rule sets all three to null.
        var matches = postgres
            ? $"""r."IsActive" AND (r."TagCode" IS NULL OR strpos(',' || {Table}."TagCodes" || ',', ',' || r."TagCode" || ',') > 0)"""
            : $"""r."IsActive" AND (r."TagCode" IS NULL OR instr(',' || {Table}."TagCodes" || ',', ',' || r."TagCode" || ',') > 0)""";
        var nextDue = postgres ? $"""{Table}."LastVisitedOn" + r."IntervalDays" """ : $"""date({Table}."LastVisitedOn", '+' || r."IntervalDays" || ' days')""";
        var best = $"""FROM "VisitRules" r WHERE {matches} ORDER BY r."IntervalDays", (r."TagCode" IS NULL), r."Id" DESC LIMIT 1""";
        var set = $"""("RuleId", "IntervalDays", "NextDueOn") = (SELECT r."Id", r."IntervalDays", {nextDue} {best})""";
        if (clearStale)
        {
            yield return $"""UPDATE {Table} SET {set}, "Stale" = {(postgres ? "FALSE" : "0")} WHERE {filter}""";
            yield break;
        }
        // A rule change rewrites only the rows whose rule or interval it changes.
        var distinct = postgres ? "IS DISTINCT FROM" : "IS NOT";
        yield return $"""
            UPDATE {Table} SET {set}
            WHERE {filter} AND ("RuleId" {distinct} (SELECT r."Id" {best}) OR "IntervalDays" {distinct} (SELECT MIN(r."IntervalDays") FROM "VisitRules" r WHERE {matches}))
            """;
    }

    private static IEnumerable<string> RebuildStatements(bool postgres)
    {
        yield return $"""
            INSERT INTO {Table} ("HouseholdId", "AreaPath", "DwellingId", "TagCodes", "Stale")
            SELECT h."Id", h."AreaPath", h."DwellingId", '', {(postgres ? "TRUE" : "1")} FROM "Households" h
            WHERE NOT EXISTS (SELECT 1 FROM {Table} d WHERE d."HouseholdId" = h."Id")
            """;
        foreach (var sql in RefreshStatements(postgres, "TRUE", clearStale: true)) yield return sql;
    }

    /// <summary>Triggers and the first fill; called from the OutreachNextDue migration of each provider.</summary>
    public static void Up(MigrationBuilder migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var postgres = migration.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;
        foreach (var sql in postgres ? PostgresTriggers : SqliteTriggers) migration.Sql(sql);
        foreach (var sql in RebuildStatements(postgres)) migration.Sql(sql);
    }

    public static void Down(MigrationBuilder migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (migration.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            foreach (var (trigger, table) in new[] { ("Households_visit_due", "Households"), ("ResidentTags_visit_due", "ResidentTags"), ("Residents_visit_due", "Residents"), ("Visits_visit_due", "Visits") })
                migration.Sql($"""DROP TRIGGER IF EXISTS "{trigger}" ON "{table}";""");
            foreach (var function in new[] { "outreach_due_household", "outreach_due_resident_tag", "outreach_due_resident", "outreach_due_visit" })
                migration.Sql($"DROP FUNCTION IF EXISTS {function}();");
        }
        else
        {
            foreach (var trigger in new[] { "Households_visit_due_insert", "Households_visit_due_move", "ResidentTags_visit_due_insert", "ResidentTags_visit_due_delete",
                         "Residents_visit_due_move", "Residents_visit_due_delete", "Visits_visit_due_insert", "Visits_visit_due_update", "Visits_visit_due_delete" })
                migration.Sql($"""DROP TRIGGER IF EXISTS "{trigger}";""");
        }
    }

    private const string MarkSqlite = """UPDATE "HouseholdVisitDues" SET "Stale" = 1 WHERE "Stale" = 0 AND "HouseholdId" """;
    private const string MarkPostgres = """UPDATE "HouseholdVisitDues" SET "Stale" = TRUE WHERE NOT "Stale" AND "HouseholdId" """;

    private static readonly string[] SqliteTriggers =
    [
        """
        CREATE TRIGGER "Households_visit_due_insert" AFTER INSERT ON "Households" BEGIN
          INSERT INTO "HouseholdVisitDues" ("HouseholdId", "AreaPath", "DwellingId", "TagCodes", "Stale") VALUES (new."Id", new."AreaPath", new."DwellingId", '', 1)
          ON CONFLICT ("HouseholdId") DO UPDATE SET "AreaPath" = excluded."AreaPath", "DwellingId" = excluded."DwellingId", "Stale" = 1;
        END;
        """,
        """
        CREATE TRIGGER "Households_visit_due_move" AFTER UPDATE OF "AreaPath", "DwellingId" ON "Households" BEGIN
          UPDATE "HouseholdVisitDues" SET "AreaPath" = new."AreaPath", "DwellingId" = new."DwellingId" WHERE "HouseholdId" = new."Id";
        END;
        """,
        $"""
        CREATE TRIGGER "ResidentTags_visit_due_insert" AFTER INSERT ON "ResidentTags" BEGIN
          {MarkSqlite}= (SELECT "HouseholdId" FROM "Residents" WHERE "Id" = new."ResidentId");
        END;
        """,
        $"""
        CREATE TRIGGER "ResidentTags_visit_due_delete" AFTER DELETE ON "ResidentTags" BEGIN
          {MarkSqlite}= (SELECT "HouseholdId" FROM "Residents" WHERE "Id" = old."ResidentId");
        END;
        """,
        $"""
        CREATE TRIGGER "Residents_visit_due_move" AFTER UPDATE OF "HouseholdId" ON "Residents" WHEN old."HouseholdId" IS NOT new."HouseholdId" BEGIN
          {MarkSqlite}IN (old."HouseholdId", new."HouseholdId");
        END;
        """,
        $"""
        CREATE TRIGGER "Residents_visit_due_delete" AFTER DELETE ON "Residents" WHEN old."HouseholdId" IS NOT NULL BEGIN
          {MarkSqlite}= old."HouseholdId";
        END;
        """,
        $"""
        CREATE TRIGGER "Visits_visit_due_insert" AFTER INSERT ON "Visits" WHEN new."Kind" = 1 AND new."HouseholdId" IS NOT NULL BEGIN
          {MarkSqlite}= new."HouseholdId";
        END;
        """,
        $"""
        CREATE TRIGGER "Visits_visit_due_update" AFTER UPDATE OF "HouseholdId", "Kind", "VisitedAt" ON "Visits" BEGIN
          {MarkSqlite}IN (old."HouseholdId", new."HouseholdId");
        END;
        """,
        $"""
        CREATE TRIGGER "Visits_visit_due_delete" AFTER DELETE ON "Visits" WHEN old."Kind" = 1 AND old."HouseholdId" IS NOT NULL BEGIN
          {MarkSqlite}= old."HouseholdId";
        END;
        """,
    ];

    private static readonly string[] PostgresTriggers =
    [
        """
        CREATE FUNCTION outreach_due_household() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO "HouseholdVisitDues" ("HouseholdId", "AreaPath", "DwellingId", "TagCodes", "Stale") VALUES (NEW."Id", NEW."AreaPath", NEW."DwellingId", '', TRUE)
            ON CONFLICT ("HouseholdId") DO UPDATE SET "AreaPath" = EXCLUDED."AreaPath", "DwellingId" = EXCLUDED."DwellingId", "Stale" = TRUE;
          ELSIF NEW."AreaPath" IS DISTINCT FROM OLD."AreaPath" OR NEW."DwellingId" IS DISTINCT FROM OLD."DwellingId" THEN
            UPDATE "HouseholdVisitDues" SET "AreaPath" = NEW."AreaPath", "DwellingId" = NEW."DwellingId" WHERE "HouseholdId" = NEW."Id";
          END IF;
          RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "Households_visit_due" AFTER INSERT OR UPDATE OF "AreaPath", "DwellingId" ON "Households"
        FOR EACH ROW EXECUTE FUNCTION outreach_due_household();
        """,
        $$"""
        CREATE FUNCTION outreach_due_resident_tag() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            {{MarkPostgres}}= (SELECT "HouseholdId" FROM "Residents" WHERE "Id" = NEW."ResidentId");
          ELSE
            {{MarkPostgres}}= (SELECT "HouseholdId" FROM "Residents" WHERE "Id" = OLD."ResidentId");
          END IF;
          RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "ResidentTags_visit_due" AFTER INSERT OR DELETE ON "ResidentTags"
        FOR EACH ROW EXECUTE FUNCTION outreach_due_resident_tag();
        """,
        $$"""
        CREATE FUNCTION outreach_due_resident() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            {{MarkPostgres}}= OLD."HouseholdId";
          ELSIF NEW."HouseholdId" IS DISTINCT FROM OLD."HouseholdId" THEN
            {{MarkPostgres}}IN (OLD."HouseholdId", NEW."HouseholdId");
          END IF;
          RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "Residents_visit_due" AFTER UPDATE OF "HouseholdId" OR DELETE ON "Residents"
        FOR EACH ROW EXECUTE FUNCTION outreach_due_resident();
        """,
        $$"""
        CREATE FUNCTION outreach_due_visit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW."Kind" = 1 THEN {{MarkPostgres}}= NEW."HouseholdId"; END IF;
          ELSIF TG_OP = 'DELETE' THEN
            IF OLD."Kind" = 1 THEN {{MarkPostgres}}= OLD."HouseholdId"; END IF;
          ELSE
            {{MarkPostgres}}IN (OLD."HouseholdId", NEW."HouseholdId");
          END IF;
          RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "Visits_visit_due" AFTER INSERT OR DELETE OR UPDATE OF "HouseholdId", "Kind", "VisitedAt" ON "Visits"
        FOR EACH ROW EXECUTE FUNCTION outreach_due_visit();
        """,
    ];
}
