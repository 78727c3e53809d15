using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
public sealed class AppealIntakeWriter(IServiceScopeFactory scopes, ILogger<AppealIntakeWriter> log) : IAsyncDisposable
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
    public sealed record Pending(Appeal Appeal, string CategoryName, IReadOnlyList<AppealAttachment> Attachments, string? UserId, string UserName,
        DuplicateScope DuplicateScope)
    {
        /// <summary>Open appeals this one may duplicate, as the submitter may see them; found just before it was written.</summary>
        public IReadOnlyList<DuplicateCandidate> Duplicates { get; set; } = [];

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
            using (ExecutionContext.SuppressFlow()) _loop = Task.Run(LoopAsync);
        }
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("诉求登记队列已关闭");
        return pending.Done.Task;
    }

    private Task? _loop;

    /// <summary>On shutdown: what is queued is still written, then the writer's connection is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is { } loop) await loop.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
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
        _session ??= await Session.OpenAsync(scopes);
        try { await WriteBatchAsync(_session, batch); }
        catch
        {
            // The connection may be what failed: the next batch starts on a new one.
            await _session.DisposeAsync();
            _session = null;
            throw;
        }
    }

    private async Task WriteBatchAsync(Session session, IReadOnlyList<Pending> batch)
    {
        var db = session.Db;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var tx = transaction.GetDbTransaction();
        var replays = await ReplaysAsync(db, batch);
        var fresh = batch.Where(p => !replays.Contains(p)).ToList();
        var ids = await SubmitAppeal.NextIdsAsync(db, fresh.Count, CancellationToken.None);
        var at = DateTimeOffset.UtcNow;
        var audit = new List<AuditEntry>(fresh.Count * 3);
        for (var i = 0; i < fresh.Count; i++)
        {
            var p = fresh[i];
            if (p.Appeal.Assignments.Count > 0) throw new InvalidOperationException("新登记的诉求不应已有承办记录");
            SubmitAppeal.Complete(p.Appeal, ids[i], p.CategoryName);
            // Here rather than in the request: on this connection the statement is prepared once and its pages stay cached.
            p.Duplicates = await session.Duplicates.FindAsync(tx, p.DuplicateScope, p.Appeal.CategoryId, p.Appeal.BuildingId, p.Appeal.Latitude, p.Appeal.Longitude, 0);
            await session.Appeals.InsertAsync(session.InsertAppeal, tx, p.Appeal);
            audit.Add(EntityAudit.Created(session.Appeals.EntityType, p.Appeal, p.UserId, p.UserName, at));
            foreach (var e in p.Appeal.Events)
            {
                e.AppealId = p.Appeal.Id;
                await session.Events.InsertAsync(session.InsertEvent, tx, e);
                audit.Add(EntityAudit.Created(session.Events.EntityType, e, p.UserId, p.UserName, at));
            }
            foreach (var a in p.Attachments)
            {
                a.AppealId = p.Appeal.Id;
                await session.Attachments.InsertAsync(session.InsertAttachment, tx, a);
                audit.Add(EntityAudit.Created(session.Attachments.EntityType, a, p.UserId, p.UserName, at));
            }
        }
        // Each entry names its own submitter, and the whole batch is one append to the chain.
        await session.Audit.AppendAsync(tx, audit);
        await transaction.CommitAsync();
        Interlocked.Add(ref _written, fresh.Count);
        Interlocked.Increment(ref _batches);
        foreach (var p in batch) p.Done.TrySetResult(!replays.Contains(p));
    }

    private Session? _session;

    /// <summary>
    /// The writer's own connection, open for as long as it works, with its INSERTs prepared once: SQLite keeps its page
    /// cache between batches, PostgreSQL its parsed statements. Rows are written from the EF model's mapping
    /// (<see cref="EntityInsert{T}"/>) instead of SaveChanges: the writer only ever adds new rows, so change tracking
    /// would be pure cost.
    /// </summary>
    private sealed class Session : IAsyncDisposable
    {
        private AsyncServiceScope _scope;

        public required AppDbContext Db { get; init; }
        public required EntityInsert<Appeal> Appeals { get; init; }
        public required EntityInsert<AppealEvent> Events { get; init; }
        public required EntityInsert<AppealAttachment> Attachments { get; init; }
        public required DbCommand InsertAppeal { get; init; }
        public required DbCommand InsertEvent { get; init; }
        public required DbCommand InsertAttachment { get; init; }
        public required PreparedAuditChain Audit { get; init; }
        public required DuplicateQuery Duplicates { get; init; }

        public static async Task<Session> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.OpenConnectionAsync();
                var connection = db.Database.GetDbConnection();
                var model = db.Model;
                var appeals = new EntityInsert<Appeal>(model, keyFromStore: false);
                var events = new EntityInsert<AppealEvent>(model, keyFromStore: true);
                var attachments = new EntityInsert<AppealAttachment>(model, keyFromStore: true);
                return new Session
                {
                    _scope = scope, Db = db, Appeals = appeals, Events = events, Attachments = attachments,
                    InsertAppeal = appeals.Prepare(connection), InsertEvent = events.Prepare(connection), InsertAttachment = attachments.Prepare(connection),
                    Audit = new PreparedAuditChain(connection, model, db.IsPostgres), Duplicates = new DuplicateQuery(connection, model, prepare: true),
                };
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await InsertAppeal.DisposeAsync();
                await InsertEvent.DisposeAsync();
                await InsertAttachment.DisposeAsync();
                await Audit.DisposeAsync();
                await Duplicates.DisposeAsync();
            }
            finally { await _scope.DisposeAsync(); }
        }
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
