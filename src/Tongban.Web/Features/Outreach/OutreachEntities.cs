using System.Text.Json.Serialization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>What a grid worker went out to do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VisitKind>))]
public enum VisitKind
{
    Home = 1,   // 入户走访
    Patrol = 2, // 日常巡查
}

/// <summary>How a home visit was made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VisitMethod>))]
public enum VisitMethod
{
    InPerson = 1, // 入户
    Doorstep = 2, // 门口/楼道交谈
    Phone = 3,    // 电话
}

/// <summary>Something found on a visit that someone must act on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    Hazard = 1,  // 安全隐患
    Request = 2, // 居民诉求/需求
}

[JsonConverter(typeof(JsonStringEnumConverter<DeskSlotState>))]
public enum DeskSlotState
{
    Scheduled = 1, // 已排期
    Held = 2,      // 已开展
    Cancelled = 3, // 已取消
}

[JsonConverter(typeof(JsonStringEnumConverter<DiaryState>))]
public enum DiaryState
{
    Open = 1,     // 待跟进
    Appealed = 2, // 已转诉求
    Closed = 3,   // 已办结
}

public static class OutreachNames
{
    public static string Of(VisitKind kind) => kind switch { VisitKind.Home => "入户走访", VisitKind.Patrol => "日常巡查", _ => kind.ToString() };

    public static string Of(VisitMethod method) => method switch
    {
        VisitMethod.InPerson => "入户", VisitMethod.Doorstep => "门口/楼道", VisitMethod.Phone => "电话", _ => method.ToString(),
    };

    public static string Of(FindingKind kind) => kind switch { FindingKind.Hazard => "安全隐患", FindingKind.Request => "居民诉求", _ => kind.ToString() };

    public static string Of(DeskSlotState state) => state switch
    {
        DeskSlotState.Scheduled => "已排期", DeskSlotState.Held => "已开展", DeskSlotState.Cancelled => "已取消", _ => state.ToString(),
    };

    public static string Of(DiaryState state) => state switch
    {
        DiaryState.Open => "待跟进", DiaryState.Appealed => "已转诉求", DiaryState.Closed => "已办结", _ => state.ToString(),
    };
}

/// <summary>走访频次规则: households with a resident carrying the tag (or every household when TagCode is null) are visited every IntervalDays.</summary>
public class VisitRule
{
    public int Id { get; set; }

    /// <summary>A tag code from BuiltInTags or a custom tag; null means every household.</summary>
    public string? TagCode { get; set; }
    public int IntervalDays { get; set; }
    public bool IsActive { get; set; } = true;

    public void Change(int intervalDays, bool isActive)
    {
        if (intervalDays is < 1 or > 366) throw new ValidationFailedException("intervalDays", "走访间隔应在1到366天之间");
        IntervalDays = intervalDays;
        IsActive = isActive;
    }
}

/// <summary>One home visit or patrol, as recorded on the worker's phone (possibly offline, sent later once).</summary>
public class Visit : IAreaScoped
{
    public long Id { get; set; }
    public VisitKind Kind { get; set; }
    public VisitMethod? Method { get; set; }
    public int? HouseholdId { get; set; }
    public int? DwellingId { get; set; }
    public int BuildingId { get; set; }
    public int GridId { get; set; }
    public string AreaPath { get; set; } = "";
    public string? VisitorUserId { get; set; }
    public string VisitorName { get; set; } = "";

    /// <summary>When it happened (the phone's time, which may be before it reached the server).</summary>
    public DateTimeOffset VisitedAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    // 看、听、访、查
    public bool Looked { get; set; }
    public bool Listened { get; set; }
    public bool Asked { get; set; }
    public bool Checked { get; set; }
    public string Notes { get; set; } = "";

    /// <summary>The household's tags when visited, space separated, so figures by tag need no join into people.</summary>
    public string TagCodes { get; set; } = "";

    /// <summary>Chosen by the phone when the form was filled: a resend returns this visit instead of a copy.</summary>
    public string IdempotencyKey { get; set; } = "";
    public bool IsSample { get; set; }
    public List<VisitFinding> Findings { get; set; } = [];
    public List<VisitPhoto> Photos { get; set; } = [];
}

/// <summary>A hazard or request noted on a visit; it becomes an appeal in one step.</summary>
public class VisitFinding : IAreaScoped
{
    public long Id { get; set; }
    public long VisitId { get; set; }
    public FindingKind Kind { get; set; }
    public int CategoryId { get; set; }
    public string Description { get; set; } = "";
    public long? AppealId { get; set; }
    public string AreaPath { get; set; } = "";

    public void Raised(long appealId)
    {
        if (AppealId is not null) throw new DomainException("该问题已转为诉求，不能重复提交。");
        AppealId = appealId;
    }
}

/// <summary>A photo taken on a visit, kept in the shared content-hash file store.</summary>
public class VisitPhoto : IAreaScoped
{
    public long Id { get; set; }
    public long VisitId { get; set; }
    public string Sha256 { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string AreaPath { get; set; } = "";
}

/// <summary>
/// 流动办公桌计划: a rotation over every building of a compound or community, one slot per building per cycle.
/// Community-shared: grid workers take turns on the desk, so they read their community's plans (a plan holds no
/// personal data) and record the slots of their own grid; the slots themselves stay scoped to their buildings' grids.
/// </summary>
public class DeskPlan : ICommunityShared
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int CommunityId { get; set; }

