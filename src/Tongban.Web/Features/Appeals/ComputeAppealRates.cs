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

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}

/// <summary>Share of closed appeals closed at each tier (小事不出社区、大事不出街道).</summary>
public sealed record TierShare(AppealTier Tier, string Name, int Closed, double? Share);

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
        var startAt = Day(start);
        var endAt = Day(end.AddDays(1));
        var inPeriod = db.Appeals.AsNoTracking().Where(a => a.SubmittedAt >= startAt && a.SubmittedAt < endAt && a.State != AppealState.Merged);

        List<RateRow> units;
        if (by == "community")
        {
            var grouped = await inPeriod.GroupBy(a => a.CommunityId).Select(g => new
            {
                g.Key, Total = g.Count(),
                Responded = g.Count(a => a.RespondedInTime != null), RespondedInTime = g.Count(a => a.RespondedInTime == true),
                FollowedUp = g.Count(a => a.IsResolved != null), Resolved = g.Count(a => a.IsResolved == true),
                Rated = g.Count(a => a.IsSatisfied != null), Satisfied = g.Count(a => a.IsSatisfied == true),
            }).ToListAsync(ct);
            var ids = grouped.Where(g => g.Key != null).Select(g => g.Key!.Value).ToList();
            var names = await db.Areas.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            units = grouped.Select(g => new RateRow(g.Key is { } id && names.TryGetValue(id, out var n) ? n : "未关联社区", g.Total, g.Responded,
                g.RespondedInTime, g.FollowedUp, g.Resolved, g.Rated, g.Satisfied)).ToList();
        }
        else
        {
            var grouped = await inPeriod.GroupBy(a => a.CurrentAssignee).Select(g => new
            {
                g.Key, Total = g.Count(),
                Responded = g.Count(a => a.RespondedInTime != null), RespondedInTime = g.Count(a => a.RespondedInTime == true),
                FollowedUp = g.Count(a => a.IsResolved != null), Resolved = g.Count(a => a.IsResolved == true),
                Rated = g.Count(a => a.IsSatisfied != null), Satisfied = g.Count(a => a.IsSatisfied == true),
            }).ToListAsync(ct);
            units = grouped.Select(g => new RateRow(g.Key ?? "未派单", g.Total, g.Responded, g.RespondedInTime, g.FollowedUp, g.Resolved, g.Rated, g.Satisfied))
                .ToList();
        }
        units = units.OrderByDescending(u => u.Score ?? -1).ThenBy(u => u.Unit, ChineseText.PinyinComparer).ToList();
        var overall = new RateRow("合计", units.Sum(u => u.Total), units.Sum(u => u.Responded), units.Sum(u => u.RespondedInTime),
            units.Sum(u => u.FollowedUp), units.Sum(u => u.Resolved), units.Sum(u => u.Rated), units.Sum(u => u.Satisfied));

        var closed = await inPeriod.Where(a => a.ClosedAtTier != null).GroupBy(a => a.ClosedAtTier).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var totalClosed = closed.Sum(c => c.Count);
        var tiers = Enum.GetValues<AppealTier>().Select(t =>
        {
            var n = closed.FirstOrDefault(c => c.Key == t)?.Count ?? 0;
            return new TierShare(t, AppealNames.Of(t), n, totalClosed == 0 ? null : (double)n / totalClosed);
        }).ToList();
        return new AppealRates(by, start, end, units, overall, tiers);
    }

    private static DateTimeOffset Day(DateOnly d)
    {
        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
