using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// The three rates (三率) of one unit. 响应率: dispatched within the dispatch limit, of those dispatched; 解决率: judged
/// solved at follow-up, of those followed up; 满意率: satisfied, of those who gave a rating. Score weights them 30/35/35
/// (DOMAIN.md); a rate with nothing to count is left out and the others are reweighted.
/// </summary>
public sealed record RateRow(string Unit, int Total, int Responded, int RespondedInTime, int FollowedUp, int Resolved, int Rated, int Satisfied)
{
    public const double ResponseWeight = 0.30, ResolutionWeight = 0.35, SatisfactionWeight = 0.35;

    public double? ResponseRate => Responded == 0 ? null : (double)RespondedInTime / Responded;
    public double? ResolutionRate => FollowedUp == 0 ? null : (double)Resolved / FollowedUp;
    public double? SatisfactionRate => Rated == 0 ? null : (double)Satisfied / Rated;

    public double? Score
    {
        get
        {
            var parts = new[] { (ResponseRate, ResponseWeight), (ResolutionRate, ResolutionWeight), (SatisfactionRate, SatisfactionWeight) }
                .Where(p => p.Item1 is not null).ToList();
            if (parts.Count == 0) return null;
            return parts.Sum(p => p.Item1!.Value * p.Item2) / parts.Sum(p => p.Item2);
        }
    }

    /// <summary>The rows added together under one name (a total line).</summary>
    public static RateRow Sum(string unit, IReadOnlyCollection<RateRow> rows) => new(unit, rows.Sum(u => u.Total), rows.Sum(u => u.Responded),
        rows.Sum(u => u.RespondedInTime), rows.Sum(u => u.FollowedUp), rows.Sum(u => u.Resolved), rows.Sum(u => u.Rated), rows.Sum(u => u.Satisfied));

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}

/// <summary>
/// Share of closed appeals closed at each tier (小事不出社区、大事不出街道), and how many of them were resolved by the
/// feedback limit promised to the resident (按承诺办结), whatever the tier's own later limit.
/// </summary>
public sealed record TierShare(AppealTier Tier, string Name, int Closed, double? Share, int ClosedOnPromise = 0)
{
    public double? OnPromiseShare => Closed == 0 ? null : (double)ClosedOnPromise / Closed;
}

/// <summary>One group's counts as the database returns them (see <see cref="ComputeAppealRates.CountAsync{TKey}"/>).</summary>
public sealed class RateCounts<TKey>
{
    public TKey Key { get; init; } = default!;
    public int Total { get; init; }
    public int Responded { get; init; }
    public int RespondedInTime { get; init; }
    public int FollowedUp { get; init; }
    public int Resolved { get; init; }
    public int Rated { get; init; }
    public int Satisfied { get; init; }
    public int Closed { get; init; }

    public RateRow ToRow(string unit) => new(unit, Total, Responded, RespondedInTime, FollowedUp, Resolved, Rated, Satisfied);
}

public sealed record AppealRates(string By, DateOnly From, DateOnly To, IReadOnlyList<RateRow> Units, RateRow Overall, IReadOnlyList<TierShare> Tiers);

