using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Group commit for appeal intake. Submissions that arrive together are written by one writer in one transaction with
/// one audit-chain append, instead of each request taking SQLite's single write lock (or PostgreSQL's audit-chain lock)
/// for its own transaction while the others wait. A caller's task completes only after its batch has committed, so an
/// answered submission is durable; a failed batch is retried one appeal at a time, so one bad appeal (say, an
/// idempotency key that raced in twice) fails alone.
/// </summary>
public sealed class AppealIntakeWriter(IServiceScopeFactory scopes, ILogger<AppealIntakeWriter> log)
{
    /// <summary>At most this many appeals per transaction: a batch stays a few milliseconds of work.</summary>
    public const int MaxBatch = 64;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _started;

    /// <summary>Appeals written so far and the transactions they took (read by tests and the bench note).</summary>
    public long Written => Interlocked.Read(ref _written);
    public long Batches => Interlocked.Read(ref _batches);
    private long _written;
    private long _batches;

    /// <summary>One appeal waiting for the writer; the submitter's identity goes into its audit entries.</summary>
    public sealed record Pending(Appeal Appeal, string CategoryName, IReadOnlyList<AppealAttachment> Attachments, string? UserId, string UserName)
    {
        /// <summary>True once written; false when its idempotency key was already taken (the appeal is a replay).</summary>
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Queues the appeal and waits until it has committed (true), or until its idempotency key turns out to be taken
    /// already (false: nothing written). Not cancellable once queued: a queued appeal is written or fails, and the
    /// caller must not be told it was not saved when it was.
    /// </summary>
    public Task<bool> WriteAsync(Pending pending)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // The loop must not inherit the first caller's request (HttpContext flows with the execution context).
            using (ExecutionContext.SuppressFlow()) _ = Task.Run(LoopAsync);
        }
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("诉求登记队列已关闭");
        return pending.Done.Task;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception batchError)
            {
                if (batch.Count == 1)
                {
                    batch[0].Done.TrySetException(batchError);
                    continue;
                }
                log.LogInformation(batchError, "诉求批量写入失败，逐条重试 {Count} 条", batch.Count);
                foreach (var p in batch)
                {
                    try
                    {
                        await WriteBatchAsync([p]);
                    }
                    catch (Exception e) { p.Done.TrySetException(e); }
                }
            }
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var owners = new Dictionary<object, Pending>(ReferenceEqualityComparer.Instance);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var replays = await ReplaysAsync(db, batch);
        var fresh = batch.Where(p => !replays.Contains(p)).ToList();
        var ids = await SubmitAppeal.NextIdsAsync(db, fresh.Count, CancellationToken.None);
        for (var i = 0; i < fresh.Count; i++)
        {
            var p = fresh[i];
            // A retry after a failed batch starts clean: keys handed out by the rolled-back transaction are not reused.
            foreach (var e in p.Appeal.Events) e.Id = 0;
            SubmitAppeal.Complete(p.Appeal, ids[i], p.CategoryName);
            db.Appeals.Add(p.Appeal);
            owners[p.Appeal] = p;
            foreach (var e in p.Appeal.Events) owners[e] = p;
            foreach (var a in p.Attachments)
            {
                a.Id = 0;
                a.AppealId = p.Appeal.Id;
                db.AppealAttachments.Add(a);
                owners[a] = p;
            }
        }
        // The audit entries are made here rather than by SaveChanges, so each names its own submitter, and the whole
        // batch is one append to the chain.
        var pending = EntityAudit.Capture(db.ChangeTracker);
        db.SuppressEntityAudit = true;
        await db.SaveChangesAsync();
        var entries = pending.Select(p =>
        {
            var entry = p.ToEntry();
            if (owners.TryGetValue(p.Entry.Entity, out var owner))
            {
                entry.UserId = owner.UserId;
                entry.UserName = owner.UserName;
            }
            return entry;
        }).ToList();
        await AuditChain.AppendAsync(db, entries);
        await transaction.CommitAsync();
        Interlocked.Add(ref _written, fresh.Count);
        Interlocked.Increment(ref _batches);
        foreach (var p in batch) p.Done.TrySetResult(!replays.Contains(p));
    }

    /// <summary>
    /// The submissions whose idempotency key is already taken, by an earlier appeal or by one before it in this batch:
    /// one query for the batch, inside its transaction, so no other writer can take a key between the check and the insert
    /// (SQLite: the write lock; PostgreSQL: another node racing in is stopped by the unique index and answered by the caller).
    /// </summary>
    private static async Task<HashSet<Pending>> ReplaysAsync(AppDbContext db, IReadOnlyList<Pending> batch)
    {
        var replays = new HashSet<Pending>(ReferenceEqualityComparer.Instance);
        var keys = batch.Select(p => p.Appeal.IdempotencyKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0) return replays;
        var taken = (await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.IdempotencyKey != null && keys.Contains(a.IdempotencyKey))
            .Select(a => a.IdempotencyKey!).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        foreach (var p in batch)
        {
            if (p.Appeal.IdempotencyKey is not { } key) continue;
            if (!taken.Add(key)) replays.Add(p);
        }
        return replays;
    }
}
