using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>The default visit frequencies (DOMAIN.md practice 5), written once; administrators change them afterwards.</summary>
public sealed class OutreachDefaults : IStartupSeeder
{
    public static readonly IReadOnlyList<(string? TagCode, int IntervalDays)> Rules =
    [
        (BuiltInTags.ElderlyAlone, 7),   // 独居老人每周
        (BuiltInTags.Disabled, 30),      // 残疾人每月
        (BuiltInTags.Child, 30),         // 困境/留守儿童等每月
        (BuiltInTags.LowIncome, 30),     // 低保/低收入每月
        (null, 90),                      // 每户每季度
    ];

    public async Task EnsureAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.VisitRules.AnyAsync(ct)) return;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.VisitRules.AddRange(Rules.Select(r => new VisitRule { TagCode = r.TagCode, IntervalDays = r.IntervalDays }));
        await db.SaveChangesAsync(ct);
        await VisitDues.ApplyRulesAsync(db, ct);
        await transaction.CommitAsync(ct);
    }
}