/// <summary>
/// The three rates per unit for appeals submitted in a period, within the caller's scope. By "community" groups by the
/// community the appeal belongs to; by "assignee" by the unit that handled it last (承办单位).
/// </summary>
public sealed class ComputeAppealRates(AppDbContext db, TimeProvider clock)
{
    public async Task<AppealRates> HandleAsync(string? by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        by = string.IsNullOrWhiteSpace(by) ? "community" : by.Trim();
        if (by is not ("community" or "assignee")) throw new ValidationFailedException("by", "统计口径只能是 community（按社区）或 assignee（按承办单位）");
        var today = clock.Today();
        var end = to ?? today;
        var start = from ?? end.AddDays(-89);
        if (start > end) throw new ValidationFailedException("to", "结束日期不能早于开始日期");
        if (end.DayNumber - start.DayNumber > 3660) throw new ValidationFailedException("from", "统计区间不能超过10年");
        var inPeriod = SubmittedBetween(db.Appeals.AsNoTracking(), start, end);

        List<RateRow> units;
        if (by == "community")
        {
            var grouped = await CountAsync(inPeriod, a => a.CommunityId, ct);
            var ids = grouped.Where(g => g.Key != null).Select(g => g.Key!.Value).ToList();
            var names = await db.Areas.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            units = grouped.Select(g => g.ToRow(g.Key is { } id && names.TryGetValue(id, out var n) ? n : "未关联社区")).ToList();
        }
        else
        {
            var grouped = await CountAsync(inPeriod, a => a.CurrentAssignee, ct);
            units = grouped.Select(g => g.ToRow(g.Key ?? "未派单")).ToList();
        }
        units = units.OrderByDescending(u => u.Score ?? -1).ThenBy(u => u.Unit, ChineseText.PinyinComparer).ToList();
        var overall = RateRow.Sum("合计", units);

        var tiers = await TiersAsync(inPeriod, ct);
        return new AppealRates(by, start, end, units, overall, tiers);
    }

    /// <summary>The appeals submitted from <paramref name="start"/> to <paramref name="end"/> (Beijing days, both included) that count in
    /// the rates: a merged appeal follows its main one and is not counted twice.</summary>
    internal static IQueryable<Appeal> SubmittedBetween(IQueryable<Appeal> appeals, DateOnly start, DateOnly end)
    {
        var startAt = Day(start);
        var endAt = Day(end.AddDays(1));
        return appeals.Where(a => a.SubmittedAt >= startAt && a.SubmittedAt < endAt && a.State != AppealState.Merged);
    }

    /// <summary>How the closed appeals among <paramref name="appeals"/> divide between the tiers that closed them.</summary>
    internal static async Task<IReadOnlyList<TierShare>> TiersAsync(IQueryable<Appeal> appeals, CancellationToken ct)
    {
        var closed = await appeals.Where(a => a.ClosedAtTier != null).GroupBy(a => a.ClosedAtTier)
            .Select(g => new { g.Key, Count = g.Count(), OnPromise = g.Count(a => a.ResolvedAt <= (a.PromisedFeedbackAt ?? a.FeedbackDueAt)) }).ToListAsync(ct);
        var totalClosed = closed.Sum(c => c.Count);
        return Enum.GetValues<AppealTier>().Select(t =>
        {
            var row = closed.FirstOrDefault(c => c.Key == t);
            var n = row?.Count ?? 0;
            return new TierShare(t, AppealNames.Of(t), n, totalClosed == 0 ? null : (double)n / totalClosed, row?.OnPromise ?? 0);
        }).ToList();
    }

    /// <summary>The counts behind the three rates, grouped by <paramref name="key"/>, in one query.</summary>
    internal static Task<List<RateCounts<TKey>>> CountAsync<TKey>(IQueryable<Appeal> appeals, System.Linq.Expressions.Expression<Func<Appeal, TKey>> key,
        CancellationToken ct) =>
        appeals.GroupBy(key).Select(g => new RateCounts<TKey>
        {
            Key = g.Key, Total = g.Count(),
            Responded = g.Count(a => a.RespondedInTime != null), RespondedInTime = g.Count(a => a.RespondedInTime == true),
            FollowedUp = g.Count(a => a.IsResolved != null), Resolved = g.Count(a => a.IsResolved == true),
            Rated = g.Count(a => a.IsSatisfied != null), Satisfied = g.Count(a => a.IsSatisfied == true),
            Closed = g.Count(a => a.ClosedAtTier != null),
        }).ToListAsync(ct);

    /// <summary>The start of a day in Beijing time, as an instant.</summary>
    private static DateTimeOffset Day(DateOnly d)
    {
        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
