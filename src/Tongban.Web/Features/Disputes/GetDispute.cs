using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record PartyView(long Id, string Kind, string Role, string Name, string? Gender, int? BirthYear, string? IdNumberMasked, string? PhoneMasked,
    string? Address, string? CreditCode, string? Representative);
public sealed record TimelineEntry(DateTimeOffset At, string Stage, string Tier, string Type, string Note, string ActorName, string ActorUnit);
public sealed record MediatorView(string UserId, string Name, bool IsLead, string Tier, DateTimeOffset AssignedAt, DateTimeOffset? EndedAt);
public sealed record ConflictView(string Name, string Relation, DateTimeOffset At);
public sealed record SessionView(long Id, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Place, string Mode, string Attendees, string Record, string RecordedBy, string Tier);
public sealed record AgreementView(string Facts, string Matters, string Responsibilities, string Terms, string PerformanceManner, string PerformanceDeadline,
    DateTimeOffset DraftedAt, DateTimeOffset? FinalisedAt, bool HasSignedScan, IReadOnlyDictionary<string, string[]> MissingParts);
public sealed record VisitView(long Id, DateOnly? PlannedOn, DateOnly? VisitedOn, string? VisitedWith, string? Performance, string? Note, string? By);
public sealed record ExtensionView(int Days, string Reason, DateOnly PreviousDueOn, DateOnly NewDueOn, string By, DateTimeOffset At);
public sealed record SummonsView(long Id, int DepartmentId, string Department, DateTimeOffset SessionAt, string Place, string? Note, DateTimeOffset SummonedAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy);
public sealed record AlertView(string Channel, string Recipient, string Note, int NotifiedUsers, bool SmsQueued, DateTimeOffset At);
public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, string Purpose, DateTimeOffset At);

/// <summary>Everything about one case, as the API and the pages show it (ID numbers and phones masked).</summary>
public sealed record DisputeDetails(
    long Id, string Number, string Title, DisputeType Type, string TypeName, DisputeSource Source, string SourceName, string? SourceNote,
    long? AppealId, string? AppealNumber, string Facts, string Address, string AreaName, string AreaPath, bool IsSample,
    DisputeState State, string StateName, MediationTier Tier, string TierName, string CommitteeName, RiskLevel? Risk, string? RiskName, string? RiskNote, bool? Suitable,
    string? LeadMediatorUserId, string? LeadMediatorName, DateTimeOffset RegisteredAt, DateOnly RegisteredOn, DateOnly DueOn, int DaysLeft, bool Overdue,
    DateTimeOffset? OutcomeAt, string? OutcomeTier, string? FailureReason, ReferralRoute? Referral, string? ReferralName, string? ReferralNote, string? OralAgreement,
    DateOnly? AgreementEffectiveOn, DateOnly? JudicialDeadlineOn, int? JudicialDaysLeft, JudicialStatus Judicial, string JudicialName,
    DateOnly? JudicialAppliedOn, string? JudicialCourt, DateOnly? JudicialResultOn, string? JudicialNote, PerformanceStatus? Performance, string? PerformanceName,
    DateTimeOffset? ClosedAt, string? ClosingNote,
    IReadOnlyList<PartyView> Parties, IReadOnlyList<MediatorView> Mediators, IReadOnlyList<ConflictView> Conflicts, IReadOnlyList<SessionView> Sessions,
    AgreementView? Agreement, IReadOnlyList<VisitView> Visits, IReadOnlyList<ExtensionView> Extensions, IReadOnlyList<SummonsView> Summonses,
    IReadOnlyList<AlertView> Alerts, IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<string> Actions);

public sealed class GetDispute(DisputeWorkflow workflow)
{
    public async Task<DisputeDetails> HandleAsync(long id, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        return await ViewAsync(c, ct);
    }

