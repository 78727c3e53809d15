using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>A node of the configurable category tree (环境卫生 → 垃圾清运 …). Public ones become Open311 services.</summary>
public class AppealCategory : IHeldInMemory
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int? ParentId { get; set; }
    public string Description { get; set; } = "";
    public AppealUrgency DefaultUrgency { get; set; } = AppealUrgency.General;
    public bool IsPublic { get; set; } = true;
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }

    /// <summary>Open311 group name shown to clients.</summary>
    public string Group { get; set; } = "";
}

/// <summary>
/// A time-limit rule: for an urgency (and optionally one category), how long dispatch and feedback may take.
/// Hour limits run on the clock; day limits count working days in the official calendar.
/// </summary>
public class TimeLimitRule : IHeldInMemory
{
    public int Id { get; set; }
    public int? CategoryId { get; set; }
    public AppealUrgency Urgency { get; set; }
    public int DispatchHours { get; set; }
    public int? FeedbackHours { get; set; }
    public int? FeedbackWorkingDays { get; set; }

    /// <summary>How long a department or assignee has to acknowledge (报到) after dispatch.</summary>
    public int AcknowledgeHours { get; set; } = 2;
}

/// <summary>职能部门: receives dispatched appeals and summons from a centre, acknowledges and reports back.</summary>
public class Department : IAreaScoped
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The district (or street) the department serves.</summary>
    public string AreaPath { get; set; } = "";
    public string? Contact { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The staff account that acknowledges (报到) and reports back for the department (联络员).</summary>
    public string? LiaisonUserId { get; set; }
}

/// <summary>"Me too": a resident who joined an open appeal instead of filing a duplicate.</summary>
public class AppealSupporter : IAreaScoped
{
    public long Id { get; set; }
    public long AppealId { get; set; }
    public string TrackingCode { get; set; } = "";
    public string? Note { get; set; }

    /// <summary>The caller's key for this join (JSON API, Idempotency-Key), so a retry is answered with this supporter, not counted again.</summary>
    public string? IdempotencyKey { get; set; }

    public DateTimeOffset At { get; set; }
    public string AreaPath { get; set; } = "";
}

/// <summary>A photo or document attached to an appeal, stored by content hash.</summary>
public class AppealAttachment : IAreaScoped
{
    public long Id { get; set; }
    public long AppealId { get; set; }
    public string Sha256 { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string FileName { get; set; } = "";

    /// <summary>submission (from the reporter) or evidence (of the result).</summary>
    public string Purpose { get; set; } = "submission";
    public DateTimeOffset At { get; set; }
    public string AreaPath { get; set; } = "";
}

/// <summary>Reply wording staff can pick, per category and state.</summary>
public class ReplyTemplate
{
    public int Id { get; set; }
    public int? CategoryId { get; set; }
    public AppealState? State { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>In-app notice for whoever must act.</summary>
public class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Text { get; set; } = "";
    public string Link { get; set; } = "";

    /// <summary>Unique when set: the same warning or task notice is written once, however often the job runs.</summary>
    public string? Key { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// An SMS or WeChat template message waiting to be sent. The idempotency key is unique, so the same message is
/// queued once, and a sender retrying after a crash sees SentAt and does not send it twice.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public string Channel { get; set; } = "sms";
    public string RecipientCipher { get; set; } = "";
    public string RecipientMasked { get; set; } = "";
    public string Template { get; set; } = "";
    public string PayloadJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When the recipient and the message's values were erased, some time after sending (PIPL); the key stays, so it is still sent once.</summary>
    public DateTimeOffset? RecipientErasedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>An Open311 client's key; only its hash is kept.</summary>
public class Open311Client
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string AreaPath { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}
