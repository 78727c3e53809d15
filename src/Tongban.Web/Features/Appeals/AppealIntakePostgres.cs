using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Appeals;

public sealed partial class AppealIntakeWriter
{
    /// <summary>
    /// PostgreSQL: a batch of appeals in two round trips, whatever its size. The writer is serial, so every statement
    /// sent alone is a network wait that every queued submitter shares (one way of seeing it: with 0.3 ms between app and
    /// database, eight statements per appeal would cap intake near 400 appeals a second). So:
    /// 1. one batch of reads: the audit chain's lock, the idempotency keys and tracking codes already taken, ids for the
    ///    appeals and their rows from the sequences, the chain's last hash, and each appeal's duplicate search;
    /// 2. one batch of writes: every row and audit entry, with ids given in step 1 and hashes linked in memory, and COMMIT.
    /// The transaction is begun and committed by the batches themselves (BEGIN first in the reads, COMMIT last in the
    /// writes), so COMMIT costs no round trip of its own; if anything fails the writer closes this connection (not pooled),
    /// which ends the transaction on the server with nothing written.
    /// Appeals earlier in the same batch are not yet in the database when step 1 reads, so the duplicate offer adds them
    /// from memory by the search's own rules (<see cref="DuplicateQuery.Sees"/>): the offer is what one-by-one writing
    /// would have found. Statements are prepared automatically on this connection after a few uses.
    /// </summary>
    private sealed class PostgresSession : IntakeSession
    {
        private const string KeysTakenSql = """SELECT "IdempotencyKey" FROM "Appeals" WHERE "IdempotencyKey" = ANY(@keys)""";

        // /track looks codes up among appeals and "me too" supporters, so a new code must be free in both.
        private const string CodesTakenSql = """
            SELECT "TrackingCode" FROM "Appeals" WHERE "TrackingCode" = ANY(@codes)
            UNION ALL SELECT "TrackingCode" FROM "AppealSupporters" WHERE "TrackingCode" = ANY(@codes)
            """;

        private static string IdsSql(string table) => $"""SELECT nextval(pg_get_serial_sequence('"{table}"', 'Id')) FROM generate_series(1, @count)""";

        private Microsoft.EntityFrameworkCore.Metadata.IModel _model = null!;
        private NpgsqlConnection _connection = null!;
        private EntityInsert<Appeal> _appeals = null!;
        private EntityInsert<AppealEvent> _events = null!;
        private EntityInsert<AppealAttachment> _attachments = null!;
        private EntityInsert<AuditEntry> _audit = null!;
        private Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? _times;
        private string _appealIds = null!, _eventIds = null!, _attachmentIds = null!;

        public override bool IsPostgres => true;

