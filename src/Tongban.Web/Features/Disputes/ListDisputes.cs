using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record DisputeListQuery(string? Q, DisputeState? State, DisputeType? Type, MediationTier? Tier, RiskLevel? Risk, bool? Overdue, int? Page, int? PageSize);

public sealed record DisputeRow(long Id, string Number, string Title, DisputeType Type, string TypeName, DisputeState State, string StateName,
    MediationTier Tier, string TierName, RiskLevel? Risk, string? LeadMediatorName, DateTimeOffset RegisteredAt, DateOnly DueOn, bool Overdue,
    DateOnly? JudicialDeadlineOn, bool IsSample);

public sealed record DisputePage(int Total, int Page, int PageSize, IReadOnlyList<DisputeRow> Items);

/// <summary>The cases the caller may see, newest first, with filters and Chinese search over title, facts, address and parties.</summary>
public sealed class ListDisputes(DisputeWorkflow workflow)
{
    public async Task<DisputePage> HandleAsync(DisputeListQuery query, CancellationToken ct)
    {
        var q = (await workflow.VisibleAsync(ct)).AsNoTracking();
        if (query.State is { } s) q = q.Where(c => c.State == s);
        if (query.Type is { } t) q = q.Where(c => c.Type == t);
        if (query.Tier is { } tier) q = q.Where(c => c.Tier == tier);
        if (query.Risk is { } risk) q = q.Where(c => c.Risk == risk);
        var today = workflow.Today;
        foreach (var (token, _) in ChineseText.QueryTokens(query.Q).Take(8))
            q = q.Where(c => c.SearchText.Contains(token) || c.Number.Contains(token));
        var size = Math.Clamp(query.PageSize ?? 20, 1, 100);
        var page = Math.Max(1, query.Page ?? 1);
        // Filters go on the cases before they are shaped into rows: a row is built by a constructor, which SQL cannot look into.
        static IQueryable<Row> Shape(IQueryable<DisputeCase> cases) => cases.OrderByDescending(c => c.RegisteredAt).ThenByDescending(c => c.Id)
            .Select(c => new Row(c.Id, c.Number, c.Title, c.Type, c.State, c.Tier, c.ProfessionalBody, c.Risk, c.LeadMediatorName, c.RegisteredAt, c.RegisteredOn, c.ExtendedDays, c.JudicialDeadlineOn, c.IsSample));
        var shaped = Shape(q);
        List<Row> rows;
        int total;
        if (query.Overdue == true)
        {
            // Overdue depends on each case's extensions; open cases are few, so the day arithmetic runs here on both engines.
            var open = await Shape(q.Where(c => c.State == DisputeState.Registered || c.State == DisputeState.Assessed || c.State == DisputeState.Mediating)).ToListAsync(ct);
            var late = open.Where(c => DisputeCase.IsLate(c.RegisteredOn, c.ExtendedDays, today)).ToList();
            total = late.Count;
            rows = late.Skip((page - 1) * size).Take(size).ToList();
        }
        else
        {
            total = await q.CountAsync(ct);
            rows = await shaped.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        }
        return new DisputePage(total, page, size, rows.Select(c =>
        {
            var due = c.RegisteredOn.AddDays(DisputeCase.TargetDays + c.ExtendedDays);
            var open = c.State is DisputeState.Registered or DisputeState.Assessed or DisputeState.Mediating;
            return new DisputeRow(c.Id, c.Number, c.Title, c.Type, DisputeNames.Of(c.Type), c.State, DisputeNames.Of(c.State), c.Tier,
                c.Tier == MediationTier.Professional && c.ProfessionalBody is not null ? c.ProfessionalBody : DisputeNames.Of(c.Tier), c.Risk, c.LeadMediatorName,
                c.RegisteredAt, due, open && today > due, c.JudicialDeadlineOn, c.IsSample);
        }).ToList());
    }

    /// <summary>The caller's cases counted as the list counts them: 调解中, 已超期 and all, in one look at the visible cases.</summary>
    public async Task<(int Mediating, int Overdue, int Total)> CountsAsync(CancellationToken ct)
    {
        var q = (await workflow.VisibleAsync(ct)).AsNoTracking();
        var open = await q.Where(c => c.State == DisputeState.Registered || c.State == DisputeState.Assessed || c.State == DisputeState.Mediating)
            .Select(c => new { c.State, c.RegisteredOn, c.ExtendedDays }).ToListAsync(ct);
        var today = workflow.Today;
        return (open.Count(c => c.State == DisputeState.Mediating), open.Count(c => DisputeCase.IsLate(c.RegisteredOn, c.ExtendedDays, today)), await q.CountAsync(ct));
    }

