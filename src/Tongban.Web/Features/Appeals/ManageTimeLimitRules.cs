using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>Feedback is either hours on the clock or working days in the official calendar, not both.</summary>
public sealed record TimeLimitRuleInput(int? CategoryId, AppealUrgency? Urgency, int? DispatchHours, int? FeedbackHours, int? FeedbackWorkingDays,
    int? AcknowledgeHours);

public sealed record TimeLimitRuleView(int Id, int? CategoryId, string? CategoryName, AppealUrgency Urgency, string UrgencyName, int DispatchHours,
    int? FeedbackHours, int? FeedbackWorkingDays, int AcknowledgeHours);

/// <summary>
/// Time-limit rules (办理时限) by urgency, optionally for one category. Changes apply to appeals submitted, escalated or
/// reopened afterwards; deadlines already given stay as they were promised.
/// </summary>
public sealed class ManageTimeLimitRules(AppDbContext db)
{
    public async Task<IReadOnlyList<TimeLimitRuleView>> ListAsync(CancellationToken ct)
    {
        var rules = await db.TimeLimitRules.AsNoTracking().OrderBy(r => r.CategoryId).ThenBy(r => r.Urgency).ToListAsync(ct);
        var names = await db.AppealCategories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rules.Select(r => new TimeLimitRuleView(r.Id, r.CategoryId, r.CategoryId is { } c ? names.GetValueOrDefault(c) : null, r.Urgency,
            AppealNames.Of(r.Urgency), r.DispatchHours, r.FeedbackHours, r.FeedbackWorkingDays, r.AcknowledgeHours)).ToList();
    }

    public async Task<TimeLimitRuleView> CreateAsync(TimeLimitRuleInput input, CancellationToken ct)
    {
        var rule = new TimeLimitRule();
        await ApplyAsync(rule, input, ct);
        db.TimeLimitRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return (await ListAsync(ct)).First(r => r.Id == rule.Id);
    }

    public async Task<TimeLimitRuleView> UpdateAsync(int id, TimeLimitRuleInput input, CancellationToken ct)
    {
        var rule = await db.TimeLimitRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的时限规则。");
        await ApplyAsync(rule, input, ct);
        await db.SaveChangesAsync(ct);
        return (await ListAsync(ct)).First(r => r.Id == rule.Id);
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var rule = await db.TimeLimitRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的时限规则。");
        if (rule.CategoryId is null && await db.TimeLimitRules.CountAsync(r => r.CategoryId == null && r.Urgency == rule.Urgency, ct) == 1)
            throw new DomainException($"“{AppealNames.Of(rule.Urgency)}”的默认规则不能删除，可以修改时限。");
        db.TimeLimitRules.Remove(rule);
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyAsync(TimeLimitRule rule, TimeLimitRuleInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(input.Urgency is { } u && Enum.IsDefined(u), "urgency", "请选择紧急程度");
        v.Require(input.DispatchHours is >= 1 and <= 720, "dispatchHours", "派单时限应为1到720小时");
        v.Require(input.FeedbackHours is null != input.FeedbackWorkingDays is null, "feedbackHours", "反馈时限请填写小时数或工作日数中的一项");
        v.Require(input.FeedbackHours is null or (>= 1 and <= 2160), "feedbackHours", "反馈时限应为1到2160小时");
        v.Require(input.FeedbackWorkingDays is null or (>= 1 and <= 60), "feedbackWorkingDays", "反馈时限应为1到60个工作日");
        v.Require(input.AcknowledgeHours is null or (>= 1 and <= 168), "acknowledgeHours", "签收时限应为1到168小时");
        if (input.CategoryId is { } categoryId && !await db.AppealCategories.AnyAsync(c => c.Id == categoryId, ct)) v.Add("categoryId", "问题分类不存在");
        v.ThrowIfInvalid();
        if (await db.TimeLimitRules.AnyAsync(r => r.Id != rule.Id && r.CategoryId == input.CategoryId && r.Urgency == input.Urgency, ct))
            throw new DomainException("该分类和紧急程度已有时限规则，请修改原规则。");
        rule.CategoryId = input.CategoryId;
        rule.Urgency = input.Urgency!.Value;
        rule.DispatchHours = input.DispatchHours!.Value;
        rule.FeedbackHours = input.FeedbackHours;
        rule.FeedbackWorkingDays = input.FeedbackWorkingDays;
        rule.AcknowledgeHours = input.AcknowledgeHours ?? 2;
    }
}
