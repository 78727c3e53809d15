using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// The category tree and the time-limit rules, held in memory (a few dozen rows each) so a submission does not read
/// them from the database every time. Saving a category or rule on this node refreshes at once (<see cref="HeldData"/>),
/// a change on another node within <see cref="HeldData.Lifetime"/>; an id not in memory is looked for again, so a
/// category made a moment ago on another node is found.
/// </summary>
public sealed class AppealReferenceCache(TimeProvider clock)
{
    private sealed record Snapshot(long Version, DateTimeOffset Until, IReadOnlyDictionary<int, AppealCategory> Categories, IReadOnlyList<TimeLimitRule> Rules);

    private volatile Snapshot? _held;

    /// <summary>The active category with this id, or null. The returned object is shared: read it, do not change it.</summary>
    public async Task<AppealCategory?> ActiveCategoryAsync(AppDbContext db, int id, CancellationToken ct)
    {
        var held = await CurrentAsync(db, ct);
        if (!held.Categories.ContainsKey(id)) held = await LoadAsync(db, ct);
        return held.Categories.TryGetValue(id, out var category) && category.IsActive ? category : null;
    }

    /// <summary>Every time-limit rule (shared objects: read, do not change).</summary>
    public async Task<IReadOnlyList<TimeLimitRule>> RulesAsync(AppDbContext db, CancellationToken ct) => (await CurrentAsync(db, ct)).Rules;

    private async Task<Snapshot> CurrentAsync(AppDbContext db, CancellationToken ct)
    {
        var held = _held;
        return held is not null && held.Version == HeldData.Version && held.Until > clock.GetUtcNow() ? held : await LoadAsync(db, ct);
    }

    private async Task<Snapshot> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var version = HeldData.Version; // read first: a change saved while loading makes this snapshot stale, not the next
        var categories = await db.AppealCategories.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var rules = await db.TimeLimitRules.AsNoTracking().ToListAsync(ct);
        var snapshot = new Snapshot(version, clock.GetUtcNow() + HeldData.Lifetime, categories, rules);
        _held = snapshot;
        return snapshot;
    }
}
