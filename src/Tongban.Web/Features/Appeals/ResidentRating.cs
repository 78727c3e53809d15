using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// A resident's own rating on the tracking page completes the follow-up (回访) as a staff call or visit does, but staff
/// must not read it as a call somebody made: it is told apart by its step on the timeline (no account, the resident's
/// unit), and named 居民已评价 where a staff follow-up reads 已回访.
/// </summary>
public static class ResidentRating
{
    public const string StateName = "居民已评价";

    /// <summary>The reporter acting through the tracking code: no account, shown as 居民.</summary>
    public static readonly Actor Resident = new(null, "居民", "居民");

    public static bool Is(AppealEvent e) => e.Type == "follow-up" && e.ActorUserId is null && e.ActorUnit == Resident.Unit;

    /// <summary>Whether the appeal's current follow-up (the last one; a reopening clears it) was the resident's rating.</summary>
    public static bool Current(Appeal appeal, IEnumerable<AppealEvent> events) =>
        appeal.FollowedUpAt is not null && events.Where(e => e.Type == "follow-up").OrderBy(e => e.At).ThenBy(e => e.Id).LastOrDefault() is { } last && Is(last);

    /// <summary>Which of these followed-up appeals were rated by their resident (for list rows and the export: their steps only).</summary>
    public static async Task<IReadOnlySet<long>> AmongAsync(AppDbContext db, IReadOnlyCollection<long> followedUp, CancellationToken ct)
    {
        if (followedUp.Count == 0) return new HashSet<long>();
        var steps = await db.AppealEvents.AsNoTracking().Where(e => followedUp.Contains(e.AppealId) && e.Type == "follow-up")
            .Select(e => new { e.AppealId, e.At, e.Id, e.ActorUserId, e.ActorUnit }).ToListAsync(ct);
        return steps.GroupBy(e => e.AppealId)
            .Where(g => g.OrderBy(e => e.At).ThenBy(e => e.Id).Last() is var last && last.ActorUserId is null && last.ActorUnit == Resident.Unit)
            .Select(g => g.Key).ToHashSet();
    }

    /// <summary>The state as staff read it: 居民已评价 instead of 已回访 when nobody from staff followed it up.</summary>
    public static string StateNameOf(AppealState state, bool rated) => state == AppealState.FollowedUp && rated ? StateName : AppealNames.Of(state);
}
