using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Audit;

/// <summary>Filters for the audit log; dates are whole days in Asia/Shanghai, both ends included.</summary>
public sealed record AuditQuery(string? UserName, string? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To, int Page = 1);

public sealed record AuditRow(long Id, DateTimeOffset At, string UserName, string Action, string EntityType, string EntityId,
    string? AreaPath, string? Before, string? After, string? Detail, string? RemoteAddress);

public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditRow> Items);

/// <summary>查询审计日志: newest first, limited to the caller's area (a district-level admin sees all).</summary>
public static class SearchAudit
{
    public const int PageSize = 30;

    public static async Task<AuditPage> HandleAsync(AppDbContext db, ICurrentUser me, AuditQuery q, CancellationToken ct)
    {
        var v = new Validation();
        if (q.From is { } f && q.To is { } t && f > t) v.Add("from", "开始日期不能晚于结束日期");
        v.ThrowIfInvalid();

        var query = db.AuditEntries.AsNoTracking().VisibleTo(me);
        if (!string.IsNullOrWhiteSpace(q.UserName)) query = query.Where(a => a.UserName == q.UserName.Trim());
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(a => a.Action == q.Action.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityType)) query = query.Where(a => a.EntityType == q.EntityType.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityId)) query = query.Where(a => a.EntityId == q.EntityId.Trim());
        if (q.From is { } from)
        {
            var start = StartOfDay(from);
            query = query.Where(a => a.At >= start);
        }
        if (q.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(q.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await query.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new AuditRow(a.Id, a.At, a.UserName, a.Action, a.EntityType, a.EntityId, a.AreaPath, a.Before, a.After, a.Detail, a.RemoteAddress))
            .ToListAsync(ct);
        return new AuditPage(total, page, PageSize, items);
    }

    /// <summary>Midnight in Shanghai of that day, as a UTC instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>Chinese names for the audit log's actions and entity types; unknown names are shown as stored.</summary>
public static class AuditLabels
{
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        ["create"] = "新增",
        ["update"] = "修改",
        ["delete"] = "删除",
        ["view-sensitive"] = "查看敏感信息",
        ["export"] = "导出",
        ["import"] = "导入",
        ["outside-scope"] = "越权访问",
        ["sign-in"] = "登录",
        ["sign-in-failed"] = "登录失败",
        ["sign-out"] = "退出登录",
        ["disable"] = "停用账户",
        ["enable"] = "启用账户",
    };

    public static readonly IReadOnlyDictionary<string, string> EntityTypes = new Dictionary<string, string>
    {
        ["StaffUser"] = "账户",
        ["IdentityUserRole`1"] = "账户角色",
        ["IdentityRole"] = "角色",
        ["IdentityUserClaim`1"] = "账户声明",
        ["Area"] = "区划网格",
        ["Compound"] = "小区",
        ["Building"] = "楼栋",
        ["BuildingUnit"] = "单元",
        ["Dwelling"] = "房屋",
        ["BuildingGridChange"] = "楼栋网格调整",
        ["Household"] = "户",
        ["Resident"] = "居民",
        ["Tag"] = "人群标签",
        ["ResidentTag"] = "居民标签",
        ["IdentityRoleClaim`1"] = "角色声明",
        // 民情诉求
        ["Appeal"] = "诉求",
        ["AppealAssignment"] = "诉求派单",
        ["AppealAttachment"] = "诉求附件",
        ["AppealCategory"] = "诉求分类",
        ["AppealEvent"] = "诉求办理记录",
        ["AppealSupporter"] = "诉求附议",
        ["AppealWarning"] = "诉求预警",
        ["Department"] = "职能部门",
        ["TimeLimitRule"] = "办理时限规则",
        ["ReplyTemplate"] = "答复模板",
        ["CalendarYearEntry"] = "工作日历",
        ["Notification"] = "站内通知",
        ["OutboxMessage"] = "待发短信",
        ["Open311Client"] = "接口密钥",
        // 一岗通办
        ["ServiceItem"] = "服务事项",
        ["ServiceItemVersion"] = "服务事项版本",
        ["ServiceMaterial"] = "事项材料",
        ["ServiceApplication"] = "办件",
        ["ApplicationMaterial"] = "办件材料",
        ["ApplicationEvent"] = "办件记录",
        ["Appointment"] = "预约",
        ["DailyClose"] = "日结",
        ["OpeningPeriod"] = "开放时段",
        ["ServicePost"] = "窗口岗位",
        ["RotaAssignment"] = "排班",
        ["StaffLeave"] = "请假",
        ["StaffSkill"] = "业务技能",
        // 矛盾纠纷调解
        ["DisputeCase"] = "调解案件",
        ["DisputeParty"] = "调解当事人",
        ["DisputeEvent"] = "调解记录",
        ["DisputeMediator"] = "调解员指派",
        ["DisputeConflict"] = "利害关系回避",
        ["DisputeSession"] = "调解笔录",
        ["DisputeAgreement"] = "调解协议",
        ["DisputeVisit"] = "调解回访",
        ["DisputeExtension"] = "调解期限延长",
        ["DisputeSummons"] = "吹哨召集",
        ["DisputeAlert"] = "高风险预警",
        ["DisputeAttachment"] = "调解附件",
        // 走访与流动办公
        ["DeskPlan"] = "流动办公计划",
        ["DeskSlot"] = "流动办公排期",
        ["DeskSession"] = "流动办公记录",
        ["DeskQuestion"] = "流动办公问题",
        ["DiaryEntry"] = "民情日记",
        ["Visit"] = "走访记录",
        ["VisitFinding"] = "走访发现",
        ["VisitPhoto"] = "走访照片",
        ["VisitRule"] = "走访频次规则",
        ["HouseholdVisitDue"] = "应走访户",
    };

    public static string Action(string action) => Actions.TryGetValue(action, out var label) ? label : action;

    public static string EntityType(string type) => EntityTypes.TryGetValue(type, out var label) ? label : type;

    private static readonly string[] NameFields = ["Name", "DisplayName", "UserName", "Title", "Number", "Code"];

    /// <summary>The record's name when the entry's JSON has one ("“1号楼”"), else null.</summary>
    public static string? Subject(string? before, string? after)
    {
        // A bare number ("Code": 4, an enum kept as its value) names nothing a person would recognise.
        var name = NameFields.Select(f => AuditDiff.Value(after, f) ?? AuditDiff.Value(before, f))
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v) && !v.All(char.IsAsciiDigit));
        return name is null ? null : $"“{name}”";
    }

    /// <summary>A record number short enough to read: long keys (GUIDs) keep their first eight characters.</summary>
    public static string ShortId(string entityId) => entityId.Length > 12 ? entityId[..8] + "…" : entityId;
}
