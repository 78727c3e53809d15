using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Takes and renews the JobLease row that lets one node of many run a job. Taking it is one conditional UPDATE
/// (free, expired, or already ours), or an INSERT that the primary key lets only one node win, so two nodes
/// asking at the same moment cannot both succeed.
/// </summary>
public static class JobLeases
{
    public static async Task<bool> TryAcquireAsync(AppDbContext db, string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken ct)
    {
        var until = now + duration;
        var taken = await db.JobLeases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.Name == name, ct)) return false;
        var lease = new JobLease { Name = name, Holder = holder, ExpiresAt = until };
        db.JobLeases.Add(lease);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node inserted the row first: it holds the lease.
            db.Entry(lease).State = EntityState.Detached;
            return false;
        }
        finally
        {
            if (db.Entry(lease).State != EntityState.Detached) db.Entry(lease).State = EntityState.Detached;
        }
    }

    /// <summary>Gives the lease up early so another node need not wait for it to expire.</summary>
    public static Task ReleaseAsync(AppDbContext db, string name, string holder, DateTimeOffset now, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
}
