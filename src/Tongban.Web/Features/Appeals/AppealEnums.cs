namespace Tongban.Web.Features.Appeals;

/// <summary>诉求类型, after the Beijing regulation on handling appeals.</summary>
public enum AppealKind
{
    Inquiry = 1,    // 咨询
    Help = 2,       // 求助
    Complaint = 3,  // 投诉
    Report = 4,     // 举报
    Suggestion = 5, // 建议
}

/// <summary>Where the appeal came in.</summary>
public enum AppealChannel
{
    Window = 1,        // 窗口
    MobileDesk = 2,    // 流动办公桌
    ConcernsDiary = 3, // 民情日记本
    GridPatrol = 4,    // 网格巡查
    Meeting = 5,       // 议事会议
    Online = 6,        // 扫码/网上
    Phone = 7,         // 电话或12345转办
    Open311 = 8,       // Open311 接口
}

/// <summary>How fast it must move; picks the time-limit rule (DOMAIN.md, Beijing 12345 standard).</summary>
public enum AppealUrgency
{
    Urgent = 1,    // 紧急：危及生命财产
    Utilities = 2, // 水电气暖
    General = 3,   // 一般
    Complex = 4,   // 复杂
}

public enum AppealState
{
    Submitted = 1,    // 已提交
    Accepted = 2,     // 已受理
    Rejected = 3,     // 不予受理
    Merged = 4,       // 已合并
    Dispatched = 5,   // 已派单
    Acknowledged = 6, // 已签收
    InProgress = 7,   // 办理中
    Resolved = 8,     // 已办结
    FollowedUp = 9,   // 已回访
    Closed = 10,      // 已关闭
}

/// <summary>The level that currently owns the appeal: small things stay in the community, big ones go up.</summary>
public enum AppealTier
{
    Community = 1, // 社区
    Street = 2,    // 街道
    District = 3,  // 区（兜底）
}

/// <summary>Who an appeal is dispatched to.</summary>
public enum AssigneeKind
{
    GridWorker = 1,      // 网格员
    PropertyCompany = 2, // 物业公司
    CommunityTeam = 3,   // 社区工作组
    StreetCentre = 4,    // 街道综治中心
    Department = 5,      // 职能部门
    DistrictCentre = 6,  // 区综治中心
}

public static class AppealNames
{
    public static string Of(AppealKind kind) => kind switch
    {
        AppealKind.Inquiry => "咨询", AppealKind.Help => "求助", AppealKind.Complaint => "投诉",
        AppealKind.Report => "举报", AppealKind.Suggestion => "建议", _ => kind.ToString(),
    };

    public static string Of(AppealChannel channel) => channel switch
    {
        AppealChannel.Window => "窗口", AppealChannel.MobileDesk => "流动办公桌", AppealChannel.ConcernsDiary => "民情日记本",
        AppealChannel.GridPatrol => "网格巡查", AppealChannel.Meeting => "议事会议", AppealChannel.Online => "扫码/网上",
        AppealChannel.Phone => "电话/12345", AppealChannel.Open311 => "Open311接口", _ => channel.ToString(),
    };

    public static string Of(AppealUrgency urgency) => urgency switch
    {
        AppealUrgency.Urgent => "紧急", AppealUrgency.Utilities => "水电气暖", AppealUrgency.General => "一般",
        AppealUrgency.Complex => "复杂", _ => urgency.ToString(),
    };

    public static string Of(AppealState state) => state switch
    {
        AppealState.Submitted => "已提交", AppealState.Accepted => "已受理", AppealState.Rejected => "不予受理",
        AppealState.Merged => "已合并", AppealState.Dispatched => "已派单", AppealState.Acknowledged => "已签收",
        AppealState.InProgress => "办理中", AppealState.Resolved => "已办结", AppealState.FollowedUp => "已回访",
        AppealState.Closed => "已关闭", _ => state.ToString(),
    };

    public static string Of(AppealTier tier) => tier switch
    {
        AppealTier.Community => "社区", AppealTier.Street => "街道", AppealTier.District => "区", _ => tier.ToString(),
    };

    /// <summary>The centre that owns an appeal sent up to a tier above the community: 街道综治中心 or 区综治中心.</summary>
    public static string CentreOf(AppealTier tier) => Of(tier == AppealTier.Street ? AssigneeKind.StreetCentre : AssigneeKind.DistrictCentre);

    public static string Of(AssigneeKind kind) => kind switch
    {
        AssigneeKind.GridWorker => "网格员", AssigneeKind.PropertyCompany => "物业公司", AssigneeKind.CommunityTeam => "社区工作组",
        AssigneeKind.StreetCentre => "街道综治中心", AssigneeKind.Department => "职能部门", AssigneeKind.DistrictCentre => "区综治中心",
        _ => kind.ToString(),
    };
}
