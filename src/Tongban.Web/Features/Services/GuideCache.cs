using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Tongban.Web.Features.Services;

/// <summary>
/// The public guide is read far more than the catalog changes: its list and item pages are kept in memory for 30
/// seconds, and dropped at once on this node when an editor saves. Another node sees an edit within 30 seconds.
/// </summary>
public sealed class GuideCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private CancellationTokenSource _edits = new();

    public async Task<T> GetAsync<T>(string key, Func<Task<T>> load)
    {
        if (cache.TryGetValue("guide:" + key, out T? hit)) return hit!;
        var value = await load();
        using var entry = cache.CreateEntry("guide:" + key);
        entry.Value = value;
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.AddExpirationToken(new CancellationChangeToken(_edits.Token));
        return value;
    }

    /// <summary>Called after every catalog change on this node.</summary>
    public void Clear()
    {
        var old = Interlocked.Exchange(ref _edits, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }
}
