using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>Who did a step, as the case timeline shows it.</summary>
public sealed record DisputeActor(string? UserId, string Name, string Unit);

/// <summary>
/// 矛盾纠纷调解案件: one dispute from intake to closing. State changes only through the methods below; each refuses a
/// step the process does not allow (409) and writes one timeline entry, so the case keeps one history across tiers.
/// </summary>
public class DisputeCase : IAreaScoped
{
    /// <summary>Days the Ministry of Justice rules give a mediation ("normally finished within one month").</summary>
    public const int TargetDays = 30;

    /// <summary>People's Mediation Law Art. 33: judicial confirmation is applied for within 30 days of the agreement taking effect.</summary>
    public const int JudicialWindowDays = 30;

    public long Id { get; set; }

    /// <summary>TJ + yyMMdd + sequence.</summary>
    public string Number { get; set; } = "";
    public string Title { get; set; } = "";
    public DisputeType Type { get; set; }
    public DisputeSource Source { get; set; }

    /// <summary>Who referred or assigned it (police station, court, office), when not the parties themselves.</summary>
    public string? SourceNote { get; set; }

    /// <summary>The appeal it was converted from; that appeal's history shows on the case.</summary>
    public long? AppealId { get; set; }
    public string? AppealNumber { get; set; }

    /// <summary>主要事实 as told at intake.</summary>
    public string Facts { get; set; } = "";
    public string Address { get; set; } = "";
    public int? BuildingId { get; set; }
    public int AreaId { get; set; }
    public string AreaPath { get; set; } = "";
    public bool IsSample { get; set; }

    public DisputeState State { get; set; }
    public MediationTier Tier { get; set; } = MediationTier.Community;

    /// <summary>The professional body (劳动争议调解、交调委…) when the tier is Professional.</summary>
    public string? ProfessionalBody { get; set; }
    public RiskLevel? Risk { get; set; }
    public string? RiskNote { get; set; }
    public bool? SuitableForMediation { get; set; }

