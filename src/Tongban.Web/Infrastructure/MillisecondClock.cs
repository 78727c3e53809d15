namespace Tongban.Web.Infrastructure;

/// <summary>
/// The system clock cut to whole milliseconds. SQLite keeps a time to 100 µs (EF's binary DateTimeOffset form) and
/// PostgreSQL to 1 µs, while the system clock reads to 100 ns; an answer built from an entity just saved would then
/// show a time that the same entity read back a moment later does not (a replayed submission's deadline, for one).
/// Whole milliseconds survive both engines unchanged, and nothing in the product needs finer.
/// Stopwatch timestamps and timers are the system's own.
/// </summary>
public sealed class MillisecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = base.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }
}
