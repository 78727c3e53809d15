using System.Text.Json.Serialization;

namespace Tongban.Web.Features.Disputes;

/// <summary>纠纷类型.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeType>))]
public enum DisputeType
{
    Neighbour = 1,          // 邻里纠纷
    Family = 2,             // 婚姻家庭纠纷
    PropertyManagement = 3, // 物业纠纷
    Labour = 4,             // 劳动争议
    Contract = 5,           // 合同纠纷
    Traffic = 6,            // 交通事故纠纷
    Land = 7,               // 土地纠纷
    Other = 8,              // 其他
}

/// <summary>案件来源 (Ministry of Justice case sources, plus conversion from an appeal).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeSource>))]
public enum DisputeSource
{
    Application = 1,        // 当事人申请
    Proactive = 2,          // 主动排查（工作人员、网格员发现）
    PoliceReferral = 3,     // 公安移送
    CourtEntrusted = 4,     // 法院委托
    GovernmentAssigned = 5, // 政府交办
    Appeal = 6,             // 民情诉求转入
}

/// <summary>受理 → 研判 → 调解 → 协议/口头协议/调解不成 → 回访 → 结案.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeState>))]
public enum DisputeState
{
    Registered = 1, // 已受理
    Assessed = 2,   // 已研判
    Mediating = 3,  // 调解中
    Agreed = 4,     // 达成书面协议
    OralAgreed = 5, // 达成口头协议
    Failed = 6,     // 调解不成
    FollowedUp = 7, // 已回访
    Closed = 8,     // 已结案
    Declined = 9,   // 不宜调解（已告知其他途径）
}

[JsonConverter(typeof(JsonStringEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    Low = 1,    // 低
    Medium = 2, // 中
    High = 3,   // 高：有暴力倾向或可能引发群体性事件
}

/// <summary>调解层级: small things stay in the community, big things go to the street.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MediationTier>))]
public enum MediationTier
{
    Community = 1,    // 社区人民调解委员会
    Street = 2,       // 街道矛盾纠纷调解中心
    District = 3,     // 区矛盾纠纷调处化解中心
    Professional = 4, // 行业性专业调解组织（劳动、交通、物业、婚姻家庭）
}

[JsonConverter(typeof(JsonStringEnumConverter<PartyKind>))]
public enum PartyKind
{
    Person = 1,       // 自然人
    Organisation = 2, // 法人或其他组织
}

[JsonConverter(typeof(JsonStringEnumConverter<PartyRole>))]
public enum PartyRole
{
    Applicant = 1,  // 申请人
    Respondent = 2, // 被申请人
}

[JsonConverter(typeof(JsonStringEnumConverter<SessionMode>))]
public enum SessionMode
{
    Joint = 1,    // 面对面
    Separate = 2, // 背对背（分别做工作）
}

/// <summary>调解不成时告知的途径.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReferralRoute>))]
public enum ReferralRoute
{
    Litigation = 1,     // 向人民法院起诉
    Arbitration = 2,    // 申请仲裁（劳动人事争议仲裁、商事仲裁）
    Administrative = 3, // 行政途径（行政调解、行政裁决、信访等）
}

/// <summary>协议履行情况.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PerformanceStatus>))]
public enum PerformanceStatus
{
    Pending = 1,     // 履行中
    Fulfilled = 2,   // 已履行
    Partly = 3,      // 部分履行
    NotFulfilled = 4, // 未履行
}

/// <summary>司法确认.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JudicialStatus>))]
public enum JudicialStatus
{
    None = 0,      // 未申请
    Applied = 1,   // 已申请
    Confirmed = 2, // 法院裁定确认有效
    Rejected = 3,  // 法院裁定驳回申请
}

public static class DisputeNames
{
    public static string Of(DisputeType t) => t switch
    {
        DisputeType.Neighbour => "邻里纠纷", DisputeType.Family => "婚姻家庭纠纷", DisputeType.PropertyManagement => "物业纠纷",
        DisputeType.Labour => "劳动争议", DisputeType.Contract => "合同纠纷", DisputeType.Traffic => "交通事故纠纷",
        DisputeType.Land => "土地纠纷", _ => "其他纠纷",
    };

    public static string Of(DisputeSource s) => s switch
    {
        DisputeSource.Application => "当事人申请", DisputeSource.Proactive => "主动排查", DisputeSource.PoliceReferral => "公安移送",
        DisputeSource.CourtEntrusted => "法院委托", DisputeSource.GovernmentAssigned => "政府交办", DisputeSource.Appeal => "民情诉求转入",
        _ => s.ToString(),
    };

    public static string Of(DisputeState s) => s switch
    {
        DisputeState.Registered => "已受理", DisputeState.Assessed => "已研判", DisputeState.Mediating => "调解中",
        DisputeState.Agreed => "达成书面协议", DisputeState.OralAgreed => "达成口头协议", DisputeState.Failed => "调解不成",
        DisputeState.FollowedUp => "已回访", DisputeState.Closed => "已结案", DisputeState.Declined => "不宜调解",
        _ => s.ToString(),
    };

    public static string Of(RiskLevel r) => r switch { RiskLevel.Low => "低风险", RiskLevel.Medium => "中风险", RiskLevel.High => "高风险", _ => r.ToString() };

    public static string Of(MediationTier t) => t switch
    {
        MediationTier.Community => "社区人民调解委员会", MediationTier.Street => "街道矛盾纠纷调解中心",
        MediationTier.District => "区矛盾纠纷调处化解中心", MediationTier.Professional => "行业性专业调解组织", _ => t.ToString(),
    };

    public static string Of(PartyKind k) => k == PartyKind.Person ? "自然人" : "法人或其他组织";
    public static string Of(PartyRole r) => r == PartyRole.Applicant ? "申请人" : "被申请人";
    public static string Of(SessionMode m) => m == SessionMode.Joint ? "面对面调解" : "背对背调解";

    public static string Of(ReferralRoute r) => r switch
    {
        ReferralRoute.Litigation => "向人民法院提起诉讼", ReferralRoute.Arbitration => "申请仲裁", ReferralRoute.Administrative => "通过行政途径解决",
        _ => r.ToString(),
    };

    public static string Of(PerformanceStatus p) => p switch
    {
        PerformanceStatus.Pending => "履行中", PerformanceStatus.Fulfilled => "已履行", PerformanceStatus.Partly => "部分履行",
        PerformanceStatus.NotFulfilled => "未履行", _ => p.ToString(),
    };

    public static string Of(JudicialStatus j) => j switch
    {
        JudicialStatus.None => "未申请", JudicialStatus.Applied => "已申请", JudicialStatus.Confirmed => "已确认有效",
        JudicialStatus.Rejected => "已驳回", _ => j.ToString(),
    };
}