    public string? LeadMediatorUserId { get; set; }
    public string? LeadMediatorName { get; set; }
    public string? RegisteredByUserId { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Intake date in Asia/Shanghai; the 30-day target counts from it.</summary>
    public DateOnly RegisteredOn { get; set; }
    public int ExtendedDays { get; set; }
    public DateTimeOffset? AssessedAt { get; set; }
    public DateTimeOffset? MediationStartedAt { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
    public MediationTier? OutcomeTier { get; set; }
    public DateTimeOffset? FollowedUpAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>调解不成: reason and the route the parties were told about.</summary>
    public string? FailureReason { get; set; }
    public ReferralRoute? Referral { get; set; }
    public string? ReferralNote { get; set; }

    /// <summary>Art. 28: the mediator's record of an oral agreement.</summary>
    public string? OralAgreement { get; set; }

    /// <summary>The day the written agreement took effect (all parties signed, the mediator signed, the committee sealed).</summary>
    public DateOnly? AgreementEffectiveOn { get; set; }

    /// <summary>Last day to apply for judicial confirmation (moved past a holiday as Civil Code Art. 203 says).</summary>
    public DateOnly? JudicialDeadlineOn { get; set; }
    public JudicialStatus Judicial { get; set; }
    public DateOnly? JudicialAppliedOn { get; set; }
    public string? JudicialCourt { get; set; }
    public DateOnly? JudicialResultOn { get; set; }
    public string? JudicialNote { get; set; }
    public PerformanceStatus? Performance { get; set; }
    public string? ClosingNote { get; set; }

    /// <summary>Search tokens over title, facts, address and party names.</summary>
    public string SearchText { get; set; } = "";
    public long Version { get; set; }

    public List<DisputeParty> Parties { get; set; } = [];
    public List<DisputeEvent> Events { get; set; } = [];
    public List<DisputeMediator> Mediators { get; set; } = [];
    public List<DisputeConflict> Conflicts { get; set; } = [];
    public List<DisputeSession> Sessions { get; set; } = [];
    public DisputeAgreement? Agreement { get; set; }
    public List<DisputeVisit> Visits { get; set; } = [];
    public List<DisputeExtension> Extensions { get; set; } = [];
    public List<DisputeSummons> Summonses { get; set; } = [];
    public List<DisputeAlert> Alerts { get; set; } = [];
    public List<DisputeAttachment> Attachments { get; set; } = [];

    /// <summary>Before an outcome: the case is still being worked and the 30-day target runs.</summary>
    public bool IsOpen => State is DisputeState.Registered or DisputeState.Assessed or DisputeState.Mediating;

    public bool HasOutcome => State is DisputeState.Agreed or DisputeState.OralAgreed or DisputeState.Failed or DisputeState.FollowedUp or DisputeState.Closed
        && OutcomeAt is not null;

    /// <summary>Target date (30 days from intake plus recorded extensions).</summary>
    public DateOnly DueOn => RegisteredOn.AddDays(TargetDays + ExtendedDays);

    /// <summary>Past the month (and its extensions) on this day; lists read the two numbers without loading the case.</summary>
    public static bool IsLate(DateOnly registeredOn, int extendedDays, DateOnly today) => today > registeredOn.AddDays(TargetDays + extendedDays);

    public static DisputeCase Register(DisputeRegistration r, DisputeActor actor, DateTimeOffset now)
    {
        var c = new DisputeCase
        {
            Number = r.Number, Title = r.Title, Type = r.Type, Source = r.Source, SourceNote = r.SourceNote, AppealId = r.AppealId,
            AppealNumber = r.AppealNumber, Facts = r.Facts, Address = r.Address, BuildingId = r.BuildingId, AreaId = r.AreaId,
            AreaPath = r.AreaPath, IsSample = r.IsSample, State = DisputeState.Registered, RegisteredAt = now,
            RegisteredOn = DateOnly.FromDateTime(now.ToShanghai().DateTime), RegisteredByUserId = actor.UserId,
            Parties = r.Parties.ToList(),
        };
        c.SearchText = string.Join(' ', ChineseText.Tokens($"{r.Title} {r.Facts} {r.Address} {string.Join(' ', r.Parties.Select(p => p.Name))}").Distinct().Take(600));
        var from = r.AppealNumber is null ? DisputeNames.Of(r.Source) : $"由民情诉求 {r.AppealNumber} 转入";
        c.Record(actor, now, "register", null, $"受理登记（{from}），{DisputeNames.Of(r.Type)}，当事人{r.Parties.Count}方");
        return c;
    }

    /// <summary>研判: risk, suitability, tier. Re-assessment is allowed while the case is open; unsuitable cases end here.</summary>
    public void Assess(DisputeAssessment a, DisputeActor actor, DateTimeOffset now)
    {
        Require("研判", DisputeState.Registered, DisputeState.Assessed, DisputeState.Mediating);
        var v = new Validation();
        if (a.Risk == RiskLevel.High) v.Require(!string.IsNullOrWhiteSpace(a.RiskNote), "riskNote", "高风险案件必须写明风险情形（如暴力倾向、群体性）");
        if (!a.Suitable) v.Require(!string.IsNullOrWhiteSpace(a.UnsuitableReason), "unsuitableReason", "不宜调解的，必须写明理由");
        if (!a.Suitable) v.Require(a.Referral is not null, "referral", "不宜调解的，必须告知当事人其他解决途径");
        if (a.Tier == MediationTier.Professional) v.Require(!string.IsNullOrWhiteSpace(a.ProfessionalBody), "professionalBody", "请填写承办的专业调解组织名称");
        if (!a.Suitable && State == DisputeState.Mediating) v.Add("suitable", "已开始调解的案件不能再研判为不宜调解，请登记调解不成");
        v.ThrowIfInvalid();

        Risk = a.Risk;
        RiskNote = a.RiskNote?.Trim();
        SuitableForMediation = a.Suitable;
        Tier = a.Tier;
        ProfessionalBody = a.Tier == MediationTier.Professional ? a.ProfessionalBody!.Trim() : null;
        AssessedAt ??= now;
        var text = $"研判：{DisputeNames.Of(a.Risk)}{(string.IsNullOrWhiteSpace(a.RiskNote) ? "" : $"（{a.RiskNote!.Trim()}）")}，" +
                   $"{(a.Suitable ? "适宜调解" : "不宜调解")}，由{TierName}承办";
        if (!a.Suitable)
        {
            Referral = a.Referral;
            ReferralNote = a.UnsuitableReason!.Trim();
            ClosedAt = now;
            Move(actor, now, "assess", DisputeState.Declined, $"{text}。理由：{ReferralNote}；已告知当事人{DisputeNames.Of(a.Referral!.Value)}");
            return;
        }
        Move(actor, now, "assess", State == DisputeState.Registered ? DisputeState.Assessed : State, text);
    }

    /// <summary>
    /// The rung of the ladder (community, street, district) whose decision the case is: its tier, or for a professional
    /// body the highest rung the case has stood at. Assessment, mediators and escalation belong to that rung and above.
    /// </summary>
    public MediationTier OwningTier => Tier != MediationTier.Professional ? Tier
        : Events.Where(e => e.Tier != MediationTier.Professional).Select(e => e.Tier).DefaultIfEmpty(MediationTier.Community).Max();

    public string TierName => Tier == MediationTier.Professional && ProfessionalBody is not null ? ProfessionalBody : DisputeNames.Of(Tier);

    /// <summary>A lead mediator who follows the case to the end, plus helpers. Conflicted people are refused.</summary>
    public void AssignMediators(DisputeMediator lead, IReadOnlyList<DisputeMediator> helpers, string? reason, DisputeActor actor, DateTimeOffset now)
    {
        Require("指派调解员", DisputeState.Assessed, DisputeState.Mediating);
        var all = helpers.Prepend(lead).ToList();
        if (all.Select(m => m.UserId).Distinct().Count() != all.Count) throw new ValidationFailedException("helperUserIds", "同一人不能既是主办调解员又是协办调解员，也不能重复指派");
        foreach (var m in all)
        {
            if (Conflicts.FirstOrDefault(c => c.UserId == m.UserId) is { } conflict)
                throw new DomainException($"{m.Name}已登记与本案存在利害关系（{conflict.Relation}），应当回避，不能指派。");
        }
        var changingLead = LeadMediatorUserId is not null && LeadMediatorUserId != lead.UserId;
        if (changingLead && State == DisputeState.Mediating && string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("reason", "调解中更换主办调解员必须写明理由");
        foreach (var open in Mediators.Where(m => m.EndedAt is null)) open.EndedAt = now;
        lead.IsLead = true;
        lead.AssignedAt = now;
        lead.Tier = Tier;
        Mediators.Add(lead);
        foreach (var h in helpers)
        {
            h.IsLead = false;
            h.AssignedAt = now;
            h.Tier = Tier;
            Mediators.Add(h);
        }
        LeadMediatorUserId = lead.UserId;
        LeadMediatorName = lead.Name;
        var text = $"主办调解员：{lead.Name}" + (helpers.Count > 0 ? $"；协办：{string.Join("、", helpers.Select(h => h.Name))}" : "") +
                   (string.IsNullOrWhiteSpace(reason) ? "" : $"；理由：{reason.Trim()}");
        Record(actor, now, "assign", State, text);
    }

    /// <summary>利害关系: a mediator (or other person) connected to a party. A mediator on the case steps aside at once.</summary>
    public void RecordConflict(DisputeConflict conflict, DisputeActor actor, DateTimeOffset now)
    {
        if (State is DisputeState.Closed or DisputeState.Declined) throw new DomainException($"案件当前状态为“{DisputeNames.Of(State)}”，不能再登记利害关系。");
        if (string.IsNullOrWhiteSpace(conflict.Relation)) throw new ValidationFailedException("relation", "请写明与当事人的关系");
        conflict.At = now;
        Conflicts.Add(conflict);
        var text = $"登记利害关系：{conflict.Name}（{conflict.Relation.Trim()}），应当回避";
        if (conflict.UserId is not null && Mediators.FirstOrDefault(m => m.UserId == conflict.UserId && m.EndedAt is null) is { } onCase)
        {
            onCase.EndedAt = now;
            if (onCase.IsLead)
            {
                LeadMediatorUserId = null;
                LeadMediatorName = null;
                text += "，已退出本案，请重新指派主办调解员";
            }
            else text += "，已退出协办";
        }
        Record(actor, now, "conflict", State, text);
    }

    /// <summary>A mediation session with its record (调解笔录). The first session starts the mediation.</summary>
    public void RecordSession(DisputeSession session, DisputeActor actor, DateTimeOffset now)
    {
        Require("记录调解", DisputeState.Assessed, DisputeState.Mediating);
        if (LeadMediatorUserId is null) throw new DomainException("请先指派主办调解员，再开始调解。");
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(session.Place), "place", "请填写调解地点");
        v.Require(!string.IsNullOrWhiteSpace(session.Attendees), "attendees", "请填写到场人员");
        v.Require(!string.IsNullOrWhiteSpace(session.Record), "record", "请填写调解笔录");
        v.Require(session.StartsAt <= now.AddMinutes(5), "startsAt", "调解时间不能晚于现在（笔录记录已进行的调解）");
        v.Require(session.StartsAt >= RegisteredAt.AddMinutes(-5), "startsAt", "调解时间不能早于受理时间");
        if (session.EndsAt is { } end) v.Require(end > session.StartsAt, "endsAt", "结束时间必须晚于开始时间");
        v.ThrowIfInvalid();
        session.RecordedAt = now;
        session.Tier = Tier;
        Sessions.Add(session);
        MediationStartedAt ??= now;
        Move(actor, now, "session", DisputeState.Mediating,
            $"{session.StartsAt.Show()} 在{session.Place.Trim()}{DisputeNames.Of(session.Mode)}，到场：{session.Attendees.Trim()}");
    }

    /// <summary>Writes or rewrites the draft of the written agreement (printable before signing).</summary>
    public void DraftAgreement(DisputeAgreementDraft d, DisputeActor actor, DateTimeOffset now)
    {
        Require("起草调解协议", DisputeState.Mediating);
        Agreement ??= new DisputeAgreement();
        Agreement.Facts = d.Facts?.Trim() ?? "";
        Agreement.Matters = d.Matters?.Trim() ?? "";
        Agreement.Responsibilities = d.Responsibilities?.Trim() ?? "";
        Agreement.Terms = d.Terms?.Trim() ?? "";
        Agreement.PerformanceManner = d.PerformanceManner?.Trim() ?? "";
        Agreement.PerformanceDeadline = d.PerformanceDeadline?.Trim() ?? "";
        Agreement.DraftedAt = now;
        Record(actor, now, "agreement-draft", State, "起草（修改）人民调解协议书");
    }

    /// <summary>The Art. 29 parts still missing from the draft, by field, in Chinese.</summary>
    public Dictionary<string, string[]> MissingAgreementParts()
    {
        var v = new Validation();
        var a = Agreement;
        v.Require(Parties.Any(p => p.Role == PartyRole.Applicant) && Parties.Any(p => p.Role == PartyRole.Respondent), "parties", "缺少当事人：协议须载明双方当事人的基本情况");
        foreach (var p in Parties)
            v.Require(!string.IsNullOrWhiteSpace(p.Address) || !string.IsNullOrWhiteSpace(p.PhoneMasked), "parties", $"当事人{p.Name}缺少住址或联系方式");
        v.Require(!string.IsNullOrWhiteSpace(a?.Facts), "facts", "缺少纠纷的主要事实");
        v.Require(!string.IsNullOrWhiteSpace(a?.Matters), "matters", "缺少争议事项");
        v.Require(!string.IsNullOrWhiteSpace(a?.Responsibilities), "responsibilities", "缺少各方当事人的责任");
        v.Require(!string.IsNullOrWhiteSpace(a?.Terms), "terms", "缺少当事人达成调解协议的内容");
        v.Require(!string.IsNullOrWhiteSpace(a?.PerformanceManner), "performanceManner", "缺少履行方式");
        v.Require(!string.IsNullOrWhiteSpace(a?.PerformanceDeadline), "performanceDeadline", "缺少履行期限");
        v.Require(LeadMediatorName is not null, "leadMediator", "缺少主办调解员（调解员须在协议上签名）");
        return v.Errors.ToDictionary(e => e.Key, e => e.Value);
    }

    /// <summary>
    /// Art. 29: the written agreement takes effect on the day everyone signed; it cannot be finalised with a part missing.
    /// </summary>
    public void FinaliseAgreement(DateOnly signedOn, DateOnly judicialDeadline, DateOnly today, DisputeActor actor, DateTimeOffset now)
    {
        Require("确认调解协议", DisputeState.Mediating);
        var missing = MissingAgreementParts();
        if (signedOn > today) missing["signedOn"] = ["签署日期不能晚于今天"];
        if (signedOn < RegisteredOn) missing["signedOn"] = ["签署日期不能早于受理日期"];
        // The agreement comes out of mediation: it cannot be signed before the first recorded session.
        else if (Sessions.Count > 0 && Sessions.Min(x => x.StartsAt) is var first && signedOn < DateOnly.FromDateTime(first.ToShanghai().DateTime))
            missing["signedOn"] = [$"签署日期不能早于第一次调解（{first.ToShanghai():yyyy年M月d日}）"];
        if (missing.Count > 0) throw new ValidationFailedException(missing);
        Agreement!.FinalisedAt = now;
        AgreementEffectiveOn = signedOn;
        JudicialDeadlineOn = judicialDeadline;
        Performance = PerformanceStatus.Pending;
        Outcome(now);
        Move(actor, now, "agreement", DisputeState.Agreed,
            $"达成书面调解协议，{signedOn:yyyy年M月d日}各方签字生效；可在{judicialDeadline:yyyy年M月d日}前共同申请司法确认");
    }

    /// <summary>Art. 28: an oral agreement the mediator records.</summary>
    public void RecordOralAgreement(string? content, DisputeActor actor, DateTimeOffset now)
    {
        Require("登记口头协议", DisputeState.Mediating);
        if (string.IsNullOrWhiteSpace(content)) throw new ValidationFailedException("content", "请记录口头协议的内容（人民调解法第二十八条）");
        OralAgreement = content.Trim();
        Performance = PerformanceStatus.Pending;
        Outcome(now);
        Move(actor, now, "oral-agreement", DisputeState.OralAgreed, $"达成口头调解协议，调解员记录：{OralAgreement}");
    }

    /// <summary>调解不成: the parties are told which route remains.</summary>
    public void RecordFailure(string? reason, ReferralRoute? referral, string? referralNote, DisputeActor actor, DateTimeOffset now)
    {
        Require("登记调解不成", DisputeState.Assessed, DisputeState.Mediating);
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(reason), "reason", "请写明调解不成的原因");
        v.Require(referral is not null, "referral", "请选择告知当事人的途径（诉讼、仲裁或行政途径）");
        v.ThrowIfInvalid();
        FailureReason = reason!.Trim();
        Referral = referral;
        ReferralNote = referralNote?.Trim();
        Outcome(now);
        Move(actor, now, "failure", DisputeState.Failed,
            $"调解不成：{FailureReason}；已告知当事人{DisputeNames.Of(referral!.Value)}{(string.IsNullOrWhiteSpace(ReferralNote) ? "" : $"（{ReferralNote}）")}");
    }

    /// <summary>Extends the 30-day target with a recorded reason.</summary>
    public void Extend(int days, string? reason, DisputeActor actor, DateTimeOffset now)
    {
        Require("延长调解期限", DisputeState.Registered, DisputeState.Assessed, DisputeState.Mediating);
        var v = new Validation();
        v.Require(days is >= 1 and <= 30, "days", "每次延长1至30天");
        v.Require(!string.IsNullOrWhiteSpace(reason), "reason", "延长期限必须写明理由");
        v.ThrowIfInvalid();
        var before = DueOn;
        ExtendedDays += days;
        Extensions.Add(new DisputeExtension { Days = days, Reason = reason!.Trim(), At = now, ByName = actor.Name, PreviousDueOn = before, NewDueOn = DueOn });
        Record(actor, now, "extend", State, $"调解期限延长{days}天（{before:yyyy-MM-dd} → {DueOn:yyyy-MM-dd}），理由：{reason.Trim()}");
    }

    /// <summary>Plans a follow-up visit (回访) on a day after the outcome.</summary>
    public void ScheduleVisit(DateOnly plannedOn, DateOnly today, DisputeActor actor, DateTimeOffset now)
    {
        Require("安排回访", DisputeState.Agreed, DisputeState.OralAgreed, DisputeState.Failed, DisputeState.FollowedUp);
        var outcomeDay = DateOnly.FromDateTime(OutcomeAt!.Value.ToShanghai().DateTime);
        if (plannedOn < outcomeDay || plannedOn < today) throw new ValidationFailedException("plannedOn", "回访日期不能早于今天或调解结束日期");
        Visits.Add(new DisputeVisit { PlannedOn = plannedOn, ScheduledAt = now });
        Record(actor, now, "visit-plan", State, $"安排{plannedOn:yyyy年M月d日}回访");
    }

    /// <summary>Art. 31: a follow-up visit that checks performance of the agreement.</summary>
    public DisputeVisit RecordVisit(DateOnly visitedOn, PerformanceStatus? performance, string? note, string? visitedWith, DateOnly today, DisputeActor actor, DateTimeOffset now)
    {
        Require("登记回访", DisputeState.Agreed, DisputeState.OralAgreed, DisputeState.Failed, DisputeState.FollowedUp);
        var outcomeDay = DateOnly.FromDateTime(OutcomeAt!.Value.ToShanghai().DateTime);
        var v = new Validation();
        v.Require(visitedOn <= today, "visitedOn", "回访日期不能晚于今天");
        v.Require(visitedOn >= outcomeDay, "visitedOn", $"回访日期不能早于调解结束日期（{outcomeDay:yyyy-MM-dd}）");
        v.Require(!string.IsNullOrWhiteSpace(note), "note", "请填写回访情况");
        var agreed = State is DisputeState.Agreed or DisputeState.OralAgreed || (State == DisputeState.FollowedUp && Performance is not null);
        if (agreed) v.Require(performance is not null, "performance", "请选择协议履行情况");
        v.ThrowIfInvalid();
        var visit = Visits.Where(x => x.VisitedOn is null).OrderBy(x => x.PlannedOn).FirstOrDefault();
        if (visit is null)
        {
            visit = new DisputeVisit { ScheduledAt = now };
            Visits.Add(visit);
        }
        visit.VisitedOn = visitedOn;
        visit.Performance = agreed ? performance : null;
        visit.Note = note!.Trim();
        visit.VisitedWith = visitedWith?.Trim();
        visit.ByName = actor.Name;
        visit.ByUserId = actor.UserId;
        visit.RecordedAt = now;
        if (agreed) Performance = performance;
        FollowedUpAt = now;
        Move(actor, now, "visit", DisputeState.FollowedUp,
            $"{visitedOn:yyyy年M月d日}回访{(string.IsNullOrWhiteSpace(visitedWith) ? "" : visitedWith!.Trim())}" +
            (agreed ? $"，协议{DisputeNames.Of(performance!.Value)}" : "") + $"：{visit.Note}");
        return visit;
    }

    /// <summary>Art. 33: the parties applied to a court within 30 days of the agreement taking effect.</summary>
    public void ApplyForJudicialConfirmation(DateOnly appliedOn, string? court, DateOnly today, DisputeActor actor, DateTimeOffset now)
    {
        if (AgreementEffectiveOn is null || State is not (DisputeState.Agreed or DisputeState.FollowedUp or DisputeState.Closed))
            throw new DomainException("只有已生效的书面调解协议才能申请司法确认。");
        if (Judicial != JudicialStatus.None) throw new DomainException($"司法确认当前为“{DisputeNames.Of(Judicial)}”，不能重复申请。");
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(court), "court", "请填写受理申请的人民法院");
        v.Require(appliedOn <= today, "appliedOn", "申请日期不能晚于今天");
        v.Require(appliedOn >= AgreementEffectiveOn.Value, "appliedOn", "申请日期不能早于协议生效日期");
        v.ThrowIfInvalid();
        if (appliedOn > JudicialDeadlineOn)
            throw new DomainException($"申请日期已超过司法确认的30日期限（截止{JudicialDeadlineOn:yyyy年M月d日}），法院将不予受理。");
        Judicial = JudicialStatus.Applied;
        JudicialAppliedOn = appliedOn;
        JudicialCourt = court!.Trim();
        Record(actor, now, "judicial-apply", State, $"双方于{appliedOn:yyyy年M月d日}向{JudicialCourt}申请司法确认");
    }

