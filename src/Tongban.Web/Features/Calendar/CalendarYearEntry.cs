using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Web.Features.Calendar;

/// <summary>
/// A year's official holiday arrangement as an administrator entered it from the State Council's notice. It completes
/// or corrects the years shipped in the calendar file; the working calendar takes it over the shipped year.
/// </summary>
public class CalendarYearEntry
{
    public int Year { get; set; }

    /// <summary>The days, in the calendar file's shape: {"off": {"春节": ["2027-…", …]}, "workday": [ … ]}.</summary>
    public string Days { get; set; } = "";

    /// <summary>The notice it was taken from (e.g. 国务院办公厅关于2027年部分节假日安排的通知).</summary>
    public string Source { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class CalendarYearEntryConfiguration : IEntityTypeConfiguration<CalendarYearEntry>
{
    public void Configure(EntityTypeBuilder<CalendarYearEntry> b)
    {
        b.HasKey(y => y.Year);
        b.Property(y => y.Year).ValueGeneratedNever();
        b.Property(y => y.Days).IsRequired();
        b.Property(y => y.Source).HasMaxLength(200);
        b.Property(y => y.UpdatedBy).HasMaxLength(100);
    }
}
