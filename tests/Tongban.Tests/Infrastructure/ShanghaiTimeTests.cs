using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Infrastructure;

/// <summary>Times as people read them: Beijing time, and a deadline at midnight as the end of the day before.</summary>
[Trait("Db", "none")]
public sealed class ShanghaiTimeTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void A_deadline_at_midnight_is_shown_as_the_end_of_the_day_before()
    {
        // Seven working days counted to the end of Friday 4 December end at 00:00 on the 5th, Beijing time.
        var due = new DateTimeOffset(2026, 12, 5, 0, 0, 0, Beijing).ToUniversalTime();
        Assert.Equal("2026-12-04 24:00", due.ShowDeadline());
        Assert.Equal("2026-12-05 00:00", due.Show()); // an event at that moment is still shown as it happened
        Assert.Equal("2026-12-05 09:30", new DateTimeOffset(2026, 12, 5, 9, 30, 0, Beijing).ToUniversalTime().ShowDeadline());
        // The first of a month and of a year roll back across the boundary.
        Assert.Equal("2026-12-31 24:00", new DateTimeOffset(2027, 1, 1, 0, 0, 0, Beijing).ShowDeadline());
    }
}
