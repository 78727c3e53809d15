namespace Tongban.Web.Infrastructure;

/// <summary>
/// Reference rows that a node keeps in memory for a few seconds (appeal categories, time-limit rules, buildings and
/// compounds): read on every submission, changed a few times a year. Saving one through EF on this node tells every
/// such cache at once (<see cref="HeldData.Version"/>); a change made on another node, or by SQL, shows within the
/// cache's lifetime.
/// </summary>
public interface IHeldInMemory;

public static class HeldData
{
    /// <summary>How long a node may answer from memory after another node changed a held row.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private static long _version;

    /// <summary>Moves on whenever this process saves a held row; a cache filled under an older version is stale.</summary>
    public static long Version => Interlocked.Read(ref _version);

    public static void Changed() => Interlocked.Increment(ref _version);
}