    /// <summary>Null: every compound of the community.</summary>
    public int? CompoundId { get; set; }
    public string AreaPath { get; set; } = "";
    public DateOnly StartDate { get; set; }

    /// <summary>Days between one slot and the next (7 = one building a week).</summary>
    public int CadenceDays { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }

    /// <summary>Staff at the desk, as shown to residents (e.g. "王书记、百通岗李敏").</summary>
    public string Staff { get; set; } = "";

    /// <summary>Departments attending, names separated by "、".</summary>
    public string Departments { get; set; } = "";
    public bool IsPublished { get; set; }
    public int Cycles { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsSample { get; set; }
    public List<DeskSlot> Slots { get; set; } = [];

    public void Publish(bool published) => IsPublished = published;
}

/// <summary>One building's turn in a plan's cycle; unique per (plan, cycle, building).</summary>
public class DeskSlot : IAreaScoped
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public DeskPlan? Plan { get; set; }
    public int Cycle { get; set; }
    public int Sequence { get; set; }
    public int BuildingId { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public DeskSlotState State { get; set; } = DeskSlotState.Scheduled;

    /// <summary>The date first planned, kept when the slot is moved (e.g. for rain).</summary>
    public DateOnly? OriginalDate { get; set; }
    public string? RescheduleReason { get; set; }
    public long? SessionId { get; set; }

    /// <summary>The building's grid path.</summary>
    public string AreaPath { get; set; } = "";

    public void Reschedule(DateOnly date, TimeOnly start, TimeOnly end, string reason, DateOnly today)
    {
        if (State != DeskSlotState.Scheduled) throw new DomainException($"该场次{OutreachNames.Of(State)}，不能改期。");
        if (date < today) throw new ValidationFailedException("date", "改期后的日期不能早于今天");
        if (end <= start) throw new ValidationFailedException("endTime", "结束时间应晚于开始时间");
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "请写明改期原因（如：降雨）");
        OriginalDate ??= Date;
        Date = date;
        StartTime = start;
        EndTime = end;
        RescheduleReason = reason.Trim();
    }

    public void Held(long sessionId)
    {
        if (State == DeskSlotState.Held) throw new DomainException("该场次已登记过办公记录。");
        if (State == DeskSlotState.Cancelled) throw new DomainException("该场次已取消，不能登记办公记录。");
        State = DeskSlotState.Held;
        SessionId = sessionId;
    }
}

/// <summary>流动办公记录: one desk session at a building, recorded on a phone.</summary>
public class DeskSession : IAreaScoped
{
    public long Id { get; set; }
    public int? PlanId { get; set; }
    public int? SlotId { get; set; }
    public int BuildingId { get; set; }
    public string AreaPath { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public string Staff { get; set; } = "";
    public string Departments { get; set; } = "";

    /// <summary>服务人次.</summary>
    public int PeopleServed { get; set; }
    public string Summary { get; set; } = "";
    public string? RecordedByUserId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public bool IsSample { get; set; }
    public List<DeskQuestion> Questions { get; set; } = [];
}

/// <summary>A question brought to the desk: answered on the spot or not, optionally about a catalog item, possibly with an application started for it.</summary>
public class DeskQuestion : IAreaScoped
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";

    /// <summary>The service catalog item asked about (一岗通办事项清单); null for a question no item covers.</summary>
    public int? ServiceItemId { get; set; }

    /// <summary>The item's name when recorded (sessions recorded before the catalog link hold only this).</summary>
    public string? ServiceItem { get; set; }
    public bool ResolvedOnSpot { get; set; }

    /// <summary>An application was started at the desk through the Services module; the desk staff member is its first-inquiry owner (首问负责人).</summary>
    public bool ApplicationStarted { get; set; }

    /// <summary>The Services application (办件) started for this question.</summary>
    public long? ApplicationId { get; set; }
    public string? FirstInquiryOwner { get; set; }
    public string AreaPath { get; set; } = "";
}

/// <summary>民情日记: a concern that could not be settled on the spot, followed up until it is.</summary>
public class DiaryEntry : IAreaScoped
{
    public long Id { get; set; }
    public long? SessionId { get; set; }
    public int? BuildingId { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public string Concern { get; set; } = "";
    public string? ResidentName { get; set; }
    public int? CategoryId { get; set; }
    public DiaryState State { get; set; } = DiaryState.Open;
    public long? AppealId { get; set; }
    public string? ClosingNote { get; set; }
    public string WrittenBy { get; set; } = "";
    public string? WrittenByUserId { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public bool IsSample { get; set; }

    public void BecameAppeal(long appealId)
    {
        if (State != DiaryState.Open) throw new DomainException($"该条民情日记{OutreachNames.Of(State)}，不能再转为诉求。");
        State = DiaryState.Appealed;
        AppealId = appealId;
    }

    public void Close(string note, DateTimeOffset at)
    {
        if (State != DiaryState.Open) throw new DomainException($"该条民情日记{OutreachNames.Of(State)}，不能再办结。");
        if (string.IsNullOrWhiteSpace(note)) throw new ValidationFailedException("note", "请写明如何答复或解决");
        State = DiaryState.Closed;
        ClosingNote = note.Trim();
        ClosedAt = at;
    }
}
