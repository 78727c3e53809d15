using System.Collections.Concurrent;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Who a staff member acts as (name and unit), kept for a few seconds per user: every state change starts by asking,
/// and at intake rates the lookup was a tenth of a submission's CPU. Changes made on this node (account edits,
/// a department's liaison) forget at once; another node's change shows within <see cref="Lifetime"/>.
/// </summary>
public sealed class ActorCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (Actor Actor, DateTimeOffset Until)> _actors = new();

    public bool TryGet(string userId, out Actor actor)
    {
        if (_actors.TryGetValue(userId, out var held) && held.Until > clock.GetUtcNow())
        {
            actor = held.Actor;
            return true;
        }
        actor = null!;
        return false;
    }

    public void Keep(string userId, Actor actor)
    {
        if (_actors.Count > 10_000) _actors.Clear(); // bounded: more staff than this on one node is not expected
        _actors[userId] = (actor, clock.GetUtcNow() + Lifetime);
    }

    public void Forget(string userId) => _actors.TryRemove(userId, out _);

    public void ForgetAll() => _actors.Clear();
}
