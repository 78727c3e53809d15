using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record VisitRuleView(int Id, string? TagCode, string TagName, int IntervalDays, bool IsActive);

public sealed record VisitRuleInput(string? TagCode, int? IntervalDays, bool IsActive = true);

/// <summary>走访频次规则: list, add one per tag, change the interval or switch a rule off; households' due dates follow in the same transaction.</summary>
public sealed class ManageVisitRules(AppDbContext db)
{
    public async Task<IReadOnlyList<VisitRuleView>> ListAsync(CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var rules = await db.VisitRules.AsNoTracking().OrderBy(r => r.IntervalDays).ThenBy(r => r.Id).ToListAsync(ct);
        return rules.Select(r => new VisitRuleView(r.Id, r.TagCode, r.TagCode is null ? "全部住户" : tags.GetValueOrDefault(r.TagCode, r.TagCode), r.IntervalDays, r.IsActive)).ToList();
    }

    public async Task<VisitRuleView> SaveAsync(VisitRuleInput input, CancellationToken ct)
    {
        var v = new Validation();
        var code = string.IsNullOrWhiteSpace(input.TagCode) ? null : input.TagCode.Trim();
        if (code is not null && !await db.Tags.AnyAsync(t => t.Code == code, ct)) v.Add("tagCode", $"没有代码为“{code}”的标签");
        v.Require(input.IntervalDays is >= 1 and <= 366, "intervalDays", "走访间隔应在1到366天之间");
        v.ThrowIfInvalid();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rule = await db.VisitRules.FirstOrDefaultAsync(r => r.TagCode == code, ct);
        if (rule is null) db.VisitRules.Add(rule = new VisitRule { TagCode = code, IntervalDays = input.IntervalDays!.Value, IsActive = input.IsActive });
        else rule.Change(input.IntervalDays!.Value, input.IsActive);
        await db.SaveChangesAsync(ct);
        // Every household's rule and due date follow at once, set-based, or not at all.
        await VisitDues.ApplyRulesAsync(db, ct);
        await transaction.CommitAsync(ct);
        return (await ListAsync(ct)).First(r => r.Id == rule.Id);
    }
}
