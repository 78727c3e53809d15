using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// A calendar change that moved days, and what it did to open appeals' limits. Every such change is recorded, with
/// both calendars, so a later change cannot alter what this one counts.
/// <para>
/// The recount: when it is too large to run inside the save (more than <see cref="AppealOptions.CalendarRecountInline"/>
/// appeals), the deadline job works through it in chunks, each chunk and the progress it makes committed together;
/// until it is done (<see cref="FinishedAt"/>) the job neither escalates nor warns, so no appeal is moved up on a
/// limit that is being corrected. A small recount is finished in the save.
/// </para>
/// <para>
/// The settling (<see cref="TailAfter"/>): other nodes take the new calendar up to <c>CalendarRefresh.Interval</c>
/// later, and this node only once the save commits, so limits counted meanwhile (a submission, an escalation, a
/// reopening) may still follow the old calendar, and the recount, which read the appeals at the save, does not see
/// them. Once every node has the new calendar, the deadline job looks at the limits counted since shortly before the
/// save and moves those that are exactly the working days they were counted with on the old calendar
/// (<see cref="TailDoneAt"/>); in the same save the other deadlines counted on the calendar settle too
/// (<see cref="ICalendarDeadlines"/>: judicial-confirmation deadlines, the window's promised dates). So this row is the
/// record of a calendar change for every kind of deadline, though the recount it tracks is the appeals'.
/// </para>
/// </summary>
public class AppealLimitRecount
{
    public long Id { get; set; }
    public int Year { get; set; }

    /// <summary>The entered years before the change, as {"2027": {days in the calendar file's shape}, …}.</summary>
    public string Before { get; set; } = "";
    public string After { get; set; } = "";

    /// <summary>The reason each appeal's timeline line gives (录入了2027年的节假日安排).</summary>
    public string Why { get; set; } = "";
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string ActorUnit { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The newest appeal at the change: later ones were counted on the new calendar already.</summary>
    public long LastAppealId { get; set; }

    /// <summary>Progress: every appeal up to this id has been looked at. Guards the row against two nodes at once.</summary>
    public long DoneThroughId { get; set; }

    /// <summary>Open appeals whose limits ran across the changed days when the change was saved.</summary>
    public int Candidates { get; set; }
    public int Looked { get; set; }
    public int Moved { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Limits counted from this instant on (a minute before the save) are looked at again when it settles.</summary>
    public DateTimeOffset? TailFrom { get; set; }

    /// <summary>When every node has the new calendar (null on changes recorded before settling was kept).</summary>
    public DateTimeOffset? TailAfter { get; set; }
    public DateTimeOffset? TailDoneAt { get; set; }

    /// <summary>Deadlines moved by settling: appeals, judicial-confirmation deadlines and window applications together.</summary>
    public int TailMoved { get; set; }
}

internal sealed class AppealLimitRecountConfiguration : IEntityTypeConfiguration<AppealLimitRecount>
{
    public void Configure(EntityTypeBuilder<AppealLimitRecount> b)
    {
        b.Property(r => r.Before).IsRequired();
        b.Property(r => r.After).IsRequired();
        b.Property(r => r.Why).HasMaxLength(200);
        b.Property(r => r.ActorUserId).HasMaxLength(450);
        b.Property(r => r.ActorName).HasMaxLength(100);
        b.Property(r => r.ActorUnit).HasMaxLength(200);
        b.Property(r => r.DoneThroughId).IsConcurrencyToken();
        b.HasIndex(r => r.FinishedAt);
    }
}