        public static async Task<PostgresSession> OpenAsync(AppDbContext db)
        {
            // Its own connection, with automatic preparation: the batches differ in length but not in their statements.
            // Not pooled: a failed batch leaves its transaction open, and closing the connection is what ends it.
            var settings = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
            {
                MaxAutoPrepare = 32, AutoPrepareMinUsages = 2, Pooling = false,
            };
            var connection = new NpgsqlConnection(settings.ConnectionString);
            try
            {
                await connection.OpenAsync();
                var model = db.Model;
                return new PostgresSession
                {
                    _model = model, _connection = connection,
                    // Ids come from the sequences in the first round trip, so every row is complete (and audited) before it is sent.
                    _appeals = new EntityInsert<Appeal>(model, keyFromStore: false),
                    _events = new EntityInsert<AppealEvent>(model, keyFromStore: false),
                    _attachments = new EntityInsert<AppealAttachment>(model, keyFromStore: false),
                    _audit = new EntityInsert<AuditEntry>(model, keyFromStore: true),
                    _times = DuplicateQuery.TimeConverter(model),
                    _appealIds = IdsSql(TableOf<Appeal>(model)), _eventIds = IdsSql(TableOf<AppealEvent>(model)),
                    _attachmentIds = IdsSql(TableOf<AppealAttachment>(model)),
                };
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        private static string TableOf<T>(Microsoft.EntityFrameworkCore.Metadata.IModel model) => model.FindEntityType(typeof(T))!.GetTableName()!;

        public override async Task<HashSet<Pending>> WriteAsync(IReadOnlyList<Pending> batch)
        {
            // 1. Reads. Ids are drawn for every submission, replays included: a sequence has gaps anyway.
            var read = new NpgsqlBatch(_connection);
            await using (read)
            {
                Add(read, "BEGIN");
                Add(read, AuditChain.PostgresLockSql);
                Add(read, KeysTakenSql, ("keys", batch.Select(p => p.Appeal.IdempotencyKey).OfType<string>().ToArray()));
                Add(read, _appealIds, ("count", batch.Count));
                Add(read, _eventIds, ("count", batch.Sum(p => p.Appeal.Events.Count)));
                Add(read, _attachmentIds, ("count", batch.Sum(p => p.Attachments.Count)));
                Add(read, CodesTakenSql, ("codes", batch.Select(p => p.Appeal.TrackingCode).ToArray()));
                Add(read, AuditChain.LastHashSql);
                foreach (var p in batch)
                    DuplicateQuery.AddTo(read, p.DuplicateScope, p.Appeal.CategoryId, p.Appeal.BuildingId, p.Appeal.Latitude, p.Appeal.Longitude);
            }
            HashSet<string> takenKeys, takenCodes;
            long[] appealIds, eventIds, attachmentIds;
            string lastHash;
            var found = new List<(List<DuplicateRow> AtBuilding, List<DuplicateRow> Near)>(batch.Count);
            await using (var reader = await read.ExecuteReaderAsync())
            {
                Task Next() => reader.NextResultAsync();
                await Next(); // past the lock (BEGIN has no result set: the reader starts on the lock's)
                takenKeys = await StringsAsync(reader);
                await Next();
                appealIds = await LongsAsync(reader);
                await Next();
                eventIds = await LongsAsync(reader);
                await Next();
                attachmentIds = await LongsAsync(reader);
                await Next();
                takenCodes = await StringsAsync(reader);
                await Next();
                lastHash = await reader.ReadAsync() && !reader.IsDBNull(0) ? reader.GetString(0) : "";
                foreach (var p in batch)
                    found.Add(await DuplicateQuery.ReadFromAsync(reader, Next, _times, p.Appeal.BuildingId, p.Appeal.Latitude, p.Appeal.Longitude));
            }

            var replays = Replays(batch, takenKeys.Contains);
            var fresh = new List<(Pending Pending, int Index)>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
                if (!replays.Contains(batch[i])) fresh.Add((batch[i], i));
            await DrawFreeCodesAsync(fresh.Select(f => f.Pending.Appeal).ToList(), takenCodes);

            var at = DateTimeOffset.UtcNow;
            var audit = new List<AuditEntry>(fresh.Count * 3);
            var write = new NpgsqlBatch(_connection);
            await using (write)
            {
                int nextEvent = 0, nextAttachment = 0;
                for (var k = 0; k < fresh.Count; k++)
                {
                    var (p, index) = fresh[k];
                    Complete(p, appealIds[k]);
                    foreach (var e in p.Appeal.Events)
                    {
                        e.Id = eventIds[nextEvent++];
                        e.AppealId = p.Appeal.Id;
                    }
                    foreach (var a in p.Attachments)
                    {
                        a.Id = attachmentIds[nextAttachment++];
                        a.AppealId = p.Appeal.Id;
                    }
                    p.Duplicates = Offer(p, found[index], fresh.Take(k).Select(f => f.Pending.Appeal));
                    _appeals.AddTo(write, p.Appeal);
                    foreach (var e in p.Appeal.Events) _events.AddTo(write, e);
                    foreach (var a in p.Attachments) _attachments.AddTo(write, a);
                    AuditNewRows(audit, _model, p, at);
                }
                // Each entry names its own submitter, and the whole batch is one append to the chain (its lock taken in step 1).
                AuditChain.Link(audit, lastHash);
                foreach (var entry in audit) _audit.AddTo(write, entry);
                // 2. Writes (none when the batch is all replays), and COMMIT: when this returns, the batch is durable.
                Add(write, "COMMIT");
                await write.ExecuteNonQueryAsync();
            }
            return replays;
        }

        /// <summary>The duplicate offer: what SQL found, plus the batch's earlier appeals that the same search would have found.</summary>
        private static IReadOnlyList<DuplicateCandidate> Offer(Pending p, (List<DuplicateRow> AtBuilding, List<DuplicateRow> Near) found, IEnumerable<Appeal> earlier)
        {
            var (atBuilding, near) = found;
            var appeal = p.Appeal;
            foreach (var other in earlier)
            {
                if (!DuplicateQuery.Sees(other, p.DuplicateScope, appeal.CategoryId)) continue;
                if (appeal.BuildingId is { } building && other.BuildingId == building) atBuilding.Add(DuplicateRow.Of(other));
                if (appeal.Latitude is { } lat && appeal.Longitude is { } lon && DuplicateQuery.InBox(lat, lon, other.Latitude, other.Longitude))
                    near.Add(DuplicateRow.Of(other));
            }
            return DuplicateQuery.Pick(atBuilding, near, appeal.Latitude, appeal.Longitude);
        }

        /// <summary>
        /// A tracking code is 8 of 31 characters, drawn at random: among millions of appeals a new one now and then repeats
        /// an old one (or one drawn for the same batch), which the unique index would turn into a failed submission. Such
        /// a code is drawn again, and the new codes are checked in one more round trip (rare).
        /// </summary>
        private async Task DrawFreeCodesAsync(List<Appeal> appeals, HashSet<string> taken)
        {
            while (true)
            {
                var drawn = new HashSet<string>(StringComparer.Ordinal);
                var redrawn = new List<string>();
                foreach (var appeal in appeals)
                {
                    var before = appeal.TrackingCode;
                    while (taken.Contains(appeal.TrackingCode) || !drawn.Add(appeal.TrackingCode))
                        appeal.TrackingCode = SubmitAppeal.NewTrackingCode();
                    if (appeal.TrackingCode != before) redrawn.Add(appeal.TrackingCode);
                }
                if (redrawn.Count == 0) return;
                await using var check = new NpgsqlCommand(CodesTakenSql, _connection) { Parameters = { new("codes", redrawn.ToArray()) } };
                await using var reader = await check.ExecuteReaderAsync();
                var again = await StringsAsync(reader);
                if (again.Count == 0) return;
                taken.UnionWith(again);
            }
        }

        private static void Add(NpgsqlBatch batch, string sql, params (string Name, object Value)[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in parameters) command.Parameters.Add(new NpgsqlParameter(name, value));
            batch.BatchCommands.Add(command);
        }

        private static async Task<HashSet<string>> StringsAsync(NpgsqlDataReader reader)
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync()) values.Add(reader.GetString(0));
            return values;
        }

        private static async Task<long[]> LongsAsync(NpgsqlDataReader reader)
        {
            var values = new List<long>();
            while (await reader.ReadAsync()) values.Add(reader.GetInt64(0));
            return [.. values];
        }

        public override ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