    private sealed record Row(long Id, string Number, string Title, DisputeType Type, DisputeState State, MediationTier Tier, string? ProfessionalBody, RiskLevel? Risk,
        string? LeadMediatorName, DateTimeOffset RegisteredAt, DateOnly RegisteredOn, int ExtendedDays, DateOnly? JudicialDeadlineOn, bool IsSample);
}

public sealed record CountBy(string Key, string Name, int Count);

/// <summary>Figures for the dashboards.</summary>
public sealed record DisputeFigures(int Total, int Open, int WithOutcome, int Succeeded, int Failed, double? SuccessRate, double? AverageDaysToOutcome,
    double? MedianDaysToOutcome, double? SettledInCommunityShare, int Overdue, int HighRisk, IReadOnlyList<CountBy> ByType, IReadOnlyList<CountBy> ByTier,
    IReadOnlyList<CountBy> ByOutcome, IReadOnlyList<CountBy> ByState);

/// <summary>
/// 统计: counts by type, tier and outcome, success rate (agreements among cases with an outcome), days from intake to
/// outcome, and the share of successful cases settled by the community committee. Over the caller's visible cases.
/// </summary>
public sealed class ComputeDisputeFigures(DisputeWorkflow workflow)
{
    public async Task<DisputeFigures> HandleAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = (await workflow.VisibleAsync(ct)).AsNoTracking();
        if (from is { } f) q = q.Where(c => c.RegisteredOn >= f);
        if (to is { } t) q = q.Where(c => c.RegisteredOn <= t);
        var rows = await q.Select(c => new { c.Type, c.Tier, c.State, c.Risk, c.RegisteredAt, c.RegisteredOn, c.ExtendedDays, c.OutcomeAt, c.OutcomeTier, c.OralAgreement, c.AgreementEffectiveOn, c.FailureReason })
            .ToListAsync(ct);
        var today = workflow.Today;
        var withOutcome = rows.Where(r => r.OutcomeAt is not null).ToList();
        var succeeded = withOutcome.Where(r => r.AgreementEffectiveOn is not null || r.OralAgreement is not null).ToList();
        var failed = withOutcome.Count - succeeded.Count;
        var days = withOutcome.Select(r => (r.OutcomeAt!.Value - r.RegisteredAt).TotalDays).Order().ToList();
        static string Outcome(DateOnly? effective, string? oral, DateTimeOffset? outcomeAt, DisputeState state) =>
            effective is not null ? "agreement" : oral is not null ? "oral" : outcomeAt is not null ? "failed" : state == DisputeState.Declined ? "declined" : "open";
        var outcomeNames = new Dictionary<string, string> { ["agreement"] = "书面协议", ["oral"] = "口头协议", ["failed"] = "调解不成", ["declined"] = "不宜调解", ["open"] = "办理中" };
        return new DisputeFigures(
            rows.Count,
            rows.Count(r => r.State is DisputeState.Registered or DisputeState.Assessed or DisputeState.Mediating),
            withOutcome.Count, succeeded.Count, failed,
            withOutcome.Count == 0 ? null : Math.Round(100.0 * succeeded.Count / withOutcome.Count, 1),
            days.Count == 0 ? null : Math.Round(days.Average(), 1),
            days.Count == 0 ? null : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1),
            succeeded.Count == 0 ? null : Math.Round(100.0 * succeeded.Count(r => r.OutcomeTier == MediationTier.Community) / succeeded.Count, 1),
            rows.Count(r => (r.State is DisputeState.Registered or DisputeState.Assessed or DisputeState.Mediating) && DisputeCase.IsLate(r.RegisteredOn, r.ExtendedDays, today)),
            rows.Count(r => r.Risk == RiskLevel.High),
            rows.GroupBy(r => r.Type).OrderBy(g => g.Key).Select(g => new CountBy(g.Key.ToString(), DisputeNames.Of(g.Key), g.Count())).ToList(),
            rows.GroupBy(r => r.Tier).OrderBy(g => g.Key).Select(g => new CountBy(g.Key.ToString(), DisputeNames.Of(g.Key), g.Count())).ToList(),
            rows.GroupBy(r => Outcome(r.AgreementEffectiveOn, r.OralAgreement, r.OutcomeAt, r.State)).OrderBy(g => g.Key).Select(g => new CountBy(g.Key, outcomeNames[g.Key], g.Count())).ToList(),
            rows.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => new CountBy(g.Key.ToString(), DisputeNames.Of(g.Key), g.Count())).ToList());
    }
}
