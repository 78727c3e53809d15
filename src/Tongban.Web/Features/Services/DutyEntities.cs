using System.Text.Json.Serialization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// One opening period of a community's service hall on a weekday (Monday..Sunday). Extended periods are the evening
/// and weekend hours (延时服务). Official holidays close the hall; an adjusted working weekend (调休) opens with
/// Monday's hours.
/// </summary>
public class OpeningPeriod : ICommunityShared
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public DayOfWeek Day { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public bool IsExtended { get; set; }

    /// <summary>How many posts (百通岗) are open in this period; the rota staffs each with an A and a B.</summary>
    public int PostsOpen { get; set; } = 1;

    /// <summary>Appointments per slot (the rest of the desks serve walk-ins).</summary>
    public int AppointmentSeats { get; set; } = 1;
    public int SlotMinutes { get; set; } = 30;
}

[JsonConverter(typeof(JsonStringEnumConverter<AppointmentStatus>))]
public enum AppointmentStatus
{
    /// <summary>已预约</summary>
    Booked = 0,
    /// <summary>已取消</summary>
    Cancelled = 1,
    /// <summary>已到场</summary>
    Arrived = 2,
    /// <summary>未到场</summary>
    NoShow = 3,
}

/// <summary>
/// 预约: one resident's seat in one slot. While booked, <see cref="ActiveKey"/> (community, start, seat) is set and
/// unique, so the database lets exactly one of two concurrent bookings of the same seat win.
/// </summary>
public class Appointment : ICommunityShared
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public int ServiceItemId { get; set; }
    public ServiceItem? ServiceItem { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Seat { get; set; }
    public bool IsExtended { get; set; }
    public string? ActiveKey { get; set; }
    public string ApplicantName { get; set; } = "";
    public string PhoneCipher { get; set; } = "";
    public string PhoneMasked { get; set; } = "";
    public string? Note { get; set; }

    /// <summary>When the name and phone were erased, some time after the slot (PIPL); both are then empty.</summary>
    public DateTimeOffset? ContactErasedAt { get; set; }

    /// <summary>Booked by staff on a resident's behalf (e.g. from a neighbourhood group); null for self-service.</summary>
    public string? BookedBy { get; set; }
    public AppointmentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReminderQueuedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>
    /// When a working-calendar change closed this booking's day (made it a holiday or an ordinary rest day, so the slot
    /// is no longer open) while it was still booked: the window sees it flagged to call the resident, who was texted
    /// once. Cleared if a later change opens the slot again.
    /// </summary>
    public DateTimeOffset? DayClosedAt { get; set; }

    public static string KeyFor(int communityId, DateTimeOffset startsAt, int seat) =>
        $"{communityId}:{startsAt.UtcDateTime:yyyyMMddHHmm}:{seat}";

    public void Cancel(DateTimeOffset now)
    {
        if (Status != AppointmentStatus.Booked) throw new DomainException("该预约已取消或已办理，不能取消。");
        if (StartsAt <= now) throw new DomainException("预约时段已开始，不能再取消。");
        Status = AppointmentStatus.Cancelled;
        CancelledAt = now;
        ActiveKey = null; // frees the seat for someone else
    }

    public void MarkArrived()
    {
        if (Status != AppointmentStatus.Booked) throw new DomainException("只有已预约的记录可以登记到场。");
        Status = AppointmentStatus.Arrived;
    }

    public void MarkNoShow(DateTimeOffset now)
    {
        if (Status != AppointmentStatus.Booked) throw new DomainException("只有已预约的记录可以登记未到场。");
        if (StartsAt > now) throw new DomainException("预约时段还没到，不能登记未到场。");
        Status = AppointmentStatus.NoShow;
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<SkillLevel>))]
public enum SkillLevel
{
    /// <summary>学习中</summary>
    Training = 0,
    /// <summary>可独立办理</summary>
    Qualified = 1,
    /// <summary>可带教</summary>
    Mentor = 2,
}

/// <summary>技能矩阵: who can handle which item, and how far their training is.</summary>
public class StaffSkill
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int ServiceItemId { get; set; }
    public SkillLevel Level { get; set; }

    /// <summary>Training progress 0-100 (学习进度).</summary>
    public int Progress { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool CanHandle => Level >= SkillLevel.Qualified;

    public static string LevelText(SkillLevel l) => l switch
    {
        SkillLevel.Training => "学习中",
        SkillLevel.Qualified => "可独立办理",
        _ => "可带教",
    };
}

/// <summary>百通岗: one all-round post (desk) of a community's service hall.</summary>
public class ServicePost : ICommunityShared
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Order of the post: a period with PostsOpen = n staffs posts 1..n.</summary>
    public int Order { get; set; }
}

/// <summary>A or B of an AB pair (AB岗): B covers whenever A is away (meal, errand) and vice versa.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PairRole>))]
public enum PairRole
{
    A = 0,
    B = 1,
}

/// <summary>One person on one post for one shift of one day.</summary>
public class RotaAssignment : ICommunityShared
{
    public long Id { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public DateOnly Day { get; set; }
    public int PostId { get; set; }
    public PairRole Role { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public bool IsExtended { get; set; }
    public TimeOnly? MealStart { get; set; }
    public TimeOnly? MealEnd { get; set; }
    public string UserId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public bool IsManual { get; set; }
}

/// <summary>Leave (请假/休假) the rota must respect.</summary>
public class StaffLeave : ICommunityShared
{
    public long Id { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public string UserId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string Reason { get; set; } = "";
}
