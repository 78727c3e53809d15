using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

/// <summary>Appends audit entries to the hash chain, one writer at a time.</summary>
public static class AuditChain
{
    /// <summary>PostgreSQL: takes the chain's lock until the transaction ends (one appender at a time across app nodes).</summary>
    internal const string PostgresLockSql = "SELECT pg_advisory_xact_lock(7411235001)";

    /// <summary>The hash the next entry chains onto (none in an empty log).</summary>
    internal const string LastHashSql = """SELECT "Hash" FROM "AuditEntries" ORDER BY "Id" DESC LIMIT 1""";

    public static string ComputeHash(AuditEntry e)
    {
        var text = string.Join('\u001f', e.PreviousHash, e.At.UtcDateTime.ToString("O"), e.UserId, e.UserName, e.Action,
            e.EntityType, e.EntityId, e.AreaPath, e.Before, e.After, e.Detail, e.RemoteAddress);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Adds the entries at the end of the chain inside the caller's transaction (or a new one).</summary>
    public static async Task AppendAsync(AppDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        if (entries.Count == 0) return;
        var owned = db.Database.CurrentTransaction is null;
        await using var transaction = owned ? await db.Database.BeginTransactionAsync(ct) : null;
        // One appender at a time, or two could chain onto the same previous hash. PostgreSQL: an advisory lock held
        // to the end of the transaction. SQLite: Microsoft.Data.Sqlite begins transactions IMMEDIATE, so the
        // transaction already holds the database's single write lock; a process lock on top would deadlock with it.
        if (db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync(PostgresLockSql, ct);
        Link(entries, await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct) ?? "");
        db.AuditEntries.AddRange(entries);
        var suppress = db.SuppressEntityAudit;
        db.SuppressEntityAudit = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.SuppressEntityAudit = suppress; }
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>Chains the entries one after another onto the entry whose hash is <paramref name="previous"/>.</summary>
    internal static void Link(IReadOnlyList<AuditEntry> entries, string previous)
    {
        foreach (var entry in entries)
        {
            // Whole milliseconds in UTC: what both engines store exactly, so the hash recomputes the same when read back.
            entry.At = new DateTimeOffset(entry.At.UtcTicks - entry.At.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            entry.PreviousHash = previous;
            entry.Hash = ComputeHash(entry);
            previous = entry.Hash;
        }
    }

    /// <summary>Walks the chain and returns the id of the first entry whose hash does not match, or null.</summary>
    public static async Task<(long Checked, long? FirstBrokenId)> VerifyAsync(AppDbContext db, CancellationToken ct = default)
    {
        var previous = "";
        long count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.PreviousHash != previous || ComputeHash(e) != e.Hash) return (count, e.Id);
            previous = e.Hash;
        }
        return (count, null);
    }
}

/// <summary>
/// The audit chain on one long-lived SQLite connection with prepared statements, for a writer that inserts rows without
/// EF change tracking (appeal intake). The same linking and columns as <see cref="AuditChain.AppendAsync"/>; no lock of
/// its own, since a SQLite transaction holds the database's single write lock. (PostgreSQL's intake writer sends the
/// chain's lock, last hash and inserts in its batches instead.)
/// </summary>
public sealed class PreparedAuditChain : IAsyncDisposable
{
    private readonly EntityInsert<AuditEntry>.Prepared _insert;
    private readonly System.Data.Common.DbCommand _last;

    public PreparedAuditChain(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Metadata.IModel model)
    {
        _insert = new EntityInsert<AuditEntry>(model, keyFromStore: true).Prepare(connection);
        _last = connection.CreateCommand();
        _last.CommandText = AuditChain.LastHashSql;
        _last.Prepare();
    }

    /// <summary>Appends inside <paramref name="transaction"/>, which holds SQLite's write lock.</summary>
    public async Task AppendAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        if (entries.Count == 0) return;
        _last.Transaction = transaction;
        AuditChain.Link(entries, await _last.ExecuteScalarAsync(ct) as string ?? "");
        foreach (var entry in entries) await _insert.InsertAsync(transaction, entry, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _last.DisposeAsync();
    }
}

/// <summary>Records what a SaveChanges is about to change, with before and after values; secrets are left out.</summary>
public sealed record PendingAudit(EntityEntry Entry, string Action, string? Before, string? After, AuditEntry Template)
{
    /// <summary>The column's length (AuditEntryConfiguration).</summary>
    public const int EntityIdLength = 100;

    public AuditEntry ToEntry()
    {
        // A role membership is filed under its user; other long composite keys are cut to the column (the JSON keeps them whole).
        var id = Entry.Entity is Microsoft.AspNetCore.Identity.IdentityUserRole<string> role
            ? role.UserId
            : string.Join(",", Entry.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue?.ToString()));
        Template.EntityId = FitEntityId(id);
        if (Action == "create")
            Template.After = EntityAudit.Snapshot(Entry, current: true);
        return Template;
    }

    public static string FitEntityId(string id) => id.Length <= EntityIdLength ? id : id[..EntityIdLength];
}

