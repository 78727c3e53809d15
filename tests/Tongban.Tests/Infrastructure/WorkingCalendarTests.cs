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

/// <summary>Years an administrator enters complete or correct the shipped ones. The 2027 dates here are sample dates, not the official arrangement.</summary>
[Trait("Db", "none")]
public sealed class EnteredCalendarYearTests
{
    private static WorkingCalendar Fresh() => WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly CalendarYear Sample2027 = new(2027,
        [.. Enumerable.Range(0, 8).Select(i => (new DateOnly(2027, 2, 6).AddDays(i), "春节"))], [new DateOnly(2027, 2, 20)]);

    [Fact]
    public void An_entered_year_counts_from_the_moment_it_is_applied()
    {
        var calendar = Fresh();
        Assert.True(calendar.IsWorkingDay(D("2027-02-08"))); // a Monday, before the year is known
        Assert.False(calendar.IsWorkingDay(D("2027-02-20"))); // a Saturday
        calendar.Apply([Sample2027]);
        Assert.False(calendar.IsWorkingDay(D("2027-02-08")));
        Assert.True(calendar.IsWorkingDay(D("2027-02-20")));
        Assert.Equal("春节", calendar.HolidayName(D("2027-02-10")));
        Assert.Equal(D("2027-02-15"), calendar.AddWorkingDays(D("2027-02-05"), 1)); // Friday before the holiday: the next working day is the Monday after it
        Assert.Contains(calendar.Years, y => y.Year.Year == 2027 && y.Entered);
        Assert.Contains(calendar.Years, y => y.Year.Year == 2026 && !y.Entered);
    }

    [Fact]
    public void A_correction_replaces_the_shipped_year_and_dropping_it_brings_the_shipped_one_back()
    {
        var calendar = Fresh();
        Assert.False(calendar.IsWorkingDay(D("2026-02-16")));
        calendar.Apply([new CalendarYear(2026, [(D("2026-01-01"), "元旦")], [])]);
        Assert.True(calendar.IsWorkingDay(D("2026-02-16")));
        Assert.Equal(new[] { ("元旦", D("2026-01-01"), D("2026-01-01")) }, calendar.Years.Single(y => y.Year.Year == 2026).Year.Periods());
        calendar.Apply([]);
        Assert.False(calendar.IsWorkingDay(D("2026-02-16")));
    }

    [Theory]
    [InlineData("2026-10-31", null)]   // next year's arrangement is not published yet
    [InlineData("2026-11-01", 2027)]   // from November it is expected
    [InlineData("2026-12-31", 2027)]
    [InlineData("2027-01-05", 2027)]   // into the year without it: still asked for
    [InlineData("2025-06-01", null)]
    public void Asks_for_the_year_ahead_from_november(string today, int? expected) => Assert.Equal(expected, Fresh().YearToEnter(D(today)));

    [Fact]
    public void The_notice_is_read_line_by_line_as_it_is_copied()
    {
        var input = Tongban.Web.Features.Calendar.ManageCalendar.ParseText(
            "元旦 2027-01-01 至 2027-01-03\r\n春节：2027年2月6日～2027年2月13日\n\n清明节 2027/4/5", "2027-02-14、2027年2月20日,  2027-09-26", "示例通知");
        Assert.Equal(3, input.Holidays!.Count);
        Assert.Equal(("春节", D("2027-02-06"), D("2027-02-13")), (input.Holidays[1].Name, input.Holidays[1].From!.Value, input.Holidays[1].To!.Value));
        Assert.Equal(input.Holidays[2].From, input.Holidays[2].To);
        Assert.Equal([D("2027-02-14"), D("2027-02-20"), D("2027-09-26")], input.Workdays);

        var bad = Assert.Throws<ValidationFailedException>(() => Tongban.Web.Features.Calendar.ManageCalendar.ParseText("元旦 2027-01-01\n春节 二月六日起", "2月14日", null));
        Assert.Contains("第2行", bad.Errors["holidaysText"][0]);
        Assert.Contains("2月14日", bad.Errors["workdaysText"][0]);
    }
}
