using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// SQLite: whether the full-text index keeps up. Search stays correct when it does not (appeals past the index's
/// progress mark are read directly), but each search then reads more of them, so a writer that keeps failing to index
/// would slow search down day by day without anyone noticing. Checked every half minute by
/// <see cref="AppealSearchIndexing"/>: appeals waiting while the mark has not moved for
/// <see cref="StallAfter"/> mean indexing has stalled; a check older than <see cref="CheckTooOld"/> means the job has
/// stopped. Either shows on /healthz (status "degraded", still 200: search works)
/// and in /metrics (<c>tongban_appeals_search_unindexed</c>, <c>tongban_appeals_search_stalled_seconds</c>) for alerts.
/// </summary>
public sealed class AppealSearchIndexHealth
{
    /// <summary>How long appeals may wait with no progress of the mark before it counts as stalled (the writer indexes every second).</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(5);

    /// <summary>Counting stops here: past it the figure only needs to say "very many".</summary>
    public const int CountLimit = 100_000;

    private readonly Lock _gate = new();
    private long? _mark;
    private DateTimeOffset? _waitingSince;

    public AppealSearchIndexHealth(IMeterFactory meters)
    {
        // A meter of this app's container (not a static one): each app instance reports its own state.
        var meter = meters.Create("Tongban");
        meter.CreateObservableGauge("tongban.appeals.search.unindexed", () => Current.Waiting, "{appeal}",
            "诉求全文索引（SQLite）：尚未入索引的诉求数（上限100000）");
        meter.CreateObservableGauge("tongban.appeals.search.stalled", () => Current.StalledFor.TotalSeconds, "s",
            "诉求全文索引（SQLite）：有诉求等待而进度未推进的时长");
    }

    /// <summary>The last check; <see cref="IndexState.Unknown"/> until the first (and always on PostgreSQL).</summary>
    public IndexState Current { get; private set; } = IndexState.Unknown;

    /// <summary>A check older than this means the job that checks (and nudges the index) has stopped.</summary>
    public static readonly TimeSpan CheckTooOld = TimeSpan.FromMinutes(5);

    /// <summary>What /healthz reports: a stall, or a check that stopped coming (then nothing is known, which is a problem too).</summary>
    public string? ProblemAt(DateTimeOffset now)
    {
        var state = Current;
        if (!state.Checked) return null;
        if (state.CheckedAt is { } at && now - at > CheckTooOld)
            return $"诉求全文索引的检查已停止约{(int)(now - at).TotalMinutes}分钟（上次检查于北京时间{at.ToShanghai():yyyy-MM-dd HH:mm}），"
                + "索引可能也已停止更新；请查看日志并重启服务。";
        return state.Problem;
    }

    /// <summary>Reads the progress mark and the appeals past it, and updates <see cref="Current"/>.</summary>
    public async Task<IndexState> CheckAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        if (db.IsPostgres) return Current = IndexState.Unknown; // the GIN index takes each row in as it is inserted
        var mark = await db.Database.SqlQuery<long>($"""SELECT "IndexedThrough" AS "Value" FROM "AppealSearchProgress" """).SingleAsync(ct);
        var waiting = await db.Database.SqlQuery<int>(
            $"""SELECT COUNT(*) AS "Value" FROM (SELECT 1 FROM "Appeals" WHERE "Id" > {mark} LIMIT {CountLimit}) AS t""").SingleAsync(ct);
        lock (_gate)
        {
            // Waiting appeals are normal while the mark moves (the writer indexes in batches); only a mark that stays put counts.
            if (waiting == 0) _waitingSince = null;
            else if (_mark != mark || _waitingSince is null) _waitingSince = now;
            _mark = mark;
            var stalledFor = _waitingSince is { } since && waiting > 0 ? now - since : TimeSpan.Zero;
            return Current = new IndexState(true, mark, waiting, stalledFor >= StallAfter, stalledFor, now);
        }
    }

    public sealed record IndexState(bool Checked, long IndexedThrough, int Waiting, bool Stalled, TimeSpan StalledFor, DateTimeOffset? CheckedAt)
    {
        public static readonly IndexState Unknown = new(false, 0, 0, false, TimeSpan.Zero, null);

        /// <summary>For the operator, in Chinese.</summary>
        public string? Problem => Stalled
            ? $"诉求全文索引已停滞约{(int)StalledFor.TotalMinutes}分钟，{(Waiting >= CountLimit ? "超过" + CountLimit : Waiting.ToString(System.Globalization.CultureInfo.InvariantCulture))}条诉求尚未入索引。"
              + "检索结果仍然完整，但会越来越慢；请查看日志中的“诉求全文索引更新失败”。"
            : null;
    }
}
