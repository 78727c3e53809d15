using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Group commit for appeal intake. Submissions that arrive together are written by one writer in one transaction with
/// one audit-chain append, instead of each request taking SQLite's single write lock (or PostgreSQL's audit-chain lock)
/// for its own transaction while the others wait. A caller's task completes only after its batch has committed, so an
/// answered submission is durable; a failed batch is retried one appeal at a time, so one bad appeal (say, an
/// idempotency key that raced in twice) fails alone.
/// On SQLite the writer also keeps the full-text index up to date, in batches outside the submitting transactions (see
/// <see cref="IndexSearchTail"/>): search reads the few appeals past the index directly, so nothing is missed.
/// Each engine has its own session (<see cref="SqliteSession"/>, <see cref="PostgresSession"/>): SQLite runs in this
/// process, so a statement costs no round trip and each is run in turn; PostgreSQL gets the batch's statements in
/// three round trips, since the writer is serial and every wait on the network is a wait for every submitter.
/// </summary>
public sealed partial class AppealIntakeWriter(IServiceScopeFactory scopes, ILogger<AppealIntakeWriter> log, IOptions<AppealOptions>? options = null)
    : IAsyncDisposable
{
    /// <summary>At most this many appeals per transaction: a batch stays a few milliseconds of work.</summary>
    public const int MaxBatch = 64;

    /// <summary>SQLite: the search index takes in new appeals once this many wait, or once an interval has passed
    /// (<see cref="AppealJobOptions.SearchIndexIntervalMilliseconds"/>, a second), whichever is first.</summary>
    public const int SearchIndexBatch = 512;
    public TimeSpan SearchIndexInterval { get; } = TimeSpan.FromMilliseconds(Math.Max(50, options?.Value.Jobs.SearchIndexIntervalMilliseconds ?? 1000));

    /// <summary>Queued by <see cref="IndexSearchTail"/>: wakes the loop to index appeals other code paths inserted (demo data, imports).</summary>
    private sealed record IndexAsk(TaskCompletionSource? Now);

    private static readonly IndexAsk WhenDue = new(Now: null);
    private int _unindexed;
    private long _indexedAt = Stopwatch.GetTimestamp();

    // Appeals to write (Pending) and requests to index (IndexAsk), in the order they came.
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private int _started;

    /// <summary>Appeals written so far and the transactions they took (read by tests and the bench note).</summary>
    public long Written => Interlocked.Read(ref _written);
    public long Batches => Interlocked.Read(ref _batches);
    private long _written;
    private long _batches;

    // For operators (/metrics): how many appeals each transaction carries and how long it holds the write lock.
    private static readonly Meter Meter = new("Tongban");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("tongban.appeals.intake.batch.size", "{appeal}", "诉求登记：每个事务写入的诉求数");
    private static readonly Histogram<double> BatchTime = Meter.CreateHistogram<double>("tongban.appeals.intake.batch.duration", "s", "诉求登记：每个事务从开始到提交的时间");
    private static readonly Histogram<int> SearchIndexed = Meter.CreateHistogram<int>("tongban.appeals.search.indexed", "{appeal}", "诉求全文索引（SQLite）：每次补入索引的诉求数");

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
        EnsureStarted();
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("诉求登记队列已关闭");
        return pending.Done.Task;
    }

    /// <summary>
    /// SQLite: asks the writer to add appeals not yet in the full-text index, if the last indexing is an interval old
    /// (<see cref="AppealSearchIndexing"/> asks every interval). Returns without waiting; on PostgreSQL there is nothing
    /// to do (the GIN index takes each row in as it is inserted).
    /// </summary>
    public void IndexSearchTail()
    {
        EnsureStarted();
        _queue.Writer.TryWrite(WhenDue);
    }

    /// <summary>SQLite: indexes every appeal not yet in the full-text index now; completes when that has committed.</summary>
    public Task IndexSearchTailNowAsync()
    {
        EnsureStarted();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new IndexAsk(done))) throw new InvalidOperationException("诉求登记队列已关闭");
        return done.Task;
    }

    private void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // The loop must not inherit the first caller's request (HttpContext flows with the execution context).
            using (ExecutionContext.SuppressFlow()) _loop = Task.Run(LoopAsync);
        }
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
            var asked = false;
            List<TaskCompletionSource>? waiting = null;
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                if (next is Pending pending) batch.Add(pending);
                else if (next is IndexAsk { Now: { } done }) (waiting ??= []).Add(done);
                else asked = true;
            }
            if (batch.Count > 0) await WriteOrFailAsync(batch);
            var failed = await IndexWhenDueAsync(asked, now: waiting is not null);
            foreach (var done in waiting ?? [])
                if (failed is null) done.TrySetResult();
                else done.TrySetException(failed);
        }
        // Shutting down: what this writer wrote goes into the index now (else the next start's first run does it).
        if (_unindexed > 0) await IndexWhenDueAsync(asked: true, now: true);
    }

    private async Task WriteOrFailAsync(List<Pending> batch)
    {
        try
        {
            await WriteBatchAsync(batch);
        }
        catch (Exception batchError)
        {
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(batchError);
                return;
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

    /// <summary>
    /// SQLite: adds the appeals past the index's progress mark to the full-text index in one transaction, when enough
    /// wait or the last run is an interval old. One index segment per run instead of one per submitting transaction.
    /// A failure is logged (and returned) and tried again later: search still reads unindexed appeals directly.
    /// </summary>
    private async Task<Exception?> IndexWhenDueAsync(bool asked, bool now)
    {
        var due = _unindexed >= SearchIndexBatch || now
            || ((_unindexed > 0 || asked) && Stopwatch.GetElapsedTime(_indexedAt) >= SearchIndexInterval);
        if (!due) return null;
        try
        {
            _session ??= await IntakeSession.OpenAsync(scopes);
            if (_session.IsPostgres) return null;
            _indexedAt = Stopwatch.GetTimestamp();
            // Asked with nothing of its own waiting: look before taking the write lock, which other writers would wait on.
            if (_unindexed == 0 && !now && !await _session.TailWaitingAsync()) return null;
            var indexed = await _session.IndexSearchTailAsync();
            _unindexed = 0;
            if (indexed > 0) SearchIndexed.Record(indexed);
            return null;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "诉求全文索引更新失败，稍后重试（检索仍直接读取未入索引的诉求）");
            if (_session is { } broken)
            {
                _session = null;
                await broken.DisposeAsync();
            }
            return e;
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        _session ??= await IntakeSession.OpenAsync(scopes);
        try { await WriteBatchAsync(_session, batch); }
        catch
        {
            // The connection may be what failed: the next batch starts on a new one.
            await _session.DisposeAsync();
            _session = null;
            throw;
        }
    }

    private async Task WriteBatchAsync(IntakeSession session, IReadOnlyList<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var replays = await session.WriteAsync(batch);
        var written = batch.Count - replays.Count;
        Interlocked.Add(ref _written, written);
        if (!session.IsPostgres) _unindexed += written;
        Interlocked.Increment(ref _batches);
        BatchSize.Record(written);
        BatchTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        foreach (var p in batch) p.Done.TrySetResult(!replays.Contains(p));
    }

    private IntakeSession? _session;

    /// <summary>
    /// The writer's own connection, open for as long as it works. Rows are written from the EF model's mapping
    /// (<see cref="EntityInsert{T}"/>) instead of SaveChanges: the writer only ever adds new rows, so change tracking
    /// would be pure cost.
    /// </summary>
    private abstract class IntakeSession : IAsyncDisposable
    {
        public abstract bool IsPostgres { get; }

        /// <summary>
        /// Writes the batch in one transaction with one audit-chain append and returns the submissions that were replays
        /// (idempotency key already taken, by an earlier appeal or by one before it in this batch): nothing is written for them.
        /// </summary>
        public abstract Task<HashSet<Pending>> WriteAsync(IReadOnlyList<Pending> batch);

        /// <summary>SQLite: whether any appeal is past the search index's progress mark (a read, no write lock).</summary>
        public virtual Task<bool> TailWaitingAsync() => Task.FromResult(false);

        /// <summary>SQLite: indexes the appeals past the progress mark; returns how many.</summary>
        public virtual Task<int> IndexSearchTailAsync() => Task.FromResult(0);

        public abstract ValueTask DisposeAsync();

        public static async Task<IntakeSession> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (!db.IsPostgres) return await SqliteSession.OpenAsync(scope, db); // keeps the scope: it writes through its context
                // PostgreSQL writes on a connection of its own: the context was needed only for the model and the settings.
                var session = await PostgresSession.OpenAsync(db);
                await scope.DisposeAsync();
                return session;
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        /// <summary>The audit entries of a new appeal's rows (the appeal, its events, its photos), once all have their ids.</summary>
        protected static void AuditNewRows(List<AuditEntry> audit, Microsoft.EntityFrameworkCore.Metadata.IModel model, Pending p, DateTimeOffset at)
        {
            audit.Add(EntityAudit.Created(model.FindEntityType(typeof(Appeal))!, p.Appeal, p.UserId, p.UserName, at));
            foreach (var e in p.Appeal.Events)
                audit.Add(EntityAudit.Created(model.FindEntityType(typeof(AppealEvent))!, e, p.UserId, p.UserName, at));
            foreach (var a in p.Attachments)
                audit.Add(EntityAudit.Created(model.FindEntityType(typeof(AppealAttachment))!, a, p.UserId, p.UserName, at));
        }

        /// <summary>Gives a new appeal its id, number and search text (its own rows get theirs from the session).</summary>
        protected static void Complete(Pending p, long id)
        {
            if (p.Appeal.Assignments.Count > 0) throw new InvalidOperationException("新登记的诉求不应已有承办记录");
            SubmitAppeal.Complete(p.Appeal, id, p.CategoryName);
        }

        /// <summary>The submissions whose idempotency key an earlier one in the batch has, or <paramref name="taken"/> says is taken.</summary>
        protected static HashSet<Pending> Replays(IReadOnlyList<Pending> batch, Func<string, bool> taken)
        {
            var replays = new HashSet<Pending>(ReferenceEqualityComparer.Instance);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in batch)
                if (p.Appeal.IdempotencyKey is { } key && (!seen.Add(key) || taken(key)))
                    replays.Add(p);
            return replays;
        }
    }

    /// <summary>
    /// SQLite: the statements prepared once on the writer's connection and run one after another (in process, no round
    /// trips); the page cache stays warm between batches.
    /// </summary>
    private sealed class SqliteSession : IntakeSession
    {
        private const int WriterCacheKib = 65_536;

        private AsyncServiceScope _scope;

        public override bool IsPostgres => false;
        public required AppDbContext Db { get; init; }
        public required EntityInsert<Appeal>.Prepared Appeals { get; init; }
        public required EntityInsert<AppealEvent>.Prepared Events { get; init; }
        public required EntityInsert<AppealAttachment>.Prepared Attachments { get; init; }
        public required PreparedAuditChain Audit { get; init; }
        public required DuplicateQuery Duplicates { get; init; }
        public required DbCommand KeyTaken { get; init; }
        public required DbCommand NextIds { get; init; }
        public required DbCommand CodeTaken { get; init; }
        public required DbCommand IndexTail { get; init; }
        public required DbCommand TailWaiting { get; init; }

        public override async Task<HashSet<Pending>> WriteAsync(IReadOnlyList<Pending> batch)
        {
            await using var transaction = await Db.Database.BeginTransactionAsync();
            var tx = transaction.GetDbTransaction();
            KeyTaken.Transaction = tx;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in batch.Select(p => p.Appeal.IdempotencyKey).OfType<string>().Distinct())
            {
                KeyTaken.Parameters[0].Value = key;
                if (await KeyTaken.ExecuteScalarAsync() is not null) taken.Add(key);
            }
            var replays = Replays(batch, taken.Contains);
            var fresh = batch.Where(p => !replays.Contains(p)).ToList();
            var ids = await NextIdsAsync(tx, fresh.Count);
            var at = DateTimeOffset.UtcNow;
            var audit = new List<AuditEntry>(fresh.Count * 3);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < fresh.Count; i++)
            {
                var p = fresh[i];
                // A tracking code is 8 of 31 characters, drawn at random: among millions of appeals a new one now and then
                // repeats an old one, which the unique index would turn into a failed submission. Draw again instead.
                while (!codes.Add(p.Appeal.TrackingCode) || await CodeTakenAsync(tx, p.Appeal.TrackingCode))
                    p.Appeal.TrackingCode = SubmitAppeal.NewTrackingCode();
                Complete(p, ids[i]);
                // Here rather than in the request: on this connection the statement is prepared once and its pages stay cached.
                p.Duplicates = await Duplicates.FindAsync(tx, p.DuplicateScope, p.Appeal.CategoryId, p.Appeal.BuildingId, p.Appeal.Latitude, p.Appeal.Longitude, 0);
                await Appeals.InsertAsync(tx, p.Appeal);
                foreach (var e in p.Appeal.Events)
                {
                    e.AppealId = p.Appeal.Id;
                    await Events.InsertAsync(tx, e); // the id comes back with RETURNING
                }
                foreach (var a in p.Attachments)
                {
                    a.AppealId = p.Appeal.Id;
                    await Attachments.InsertAsync(tx, a);
                }
                AuditNewRows(audit, Db.Model, p, at);
            }
            // Each entry names its own submitter, and the whole batch is one append to the chain.
            await Audit.AppendAsync(tx, audit);
            await transaction.CommitAsync();
            return replays;
        }

        public override async Task<bool> TailWaitingAsync() => await TailWaiting.ExecuteScalarAsync() is not null;

        public override async Task<int> IndexSearchTailAsync()
        {
            await using var transaction = await Db.Database.BeginTransactionAsync();
            IndexTail.Transaction = transaction.GetDbTransaction();
            // The INSERT's row count comes first; the UPDATE of the mark adds 0 or 1.
            var changed = await IndexTail.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Math.Max(0, changed - 1);
        }

        /// <summary>Whether an appeal or a "me too" supporter already holds this tracking code (/track looks in both).</summary>
        private async Task<bool> CodeTakenAsync(DbTransaction transaction, string code)
        {
            CodeTaken.Transaction = transaction;
            CodeTaken.Parameters[0].Value = code;
            return await CodeTaken.ExecuteScalarAsync() is not null;
        }

        /// <summary>
        /// The next <paramref name="count"/> appeal ids: past the highest id ever given; safe because the transaction
        /// holds SQLite's single write lock (Microsoft.Data.Sqlite begins IMMEDIATE).
        /// </summary>
        private async Task<long[]> NextIdsAsync(DbTransaction transaction, int count)
        {
            var ids = new long[count];
            if (count == 0) return ids;
            NextIds.Transaction = transaction;
            var first = Convert.ToInt64(await NextIds.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            for (var k = 0; k < count; k++) ids[k] = first + k;
            return ids;
        }

        public static async Task<SqliteSession> OpenAsync(AsyncServiceScope scope, AppDbContext db)
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            // This connection writes every appeal: a larger page cache keeps the hot index pages between batches.
            // Statement journals in memory: an INSERT inside a larger transaction otherwise may create, and delete, a
            // temporary file each time (open/unlink per appeal).
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA cache_size = -{WriterCacheKib}; PRAGMA temp_store = MEMORY";
                await pragma.ExecuteNonQueryAsync();
            }
            var model = db.Model;
            return new SqliteSession
            {
                _scope = scope, Db = db,
                Appeals = new EntityInsert<Appeal>(model, keyFromStore: false).Prepare(connection),
                Events = new EntityInsert<AppealEvent>(model, keyFromStore: true).Prepare(connection),
                Attachments = new EntityInsert<AppealAttachment>(model, keyFromStore: true).Prepare(connection),
                Audit = new PreparedAuditChain(connection, model), Duplicates = new DuplicateQuery(connection, model, prepare: true),
                CodeTaken = Prepare(connection, TrackingCodes.TakenSql, DbType.String),
                KeyTaken = Prepare(connection, """SELECT 1 FROM "Appeals" WHERE "IdempotencyKey" = @p0""", DbType.String),
                IndexTail = Prepare(connection, Data.ProviderSql.SqliteIndexTailSql, null),
                TailWaiting = Prepare(connection,
                    """SELECT 1 FROM "Appeals" WHERE "Id" > (SELECT "IndexedThrough" FROM "AppealSearchProgress") LIMIT 1""", null),
                NextIds = Prepare(connection,
                    """SELECT MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'Appeals'), 0), COALESCE((SELECT MAX("Id") FROM "Appeals"), 0)) + 1""",
                    null),
            };
        }

        private static DbCommand Prepare(DbConnection connection, string sql, DbType? parameterType)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            if (parameterType is null)
            {
                command.Prepare();
                return command;
            }
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p0";
            parameter.DbType = parameterType.Value;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
            command.Prepare();
            return command;
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await KeyTaken.DisposeAsync();
                await CodeTaken.DisposeAsync();
                await NextIds.DisposeAsync();
                await IndexTail.DisposeAsync();
                await TailWaiting.DisposeAsync();
                await Appeals.DisposeAsync();
                await Events.DisposeAsync();
                await Attachments.DisposeAsync();
                await Audit.DisposeAsync();
                await Duplicates.DisposeAsync();
            }
            finally { await _scope.DisposeAsync(); }
        }
    }
}