public static class EntityAudit
{
    internal static readonly HashSet<string> Skipped = ["AuditEntry", "JobLease", "AppealLimitRecount", "DataProtectionKey", "IdentityUserToken`1", "IdentityUserLogin`1"];

    public static List<PendingAudit> Capture(ChangeTracker tracker)
    {
        var db = (AppDbContext)tracker.Context;
        var now = DateTimeOffset.UtcNow;
        var result = new List<PendingAudit>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (Skipped.Contains(entry.Metadata.ClrType.Name)) continue;
            var action = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" };
            var before = entry.State == EntityState.Added ? null : Snapshot(entry, current: false);
            var after = entry.State == EntityState.Deleted ? null : Snapshot(entry, current: true);
            if (action == "update" && before == after) continue;
            var template = new AuditEntry
            {
                At = now,
                UserId = db.CurrentUser.UserId,
                UserName = db.CurrentUser.UserName,
                Action = action,
                EntityType = entry.Metadata.ClrType.Name,
                AreaPath = AreaOf(entry),
                Before = before,
                After = after,
            };
            result.Add(new PendingAudit(entry, action, before, after, template));
        }
        return result;
    }

    /// <summary>
    /// The audit entry of a new row written without change tracking (<see cref="EntityInsert{T}"/>): what
    /// <see cref="PendingAudit.ToEntry"/> gives for an added entity, from the model's properties instead of an EntityEntry.
    /// </summary>
    public static AuditEntry Created(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, object entity, string? userId, string userName, DateTimeOffset at)
    {
        var id = string.Join(",", type.FindPrimaryKey()!.Properties.Select(p => p.GetGetter().GetClrValue(entity)?.ToString()));
        return new AuditEntry
        {
            At = at, UserId = userId, UserName = userName, Action = "create", EntityType = type.ClrType.Name,
            EntityId = PendingAudit.FitEntityId(id), AreaPath = (entity as IAreaScoped)?.AreaPath,
            After = Json(type.GetProperties().Select(p => (p.Name, p.GetGetter().GetClrValue(entity))), "(已加密)"),
        };
    }

    /// <summary>Where the change belongs, so that area-scoped readers of the log see it: accounts by their scope.</summary>
    private static string? AreaOf(EntityEntry entry) => entry.Entity switch
    {
        IAreaScoped scoped => scoped.AreaPath,
        StaffUser user => user.AreaPath,
        Appeals.Open311Client client => client.AreaPath,
        Microsoft.AspNetCore.Identity.IdentityUserRole<string> role =>
            entry.Context.ChangeTracker.Entries<StaffUser>().FirstOrDefault(u => u.Entity.Id == role.UserId)?.Entity.AreaPath,
        _ => null,
    };

    /// <summary>JSON of the scalar values; encrypted and secret columns appear only as "(已加密)".</summary>
    public static string Snapshot(EntityEntry entry, bool current)
    {
        // An update lists only what really changed (Identity marks every column modified on each save).
        var listed = entry.Properties.Where(p => entry.State != EntityState.Modified || p.Metadata.IsPrimaryKey()
            || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)));
        return Json(listed.Select(p => (p.Metadata.Name, current ? p.CurrentValue : p.OriginalValue)),
            entry.State == EntityState.Modified && current ? "(已加密，已更改)" : "(已加密)");
    }

    /// <summary>
    /// The values as JSON in name order; a secret's value is replaced by <paramref name="secretMark"/>. Written value by
    /// value with the same writer and encoder JsonSerializer uses for a dictionary of them, so the text is the same
    /// (a test holds the two side by side), at under half the cost: every new appeal is audited inside intake's serial
    /// write section.
    /// </summary>
    internal static string Json(IEnumerable<(string Name, object? Value)> values, string secretMark)
    {
        var sorted = new List<(string Name, object? Value)>(64);
        foreach (var (name, value) in values)
        {
            if (name == "ConcurrencyStamp") continue; // a new random value on every save; says nothing a reader needs
            sorted.Add((name, IsSecret(name) && value is not null ? secretMark : value));
        }
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, AuditJson.Writer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in sorted)
            {
                json.WritePropertyName(name);
                switch (value)
                {
                    case null: json.WriteNullValue(); break;
                    case string text: json.WriteStringValue(text); break;
                    case bool flag: json.WriteBooleanValue(flag); break;
                    case int number: json.WriteNumberValue(number); break;
                    case long number: json.WriteNumberValue(number); break;
                    case double number: json.WriteNumberValue(number); break;
                    case DateTimeOffset time: json.WriteStringValue(time); break;
                    case DateTime time: json.WriteStringValue(time); break;
                    case Guid guid: json.WriteStringValue(guid); break;
                    case Enum e when Enum.GetUnderlyingType(e.GetType()) == typeof(int): json.WriteNumberValue(Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: JsonSerializer.Serialize(json, value, value.GetType(), AuditJson.Options); break;
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsSecret(string name) =>
        name.EndsWith("Cipher", StringComparison.Ordinal) || name.EndsWith("Hash", StringComparison.Ordinal)
        || name is "SecurityStamp" or "SearchText";
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What JsonSerializer gives its writer for <see cref="Options"/>.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = Options.Encoder, SkipValidation = true };
}
