namespace Tongban.Web.Features.Disputes;

/// <summary>
/// 当事人: a person or an organisation. A person's ID number and phone are encrypted at rest with a lookup hash and
/// shown masked, as residents' are. Read through its case, whose area filter covers it.
/// </summary>
public class DisputeParty
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public PartyKind Kind { get; set; }
    public PartyRole Role { get; set; }
    public string Name { get; set; } = "";
    public string? Gender { get; set; }
    public int? BirthYear { get; set; }
    public string? IdNumberCipher { get; set; }
    public string? IdNumberHash { get; set; }
    public string? IdNumberMasked { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }
    public string? Address { get; set; }

    /// <summary>统一社会信用代码 of an organisation.</summary>
    public string? CreditCode { get; set; }

    /// <summary>法定代表人或负责人 of an organisation.</summary>
    public string? Representative { get; set; }

    /// <summary>The resident record when the party lives in the area (optional).</summary>
    public int? ResidentId { get; set; }
}

/// <summary>One step on the case timeline; the tier shows which level did it.</summary>
public class DisputeEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Type { get; set; } = "";
    public DisputeState? FromState { get; set; }
    public DisputeState ToState { get; set; }
    public MediationTier Tier { get; set; }
    public string Note { get; set; } = "";
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string ActorUnit { get; set; } = "";
}

/// <summary>A mediator on the case: the lead (主办) follows it to the end, helpers (协办) join.</summary>
public class DisputeMediator
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsLead { get; set; }
    public MediationTier Tier { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>利害关系: a person connected to a party, who must step aside (回避).</summary>
public class DisputeConflict
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string? UserId { get; set; }
    public string Name { get; set; } = "";
    public string Relation { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>A mediation session with its record (调解笔录).</summary>
public class DisputeSession
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public string Place { get; set; } = "";
    public SessionMode Mode { get; set; }
    public string Attendees { get; set; } = "";
    public string Record { get; set; } = "";
    public string RecordedByName { get; set; } = "";
    public MediationTier Tier { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>人民调解协议书: the Art. 29 parts; finalised when every party signed.</summary>
public class DisputeAgreement
{
    public long Id { get; set; }
    public long CaseId { get; set; }

    /// <summary>纠纷的主要事实.</summary>
    public string Facts { get; set; } = "";

    /// <summary>争议事项.</summary>
    public string Matters { get; set; } = "";

    /// <summary>各方当事人的责任.</summary>
    public string Responsibilities { get; set; } = "";

    /// <summary>当事人达成调解协议的内容.</summary>
    public string Terms { get; set; } = "";

    /// <summary>履行方式.</summary>
    public string PerformanceManner { get; set; } = "";

    /// <summary>履行期限 (free text: "自签字之日起长期履行", "2026年12月31日前").</summary>
    public string PerformanceDeadline { get; set; } = "";
    public DateTimeOffset DraftedAt { get; set; }
    public DateTimeOffset? FinalisedAt { get; set; }
    public string? SignedScanSha256 { get; set; }
}

/// <summary>回访: planned for a day, then recorded with what was found.</summary>
public class DisputeVisit
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public DateOnly? PlannedOn { get; set; }
    public DateTimeOffset ScheduledAt { get; set; }
    public DateOnly? VisitedOn { get; set; }
    public string? VisitedWith { get; set; }
    public PerformanceStatus? Performance { get; set; }
    public string? Note { get; set; }
    public string? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
}

/// <summary>A recorded extension of the 30-day target.</summary>
public class DisputeExtension
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public int Days { get; set; }
    public string Reason { get; set; } = "";
    public DateOnly PreviousDueOn { get; set; }
    public DateOnly NewDueOn { get; set; }
    public string ByName { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>吹哨: one department summoned to a joint session; it must acknowledge (报到).</summary>
public class DisputeSummons
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public int DepartmentId { get; set; }
    public string DepartmentName { get; set; } = "";
    public DateTimeOffset SessionAt { get; set; }
    public string Place { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset SummonedAt { get; set; }
    public string SummonedByName { get; set; } = "";
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedByName { get; set; }
}

/// <summary>A high-risk alert as sent: to the centre, or the police liaison record (公安联动).</summary>
public class DisputeAlert
{
    public const string PoliceChannel = "police";

    public long Id { get; set; }
    public long CaseId { get; set; }

    /// <summary>centre or police.</summary>
    public string Channel { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string Note { get; set; } = "";
    public int NotifiedUsers { get; set; }
    public bool SmsQueued { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A file of the case (the signed agreement scan), stored by content hash.</summary>
public class DisputeAttachment
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string Sha256 { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string FileName { get; set; } = "";
    public string Purpose { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
