using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Infrastructure;

[Trait("Db", "none")]
public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));

    [Theory]
    [InlineData("2026-02-14", true)]  // Saturday worked before the Spring Festival (调休)
    [InlineData("2026-02-16", false)] // Spring Festival, a Monday
    [InlineData("2026-02-28", true)]  // Saturday worked after it
    [InlineData("2026-03-01", false)] // ordinary Sunday
    [InlineData("2026-10-08", true)]  // first working day after the National Day week
    [InlineData("2026-10-10", true)]  // adjusted working Saturday
    [InlineData("2025-10-08", false)] // 2025's National Day and Mid-Autumn holiday ran to the 8th
    public void Knows_holidays_and_adjusted_working_weekends(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Working_days_skip_the_spring_festival()
    {
        // Friday 13 Feb 2026 + 3 working days: Sat 14 (worked), then the holiday to the 23rd, then Tue 24, Wed 25.
        Assert.Equal(new DateOnly(2026, 2, 25), Calendar.AddWorkingDays(new DateOnly(2026, 2, 13), 3));
    }

    [Fact]
    public void Deadline_is_midnight_beijing_time_of_the_last_working_day()
    {
        var start = new DateTimeOffset(2026, 9, 30, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing on 30 Sep
        var due = Calendar.DeadlineAfterWorkingDays(start, 1);
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 0, 0, 0, TimeSpan.FromHours(8)), due); // 8 Oct is the next working day
    }

    [Fact]
    public void Holiday_names_are_given() => Assert.Equal("春节", Calendar.HolidayName(new DateOnly(2026, 2, 17)));
}
