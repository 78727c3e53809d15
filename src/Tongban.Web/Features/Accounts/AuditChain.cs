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
    private const long PostgresLockKey = 7_411_235_001;

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
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [PostgresLockKey], ct);
        var previous = await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct) ?? "";
        foreach (var entry in entries)
        {
            // Whole milliseconds in UTC: what both engines store exactly, so the hash recomputes the same when read back.
            entry.At = new DateTimeOffset(entry.At.UtcTicks - entry.At.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            entry.PreviousHash = previous;
            entry.Hash = ComputeHash(entry);
            previous = entry.Hash;
        }
        db.AuditEntries.AddRange(entries);
        var suppress = db.SuppressEntityAudit;
        db.SuppressEntityAudit = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.SuppressEntityAudit = suppress; }
        if (transaction is not null) await transaction.CommitAsync(ct);
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
        Template.EntityId = id.Length <= EntityIdLength ? id : id[..EntityIdLength];
        if (Action == "create")
            Template.After = EntityAudit.Snapshot(Entry, current: true);
        return Template;
    }
}

public static class EntityAudit
{
    private static readonly HashSet<string> Skipped = ["AuditEntry", "JobLease", "DataProtectionKey", "IdentityUserToken`1", "IdentityUserLogin`1"];

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
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (name == "ConcurrencyStamp") continue; // a new random value on every save; says nothing a reader needs
            var value = current ? p.CurrentValue : p.OriginalValue;
            // An update lists only what really changed (Identity marks every column modified on each save).
            var changed = p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
            if (entry.State == EntityState.Modified && !changed && !p.Metadata.IsPrimaryKey()) continue;
            values[name] = IsSecret(name)
                ? (value is null ? null : entry.State == EntityState.Modified && current ? "(已加密，已更改)" : "(已加密)")
                : value;
        }
        return JsonSerializer.Serialize(values, AuditJson.Options);
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
}
