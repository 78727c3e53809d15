using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// The default category tree and time-limit rules every installation starts with (editable afterwards).
/// Written once, into an empty table.
/// </summary>
public sealed class AppealDefaults : IStartupSeeder
{
    public sealed record CategorySeed(string Code, string Name, string Group, AppealUrgency Urgency, string Description, CategorySeed[]? Children = null);

    public static readonly CategorySeed[] Tree =
    [
        new("env", "环境卫生", "环境", AppealUrgency.General, "垃圾清运、楼道堆物、绿化养护等", [
            new("env.garbage", "垃圾清运", "环境", AppealUrgency.General, "垃圾桶满溢、清运不及时、垃圾投放时间"),
            new("env.clutter", "楼道堆物", "环境", AppealUrgency.General, "楼道、消防通道堆放杂物"),
            new("env.green", "绿化养护", "环境", AppealUrgency.General, "树木修剪、绿地损毁"),
        ]),
        new("property", "物业管理", "物业", AppealUrgency.General, "物业服务、收费、公共设施维护"),
        new("noise", "噪音扰民", "环境", AppealUrgency.General, "装修、夜间、商铺噪音"),
        new("ev", "电动车充电", "安全", AppealUrgency.General, "飞线充电、充电桩不足、电动车入户"),
        new("leak", "房屋漏水", "物业", AppealUrgency.General, "楼上渗漏、屋面漏水、管道破裂"),
        new("utilities", "水电气暖", "公用事业", AppealUrgency.Utilities, "停水、停电、燃气、供暖问题", [
            new("utilities.water", "供水", "公用事业", AppealUrgency.Utilities, "停水、水压低、水质问题"),
            new("utilities.power", "供电", "公用事业", AppealUrgency.Utilities, "停电、电压不稳"),
            new("utilities.gas", "燃气", "公用事业", AppealUrgency.Urgent, "燃气泄漏、停气"),
            new("utilities.heating", "供暖", "公用事业", AppealUrgency.Utilities, "暖气不热、漏水"),
        ]),
        new("neighbour", "邻里纠纷", "纠纷", AppealUrgency.General, "邻里之间的矛盾，可转人民调解"),
        new("policy", "政策咨询", "咨询", AppealUrgency.General, "社保、医保、养老、救助等政策"),
        new("road", "道路设施", "市政", AppealUrgency.General, "路面破损、井盖缺失、路灯不亮"),
        new("hazard", "安全隐患", "安全", AppealUrgency.Urgent, "消防、危房、高空坠物等危及生命财产的隐患"),
        new("other", "其他", "其他", AppealUrgency.General, "以上分类之外的问题"),
    ];

    /// <summary>
    /// Reply templates a new installation starts with (答复模板: category code or null for all, the state the appeal is in
    /// when the text is written), so the pickers on the appeal page offer wording from the first day; staff edit them.
    /// </summary>
    public static readonly (string? Category, AppealState? State, string Title, string Text)[] ReplyTemplates =
    [
        (null, AppealState.Submitted, "不属于社区受理范围", "您反映的“{标题}”（编号{编号}）不属于社区受理范围，建议您向有关部门反映。如有疑问，请到社区百通岗咨询，或凭查询码{查询码}查询。"),
        (null, AppealState.Dispatched, "已派单，正在联系", "您反映的“{标题}”已交由{承办单位}办理，工作人员会尽快与您联系。"),
        (null, AppealState.InProgress, "已到现场，正在处理", "{承办单位}已到{地址}现场查看，正在协调处理，有结果后第一时间告知您。"),
        (null, AppealState.InProgress, "已办结（通用）", "您反映的“{标题}”已由{承办单位}处理完毕。如仍有问题，请凭查询码{查询码}再次反映，我们会回访您的评价。"),
        ("noise", AppealState.InProgress, "噪音已协调", "{承办单位}已上门核实{地址}的噪音问题，并与相关住户（商户）沟通，对方承诺22:00至次日6:00不再施工或外放音响。如再次出现，请随时反映。"),
        ("leak", AppealState.InProgress, "漏水已维修", "{承办单位}已入户查看{地址}的渗漏情况，查明原因并安排维修，维修后经试水不再渗漏。"),
        ("ev", AppealState.InProgress, "飞线充电已清理", "{承办单位}已清理{地址}的飞线充电，并告知住户到小区集中充电点充电，网格员将持续巡查。"),
        ("utilities", AppealState.InProgress, "已恢复供应", "经{承办单位}抢修，{地址}的供应已恢复。今后计划停水停电将提前张贴通知。"),
    ];

    public async Task EnsureAsync(AppDbContext db, CancellationToken ct)
    {
        if (!await db.TimeLimitRules.AnyAsync(ct))
        {
            db.TimeLimitRules.AddRange(TimeLimitPolicy.Defaults.Select(d => new TimeLimitRule
            {
                Urgency = d.Urgency, DispatchHours = d.DispatchHours, FeedbackHours = d.FeedbackHours,
                FeedbackWorkingDays = d.FeedbackWorkingDays, AcknowledgeHours = d.AcknowledgeHours,
            }));
            await db.SaveChangesAsync(ct);
        }
        if (await db.AppealCategories.AnyAsync(ct)) return;
        var order = 0;
        foreach (var seed in Tree)
        {
            var parent = ToCategory(seed, null, ++order);
            db.AppealCategories.Add(parent);
            await db.SaveChangesAsync(ct);
            foreach (var child in seed.Children ?? [])
                db.AppealCategories.Add(ToCategory(child, parent.Id, ++order));
        }
        await db.SaveChangesAsync(ct);
        // With the categories of a new installation only: templates an installation has deleted do not come back.
        if (await db.ReplyTemplates.AnyAsync(ct)) return;
        var codes = await db.AppealCategories.ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        db.ReplyTemplates.AddRange(ReplyTemplates.Select(t => new ReplyTemplate
        {
            CategoryId = t.Category is { } code ? codes[code] : null, State = t.State, Title = t.Title, Text = t.Text,
        }));
        await db.SaveChangesAsync(ct);
    }

    private static AppealCategory ToCategory(CategorySeed s, int? parentId, int order) => new()
    {
        Code = s.Code, Name = s.Name, Group = s.Group, DefaultUrgency = s.Urgency, Description = s.Description,
        ParentId = parentId, SortOrder = order, IsPublic = true, IsActive = true,
    };
}