    public void RecordJudicialResult(bool confirmed, DateOnly resultOn, string? note, DateOnly today, DisputeActor actor, DateTimeOffset now)
    {
        if (Judicial != JudicialStatus.Applied) throw new DomainException("尚未申请司法确认，或结果已登记。");
        var v = new Validation();
        v.Require(resultOn <= today, "resultOn", "裁定日期不能晚于今天");
        v.Require(resultOn >= JudicialAppliedOn!.Value, "resultOn", "裁定日期不能早于申请日期");
        v.ThrowIfInvalid();
        Judicial = confirmed ? JudicialStatus.Confirmed : JudicialStatus.Rejected;
        JudicialResultOn = resultOn;
        JudicialNote = note?.Trim();
        Record(actor, now, "judicial-result", State, $"{JudicialCourt}于{resultOn:yyyy年M月d日}裁定{(confirmed ? "确认调解协议有效" : "驳回申请")}" +
            (string.IsNullOrWhiteSpace(JudicialNote) ? "" : $"：{JudicialNote}"));
    }

    /// <summary>Moves the case up a tier; the lead mediator of the lower tier hands over.</summary>
    public void Escalate(string? reason, DisputeActor actor, DateTimeOffset now)
    {
        Require("升级", DisputeState.Registered, DisputeState.Assessed, DisputeState.Mediating);
        if (Tier == MediationTier.District) throw new DomainException("案件已由区矛盾纠纷调处化解中心承办，不能再升级。");
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "升级必须写明原因");
        var from = TierName;
        Tier = Tier == MediationTier.Community ? MediationTier.Street : MediationTier.District;
        ProfessionalBody = null;
        foreach (var open in Mediators.Where(m => m.EndedAt is null)) open.EndedAt = now;
        LeadMediatorUserId = null;
        LeadMediatorName = null;
        Move(actor, now, "escalate", State == DisputeState.Registered ? DisputeState.Registered : DisputeState.Assessed,
            $"由{from}升级至{TierName}：{reason.Trim()}");
    }

    /// <summary>吹哨: the centre summons departments to a joint session; each must acknowledge (报到).</summary>
    public void Summon(IReadOnlyList<DisputeSummons> summonses, DisputeActor actor, DateTimeOffset now)
    {
        Require("召集部门", DisputeState.Assessed, DisputeState.Mediating);
        if (Tier is not (MediationTier.Street or MediationTier.District))
            throw new DomainException("吹哨召集职能部门由街道或区综治中心发起，请先将案件升级。");
        var v = new Validation();
        v.Require(summonses.Count > 0, "departmentIds", "请至少选择一个职能部门");
        if (summonses.Count > 0)
        {
            var s = summonses[0];
            v.Require(s.SessionAt > now, "sessionAt", "联合调解时间必须晚于现在");
            v.Require(!string.IsNullOrWhiteSpace(s.Place), "place", "请填写联合调解地点");
        }
        v.ThrowIfInvalid();
        foreach (var s in summonses)
        {
            if (Summonses.Any(x => x.DepartmentId == s.DepartmentId && x.SessionAt == s.SessionAt))
                throw new DomainException($"{s.DepartmentName}已被召集参加这次联合调解。");
            s.SummonedAt = now;
            s.SummonedByName = actor.Name;
            Summonses.Add(s);
        }
        Record(actor, now, "summon", State, $"吹哨召集{string.Join("、", summonses.Select(s => s.DepartmentName))}于{summonses[0].SessionAt.Show()}在{summonses[0].Place.Trim()}联合调解");
    }

    public void AcknowledgeSummons(DisputeSummons summons, DisputeActor actor, DateTimeOffset now)
    {
        if (summons.AcknowledgedAt is not null) throw new DomainException($"{summons.DepartmentName}已报到。");
        if (State is DisputeState.Closed or DisputeState.Declined) throw new DomainException($"案件当前状态为“{DisputeNames.Of(State)}”，无需报到。");
        summons.AcknowledgedAt = now;
        summons.AcknowledgedByName = actor.Name;
        Record(actor, now, "report-in", State, $"{summons.DepartmentName}已报到（{actor.Name}）");
    }

    /// <summary>The signed scan of the agreement was uploaded (it goes to the archive).</summary>
    public void AttachSignedAgreement(DisputeAttachment file, DisputeActor actor, DateTimeOffset now)
    {
        if (Agreement?.FinalisedAt is null) throw new DomainException("书面调解协议确认生效后，才能上传签字盖章的扫描件。");
        file.At = now;
        file.Purpose = "signed-agreement";
        Attachments.Add(file);
        Agreement.SignedScanSha256 = file.Sha256;
        Record(actor, now, "signed-scan", State, $"上传签字盖章的调解协议书扫描件（{file.FileName}）");
    }

    /// <summary>结案: after the follow-up (Art. 31) for an agreement, or directly after a failure.</summary>
    public void Close(string? note, DisputeActor actor, DateTimeOffset now)
    {
        if (State is DisputeState.Agreed or DisputeState.OralAgreed)
            throw new DomainException("达成协议的案件须先回访、了解协议履行情况，才能结案。");
        Require("结案", DisputeState.FollowedUp, DisputeState.Failed);
        ClosingNote = note?.Trim();
        ClosedAt = now;
        Move(actor, now, "close", DisputeState.Closed, string.IsNullOrWhiteSpace(ClosingNote) ? "结案归档" : $"结案归档：{ClosingNote}");
    }

    /// <summary>The high-risk alert went out; kept on the timeline.</summary>
    public void RecordAlert(DisputeAlert alert, DisputeActor actor, DateTimeOffset now)
    {
        alert.At = now;
        Alerts.Add(alert);
        Record(actor, now, "alert", State, alert.Note);
    }

    /// <summary>
    /// A year's holidays were entered or corrected and the judicial-confirmation deadline, whose last day moves off rest
    /// days and holidays, now falls elsewhere. Only while no application was made; the record says from when to when.
    /// </summary>
    public void RecalculateJudicialDeadline(DateOnly deadline, string why, DisputeActor actor, DateTimeOffset now)
    {
        if (Judicial != JudicialStatus.None || JudicialDeadlineOn is not { } old || old == deadline) return;
        JudicialDeadlineOn = deadline;
        Record(actor, now, "judicial-deadline", State, $"司法确认申请期限由{old:yyyy-MM-dd}改为{deadline:yyyy-MM-dd}，因为{why}");
    }

    private void Outcome(DateTimeOffset now)
    {
        OutcomeAt = now;
        OutcomeTier = Tier;
    }

    private void Require(string action, params DisputeState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new DomainException($"案件当前状态为“{DisputeNames.Of(State)}”，不能{action}。");
    }

    private void Move(DisputeActor actor, DateTimeOffset now, string type, DisputeState to, string note)
    {
        var from = State;
        State = to;
        Record(actor, now, type, from, note);
    }

    private void Record(DisputeActor actor, DateTimeOffset now, string type, DisputeState? from, string note)
    {
        Version++;
        Events.Add(new DisputeEvent
        {
            At = now, Type = type, FromState = from, ToState = State, Tier = Tier, Note = note.Length > 2000 ? note[..2000] : note,
            ActorUserId = actor.UserId, ActorName = actor.Name, ActorUnit = actor.Unit,
        });
    }
}

/// <summary>What a new case needs, after validation.</summary>
public sealed record DisputeRegistration(
    string Number, string Title, DisputeType Type, DisputeSource Source, string? SourceNote, long? AppealId, string? AppealNumber,
    string Facts, string Address, int? BuildingId, int AreaId, string AreaPath, bool IsSample, IReadOnlyList<DisputeParty> Parties);

public sealed record DisputeAssessment(RiskLevel Risk, string? RiskNote, bool Suitable, string? UnsuitableReason, ReferralRoute? Referral,
    MediationTier Tier, string? ProfessionalBody);

public sealed record DisputeAgreementDraft(string? Facts, string? Matters, string? Responsibilities, string? Terms, string? PerformanceManner,
    string? PerformanceDeadline);
