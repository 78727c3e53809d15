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

/// <summary>Seeds the built-in tags once the database is migrated.</summary>
internal sealed class BuiltInTagsStartup(IServiceScopeFactory scopes, ILogger<BuiltInTagsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            logger.LogWarning("数据库迁移尚未应用，暂不写入内置居民标签");
            return;
        }
        try
        {
            await BuiltInTags.EnsureAsync(db, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another node seeded the same tags at the same moment; the unique code index kept one copy.
            logger.LogInformation(e, "内置居民标签已由其他节点写入");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
