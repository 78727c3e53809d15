using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>One community's (or a street's, or the district's) figures as residents see them: counts and the three rates.</summary>
public sealed record PublicResultRow(string Name, int Received, int Closed, double? ResponseRate, double? ResolutionRate, double? SatisfactionRate, double? Score)
{
    internal static PublicResultRow From(RateRow rates, int closed) =>
        new(rates.Unit, rates.Total, closed, rates.ResponseRate, rates.ResolutionRate, rates.SatisfactionRate, rates.Score);
}

public sealed record PublicResultStreet(string Name, PublicResultRow Total, IReadOnlyList<PublicResultRow> Communities);

/// <summary>办理公开: what happened to the appeals submitted in a period, per street and community, computed at <see cref="ComputedAt"/>.</summary>
public sealed record PublicResults(string Period, string PeriodName, DateOnly From, DateOnly To, DateTimeOffset ComputedAt,
    PublicResultRow Overall, IReadOnlyList<TierShare> Tiers, IReadOnlyList<PublicResultStreet> Streets, bool IsSample);

/// <summary>
/// The public results page and API (办理公开): residents see how many appeals each community received and closed, and
/// its three rates, in the same definitions staff see on 三率. Only counts leave the building: no text, place or person.
/// The figures are computed at most once per period every ten minutes on each node, so anonymous callers cannot make
/// the database group the city's appeals at will.
/// </summary>
public sealed class GetPublicResults(AppDbContext db, TimeProvider clock, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    /// <summary>The periods offered, by the value in the address: 近30天, 近90天 (the default) and the calendar year so far.</summary>
    public static readonly IReadOnlyList<(string Value, string Name)> Periods = [("30", "近30天"), ("90", "近90天"), ("year", "本年度")];

    public async Task<PublicResults> HandleAsync(string? period, CancellationToken ct)
    {
        period = string.IsNullOrWhiteSpace(period) ? "90" : period.Trim().ToLowerInvariant();
        if (!Periods.Any(p => p.Value == period)) throw new ValidationFailedException("period", "统计期间只能是 30（近30天）、90（近90天）或 year（本年度）");
        return (await cache.GetOrCreateAsync($"public-results:{period}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return ComputeAsync(period, ct);
        }))!;
    }

    private async Task<PublicResults> ComputeAsync(string period, CancellationToken ct)
    {
        var today = clock.Today();
        var from = period switch { "30" => today.AddDays(-29), "90" => today.AddDays(-89), _ => new DateOnly(today.Year, 1, 1) };
        var appeals = ComputeAppealRates.SubmittedBetween(db.Appeals.IgnoreQueryFilters().AsNoTracking(), from, today);
        var counts = (await ComputeAppealRates.CountAsync(appeals, a => a.CommunityId, ct)).ToDictionary(c => c.Key ?? 0);
        var areas = await db.Areas.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Level == AreaLevel.Street || a.Level == AreaLevel.Community)
            .Select(a => new { a.Id, a.Name, a.Level, a.ParentId, a.IsSample }).ToListAsync(ct);

        var streets = areas.Where(a => a.Level == AreaLevel.Street).OrderBy(a => a.Name, ChineseText.PinyinComparer).Select(street =>
        {
            var rows = areas.Where(c => c.Level == AreaLevel.Community && c.ParentId == street.Id)
                .Select(c => counts.TryGetValue(c.Id, out var n) ? (Rates: n.ToRow(c.Name), n.Closed) : (Rates: new RateRow(c.Name, 0, 0, 0, 0, 0, 0, 0), Closed: 0))
                .OrderBy(r => r.Rates.Unit, ChineseText.PinyinComparer).ToList();
            var total = PublicResultRow.From(RateRow.Sum(street.Name, rows.Select(r => r.Rates).ToList()), rows.Sum(r => r.Closed));
            return new PublicResultStreet(street.Name, total, rows.Select(r => PublicResultRow.From(r.Rates, r.Closed)).ToList());
        }).ToList();
        // The district's line counts every appeal, those not tied to a community (a point on a map outside any) included.
        var overall = PublicResultRow.From(RateRow.Sum("全区", counts.Values.Select(c => c.ToRow("")).ToList()), counts.Values.Sum(c => c.Closed));
        var tiers = await ComputeAppealRates.TiersAsync(appeals, ct);
        var name = Periods.First(p => p.Value == period).Name;
        return new PublicResults(period, name, from, today, clock.GetUtcNow(), overall, tiers, streets, areas.Any(a => a.IsSample));
    }
}