    public async Task<DisputeDetails> ViewAsync(DisputeCase c, CancellationToken ct)
    {
        var db = workflow.Db;
        var today = workflow.Today;
        var areaName = await db.Areas.IgnoreQueryFilters().Where(a => a.Id == c.AreaId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "";
        var committee = await CommitteeNameAsync(c, ct);
        var timeline = c.Events.OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new TimelineEntry(e.At, "调解", DisputeNames.Of(e.Tier), e.Type, e.Note, e.ActorName, e.ActorUnit)).ToList();
        if (c.AppealId is { } appealId)
        {
            // The appeal's history belongs to the case file; whoever may see the case sees how it began.
            var history = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == appealId).OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new { e.At, e.Type, e.Note, e.ActorName, e.ActorUnit }).ToListAsync(ct);
            timeline.InsertRange(0, history.Select(e => new TimelineEntry(e.At, $"诉求 {c.AppealNumber}", "社区", e.Type, e.Note, e.ActorName, e.ActorUnit)));
            timeline = timeline.OrderBy(t => t.At).ToList();
        }
        var a = c.Agreement;
        return new DisputeDetails(
            c.Id, c.Number, c.Title, c.Type, DisputeNames.Of(c.Type), c.Source, DisputeNames.Of(c.Source), c.SourceNote, c.AppealId, c.AppealNumber,
            c.Facts, c.Address, areaName, c.AreaPath, c.IsSample, c.State, DisputeNames.Of(c.State), c.Tier, c.TierName, committee, c.Risk,
            c.Risk is { } r ? DisputeNames.Of(r) : null, c.RiskNote, c.SuitableForMediation, c.LeadMediatorUserId, c.LeadMediatorName, c.RegisteredAt, c.RegisteredOn,
            c.DueOn, DisputeDeadlines.DaysLeft(c.DueOn, today), c.IsOpen && today > c.DueOn,
            c.OutcomeAt, c.OutcomeTier is { } ot ? DisputeNames.Of(ot) : null, c.FailureReason, c.Referral, c.Referral is { } rr ? DisputeNames.Of(rr) : null,
            c.ReferralNote, c.OralAgreement, c.AgreementEffectiveOn, c.JudicialDeadlineOn,
            c.JudicialDeadlineOn is { } jd && c.Judicial == JudicialStatus.None ? DisputeDeadlines.DaysLeft(jd, today) : null,
            c.Judicial, DisputeNames.Of(c.Judicial), c.JudicialAppliedOn, c.JudicialCourt, c.JudicialResultOn, c.JudicialNote, c.Performance,
            c.Performance is { } p ? DisputeNames.Of(p) : null, c.ClosedAt, c.ClosingNote,
            c.Parties.OrderBy(x => x.Role).ThenBy(x => x.Id).Select(x => new PartyView(x.Id, DisputeNames.Of(x.Kind), DisputeNames.Of(x.Role), x.Name, x.Gender, x.BirthYear,
                x.IdNumberMasked, x.PhoneMasked, x.Address, x.CreditCode, x.Representative)).ToList(),
            c.Mediators.OrderBy(m => m.AssignedAt).ThenByDescending(m => m.IsLead).Select(m => new MediatorView(m.UserId, m.Name, m.IsLead, DisputeNames.Of(m.Tier), m.AssignedAt, m.EndedAt)).ToList(),
            c.Conflicts.OrderBy(x => x.At).Select(x => new ConflictView(x.Name, x.Relation, x.At)).ToList(),
            c.Sessions.OrderBy(s => s.StartsAt).Select(s => new SessionView(s.Id, s.StartsAt, s.EndsAt, s.Place, DisputeNames.Of(s.Mode), s.Attendees, s.Record, s.RecordedByName, DisputeNames.Of(s.Tier))).ToList(),
            a is null ? null : new AgreementView(a.Facts, a.Matters, a.Responsibilities, a.Terms, a.PerformanceManner, a.PerformanceDeadline, a.DraftedAt, a.FinalisedAt,
                a.SignedScanSha256 is not null, c.MissingAgreementParts()),
            c.Visits.OrderBy(x => x.VisitedOn ?? x.PlannedOn).Select(x => new VisitView(x.Id, x.PlannedOn, x.VisitedOn, x.VisitedWith,
                x.Performance is { } vp ? DisputeNames.Of(vp) : null, x.Note, x.ByName)).ToList(),
            c.Extensions.OrderBy(x => x.At).Select(x => new ExtensionView(x.Days, x.Reason, x.PreviousDueOn, x.NewDueOn, x.ByName, x.At)).ToList(),
            c.Summonses.OrderBy(x => x.SessionAt).ThenBy(x => x.Id).Select(x => new SummonsView(x.Id, x.DepartmentId, x.DepartmentName, x.SessionAt, x.Place, x.Note, x.SummonedAt,
                x.AcknowledgedAt, x.AcknowledgedByName)).ToList(),
            c.Alerts.OrderBy(x => x.At).Select(x => new AlertView(x.Channel, x.Recipient, x.Note, x.NotifiedUsers, x.SmsQueued, x.At)).ToList(),
            c.Attachments.OrderBy(x => x.At).Select(x => new AttachmentView(x.Id, x.FileName, x.ContentType, x.Size, x.Purpose, x.At)).ToList(),
            timeline, Actions(c));
    }

    /// <summary>The body that mediates, by name, for the documents: 滨河社区人民调解委员会, 某某街道矛盾纠纷调解中心 …</summary>
    private async Task<string> CommitteeNameAsync(DisputeCase c, CancellationToken ct)
    {
        if (c.Tier == MediationTier.Professional) return c.TierName;
        var depth = c.Tier switch { MediationTier.Community => 3, MediationTier.Street => 2, _ => 1 };
        var segments = c.AreaPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < depth) return c.TierName;
        var path = string.Concat(segments.Take(depth).Select(x => x + "/"));
        var name = await workflow.Db.Areas.IgnoreQueryFilters().Where(a => a.AreaPath == path).Select(a => a.Name).FirstOrDefaultAsync(ct);
        if (name is null) return c.TierName;
        return c.Tier switch { MediationTier.Community => $"{name}人民调解委员会", MediationTier.Street => $"{name}矛盾纠纷调解中心", _ => $"{name}矛盾纠纷调处化解中心" };
    }

    /// <summary>The actions the case's state allows (the caller's role still decides on submit).</summary>
    private static IReadOnlyList<string> Actions(DisputeCase c)
    {
        var list = new List<string>();
        switch (c.State)
        {
            case DisputeState.Registered:
                list.AddRange(["assess", "escalate", "extend"]);
                break;
            case DisputeState.Assessed:
                list.AddRange(["assess", "assign", "session", "failure", "escalate", "extend", "summon"]);
                break;
            case DisputeState.Mediating:
                list.AddRange(["assess", "assign", "session", "agreement-draft", "agreement-finalise", "oral-agreement", "failure", "escalate", "extend", "summon"]);
                break;
            case DisputeState.Agreed or DisputeState.OralAgreed:
                list.AddRange(["visit-plan", "visit"]);
                break;
            case DisputeState.Failed:
                list.AddRange(["visit-plan", "visit", "close"]);
                break;
            case DisputeState.FollowedUp:
                list.AddRange(["visit-plan", "visit", "close"]);
                break;
        }
        if (c.State is not (DisputeState.Closed or DisputeState.Declined)) list.Add("conflict");
        if (c.AgreementEffectiveOn is not null && c.Judicial == JudicialStatus.None) list.Add("judicial-apply");
        if (c.Judicial == JudicialStatus.Applied) list.Add("judicial-result");
        if (c.Agreement?.FinalisedAt is not null) list.Add("signed-scan");
        return list;
    }
}
