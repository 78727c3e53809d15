using Microsoft.EntityFrameworkCore.Migrations;

namespace Tongban.Web.Data;

/// <summary>
/// What EF cannot describe: the Chinese search indexes (FTS5 on SQLite, GIN on PostgreSQL) over the resident and
/// appeal search tokens, and triggers that make the audit log append-only. Called from the ProviderSql migration.
/// </summary>
public static class ProviderSql
{
    /// <summary>Keeps the SQLite search index in step with each inserted resident (bulk imports suspend it, see ImportResidents).</summary>
    public const string SqliteResidentInsertTrigger = """
        CREATE TRIGGER "Residents_search_insert" AFTER INSERT ON "Residents" BEGIN
          INSERT INTO "ResidentSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
        END;
        """;

    public static void Up(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            migration.Sql("""
                CREATE VIRTUAL TABLE "ResidentSearch" USING fts5("SearchText", content='Residents', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                """);
            migration.Sql(SqliteResidentInsertTrigger);
            migration.Sql("""
                CREATE TRIGGER "Residents_search_delete" AFTER DELETE ON "Residents" BEGIN
                  INSERT INTO "ResidentSearch"("ResidentSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "Residents_search_update" AFTER UPDATE OF "SearchText" ON "Residents" BEGIN
                  INSERT INTO "ResidentSearch"("ResidentSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                  INSERT INTO "ResidentSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries" BEGIN
                  SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries" BEGIN
                  SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
                END;
                """);
        }
        else
        {
            migration.Sql("""CREATE INDEX "IX_Residents_SearchText_gin" ON "Residents" USING gin (to_tsvector('simple', "SearchText"));""");
            migration.Sql("""CREATE INDEX "IX_Residents_NameInitials_prefix" ON "Residents" ("NameInitials" text_pattern_ops);""");
            migration.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
                END $$;
                """);
            migration.Sql("""
                CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                """);
        }
        AppealsUp(migration);
    }

    public static void Down(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            foreach (var trigger in new[] { "Residents_search_insert", "Residents_search_delete", "Residents_search_update", "AuditEntries_no_update", "AuditEntries_no_delete" })
                migration.Sql($"""DROP TRIGGER IF EXISTS "{trigger}";""");
            migration.Sql("""DROP TABLE IF EXISTS "ResidentSearch";""");
        }
        else
        {
            migration.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_append_only" ON "AuditEntries";""");
            migration.Sql("DROP FUNCTION IF EXISTS audit_entries_append_only();");
            migration.Sql("""DROP INDEX IF EXISTS "IX_Residents_NameInitials_prefix";""");
            migration.Sql("""DROP INDEX IF EXISTS "IX_Residents_SearchText_gin";""");
        }
        AppealsDown(migration);
    }

    // ---- Appeals (appeals-flow): Chinese search over Appeals.SearchText, like the residents' one ----
    private static void AppealsUp(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            migration.Sql("""
                CREATE VIRTUAL TABLE "AppealSearch" USING fts5("SearchText", content='Appeals', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                """);
            migration.Sql("""
                CREATE TRIGGER "Appeals_search_insert" AFTER INSERT ON "Appeals" BEGIN
                  INSERT INTO "AppealSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "Appeals_search_delete" AFTER DELETE ON "Appeals" BEGIN
                  INSERT INTO "AppealSearch"("AppealSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "Appeals_search_update" AFTER UPDATE OF "SearchText" ON "Appeals" BEGIN
                  INSERT INTO "AppealSearch"("AppealSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                  INSERT INTO "AppealSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
        }
        else
        {
            migration.Sql("""CREATE INDEX "IX_Appeals_SearchText_gin" ON "Appeals" USING gin (to_tsvector('simple', "SearchText"));""");
        }
    }

    private static void AppealsDown(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            foreach (var trigger in new[] { "Appeals_search_insert", "Appeals_search_delete", "Appeals_search_update" })
                migration.Sql($"""DROP TRIGGER IF EXISTS "{trigger}";""");
            migration.Sql("""DROP TABLE IF EXISTS "AppealSearch";""");
        }
        else
        {
            migration.Sql("""DROP INDEX IF EXISTS "IX_Appeals_SearchText_gin";""");
        }
    }
    // ---- end Appeals ----

    // Appeals carry one search token per area on their path ("area" + code, see AreaPaths.SearchToken), so a search within
    // an area is an index intersection. New appeals get them from AppealSearchText; this adds them to existing ones
    // (the same SQL on both engines; SQLite's update trigger refreshes the FTS5 table, PostgreSQL's GIN index follows).
    private const string AreaTokensOf = "' area' || replace(rtrim(\"AreaPath\", '/'), '/', ' area')";

    internal const string AppealSearchAreaTokensSql = $"""UPDATE "Appeals" SET "SearchText" = "SearchText" || {AreaTokensOf} WHERE "AreaPath" <> ''""";

    public static void AppealSearchAreaTokensUp(MigrationBuilder migration) => migration.Sql(AppealSearchAreaTokensSql);

    public static void AppealSearchAreaTokensDown(MigrationBuilder migration) =>
        migration.Sql($"""UPDATE "Appeals" SET "SearchText" = replace("SearchText", {AreaTokensOf}, '') WHERE "AreaPath" <> ''""");

    // ---- Appeals search on SQLite, indexed after the commit (AppealIntakeWriter, AppealSearchIndexing) ----
    // The insert trigger wrote every new appeal into the FTS5 index inside the submitting transaction, where flushing a
    // new index segment at each commit was a fifth of the intake writer's time. New appeals are now indexed in batches
    // by the writer; "AppealSearchProgress" says up to which id the index is complete, and search reads the few rows
    // past it directly. The update and delete triggers touch the index only for rows already in it.

    public static void AppealSearchDeferredUp(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) != true) return;
        migration.Sql("""DROP TRIGGER IF EXISTS "Appeals_search_insert";""");
        migration.Sql("""CREATE TABLE "AppealSearchProgress" ("Id" INTEGER NOT NULL PRIMARY KEY CHECK ("Id" = 1), "IndexedThrough" INTEGER NOT NULL);""");
        // Every existing appeal was indexed by the trigger just dropped.
        migration.Sql("""INSERT INTO "AppealSearchProgress" ("Id", "IndexedThrough") SELECT 1, COALESCE(MAX("Id"), 0) FROM "Appeals";""");
        ReplaceChangeTriggers(migration, """ WHEN old."Id" <= (SELECT "IndexedThrough" FROM "AppealSearchProgress")""");
    }

    public static void AppealSearchDeferredDown(MigrationBuilder migration)
    {
        if (migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) != true) return;
        // Index what is still waiting, then go back to indexing inside each insert.
        migration.Sql(SqliteIndexTailSql);
        migration.Sql("""DROP TABLE "AppealSearchProgress";""");
        ReplaceChangeTriggers(migration, "");
        migration.Sql("""
            CREATE TRIGGER "Appeals_search_insert" AFTER INSERT ON "Appeals" BEGIN
              INSERT INTO "AppealSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
            END;
            """);
    }

    /// <summary>
    /// Adds the appeals past the progress mark to the FTS5 index and moves the mark to the last of them. Run inside a
    /// write transaction: SQLite's single write lock keeps any appeal from committing in between.
    /// </summary>
    public const string SqliteIndexTailSql = """
        INSERT INTO "AppealSearch"(rowid, "SearchText")
          SELECT "Id", "SearchText" FROM "Appeals" WHERE "Id" > (SELECT "IndexedThrough" FROM "AppealSearchProgress") ORDER BY "Id";
        UPDATE "AppealSearchProgress" SET "IndexedThrough" = (SELECT COALESCE(MAX("Id"), 0) FROM "Appeals")
          WHERE "IndexedThrough" < (SELECT COALESCE(MAX("Id"), 0) FROM "Appeals");
        """;

    private static void ReplaceChangeTriggers(MigrationBuilder migration, string when)
    {
        migration.Sql("""DROP TRIGGER IF EXISTS "Appeals_search_delete";""");
        migration.Sql("""DROP TRIGGER IF EXISTS "Appeals_search_update";""");
        migration.Sql($"""
            CREATE TRIGGER "Appeals_search_delete" AFTER DELETE ON "Appeals"{when} BEGIN
              INSERT INTO "AppealSearch"("AppealSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
            END;
            """);
        migration.Sql($"""
            CREATE TRIGGER "Appeals_search_update" AFTER UPDATE OF "SearchText" ON "Appeals"{when} BEGIN
              INSERT INTO "AppealSearch"("AppealSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
              INSERT INTO "AppealSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
            END;
            """);
    }
}
