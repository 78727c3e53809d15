using Tongban.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.People;

/// <summary>The tags every installation has (一老一小一新 and the other groups the reports name).</summary>
public static class BuiltInTags
{
    public const string ElderlyAlone = "elderly_alone";
    public const string Disabled = "disabled";
    public const string Child = "child";
    public const string NewEmployment = "new_employment";
    public const string PartyMember = "party_member";
    public const string LowIncome = "low_income";
    public const string Veteran = "veteran";
    public const string Elderly = "elderly";

    public static readonly IReadOnlyList<(string Code, string Name, bool IsSensitive)> All =
    [
        (ElderlyAlone, "独居老人", false),
        (Disabled, "残疾人", true),
        (Child, "未成年人", true),
        (NewEmployment, "新就业群体", false),
        (PartyMember, "党员", false),
        (LowIncome, "低保/低收入", false),
        (Veteran, "退役军人", false),
        (Elderly, "老年人", false),
    ];

    /// <summary>Adds the missing built-in tags; safe to call on every start.</summary>
    public static async Task EnsureAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.Tags.Select(t => t.Code).ToListAsync(ct);
        var missing = All.Where(t => !existing.Contains(t.Code)).ToList();
        if (missing.Count == 0) return;
        db.Tags.AddRange(missing.Select(t => new Tag { Code = t.Code, Name = t.Name, IsSensitive = t.IsSensitive, IsBuiltIn = true }));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Seeds the built-in tags after the migrations, before the first request.</summary>
internal sealed class BuiltInTagsStartup : IStartupSeeder
{
    public Task EnsureAsync(AppDbContext db, CancellationToken ct) => BuiltInTags.EnsureAsync(db, ct);
}
