using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// A calendar change whose recount of open appeals' limits is too large to run inside the save (more than
/// <see cref="AppealOptions.CalendarRecountInline"/> appeals): the save records it here, in its own transaction, and
/// the deadline job works through it in chunks, each chunk and the progress it makes committed together. It holds both
/// calendars, so a later change cannot alter what this one counts. Until it is done the job neither escalates nor
/// warns, so no appeal is moved up on a limit that is being corrected.
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
