using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Web.Features.Disputes;

internal sealed class DisputeCaseConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(EntityTypeBuilder<DisputeCase> b)
    {
        b.ToTable("DisputeCases");
        b.Property(c => c.Number).HasMaxLength(20).IsRequired();
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.Title).HasMaxLength(100).IsRequired();
        b.Property(c => c.SourceNote).HasMaxLength(200);
        b.Property(c => c.AppealNumber).HasMaxLength(20);
        b.Property(c => c.Facts).HasMaxLength(4000);
        b.Property(c => c.Address).HasMaxLength(200);
        b.Property(c => c.ProfessionalBody).HasMaxLength(100);
        b.Property(c => c.RiskNote).HasMaxLength(500);
        b.Property(c => c.LeadMediatorUserId).HasMaxLength(450);
        b.Property(c => c.LeadMediatorName).HasMaxLength(100);
        b.Property(c => c.RegisteredByUserId).HasMaxLength(450);
        b.Property(c => c.FailureReason).HasMaxLength(2000);
        b.Property(c => c.ReferralNote).HasMaxLength(2000);
        b.Property(c => c.OralAgreement).HasMaxLength(4000);
        b.Property(c => c.JudicialCourt).HasMaxLength(100);
        b.Property(c => c.JudicialNote).HasMaxLength(1000);
        b.Property(c => c.ClosingNote).HasMaxLength(1000);
        b.Property(c => c.SearchText).HasMaxLength(8000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.AppealId);
        b.HasIndex(c => new { c.State, c.RegisteredOn });
        b.HasIndex(c => c.LeadMediatorUserId);
        b.HasIndex(c => c.JudicialDeadlineOn);
        b.Ignore(c => c.IsOpen);
        b.Ignore(c => c.HasOutcome);
        b.Ignore(c => c.DueOn);
        b.Ignore(c => c.TierName);
        b.HasMany(c => c.Parties).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Events).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Mediators).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Conflicts).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Sessions).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Agreement).WithOne().HasForeignKey<DisputeAgreement>(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Visits).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Extensions).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Summonses).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Alerts).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Attachments).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DisputePartyConfiguration : IEntityTypeConfiguration<DisputeParty>
{
    public void Configure(EntityTypeBuilder<DisputeParty> b)
    {
        b.ToTable("DisputeParties");
        b.Property(p => p.Name).HasMaxLength(100).IsRequired();
        b.Property(p => p.Gender).HasMaxLength(2);
        b.Property(p => p.IdNumberHash).HasMaxLength(64);
        b.Property(p => p.IdNumberMasked).HasMaxLength(18);
        b.Property(p => p.PhoneHash).HasMaxLength(64);
        b.Property(p => p.PhoneMasked).HasMaxLength(11);
        b.Property(p => p.Address).HasMaxLength(200);
        b.Property(p => p.CreditCode).HasMaxLength(18);
        b.Property(p => p.Representative).HasMaxLength(50);
        b.HasIndex(p => p.IdNumberHash);
    }
}

internal sealed class DisputeEventConfiguration : IEntityTypeConfiguration<DisputeEvent>
{
    public void Configure(EntityTypeBuilder<DisputeEvent> b)
    {
        b.ToTable("DisputeEvents");
        b.Property(e => e.Type).HasMaxLength(30);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.ActorUnit).HasMaxLength(100);
        b.HasIndex(e => new { e.CaseId, e.At });
    }
}

internal sealed class DisputeMediatorConfiguration : IEntityTypeConfiguration<DisputeMediator>
{
    public void Configure(EntityTypeBuilder<DisputeMediator> b)
    {
        b.ToTable("DisputeMediators");
        b.Property(m => m.UserId).HasMaxLength(450);
        b.Property(m => m.Name).HasMaxLength(100);
        b.HasIndex(m => new { m.UserId, m.EndedAt });
    }
}

internal sealed class DisputeConflictConfiguration : IEntityTypeConfiguration<DisputeConflict>
{
    public void Configure(EntityTypeBuilder<DisputeConflict> b)
    {
        b.ToTable("DisputeConflicts");
        b.Property(m => m.UserId).HasMaxLength(450);
        b.Property(m => m.Name).HasMaxLength(100);
        b.Property(m => m.Relation).HasMaxLength(200);
    }
}

internal sealed class DisputeSessionConfiguration : IEntityTypeConfiguration<DisputeSession>
{
    public void Configure(EntityTypeBuilder<DisputeSession> b)
    {
        b.ToTable("DisputeSessions");
        b.Property(s => s.Place).HasMaxLength(200);
        b.Property(s => s.Attendees).HasMaxLength(500);
        b.Property(s => s.Record).HasMaxLength(8000);
        b.Property(s => s.RecordedByName).HasMaxLength(100);
    }
}

internal sealed class DisputeAgreementConfiguration : IEntityTypeConfiguration<DisputeAgreement>
{
    public void Configure(EntityTypeBuilder<DisputeAgreement> b)
    {
        b.ToTable("DisputeAgreements");
        b.Property(a => a.Facts).HasMaxLength(4000);
        b.Property(a => a.Matters).HasMaxLength(2000);
        b.Property(a => a.Responsibilities).HasMaxLength(2000);
        b.Property(a => a.Terms).HasMaxLength(4000);
        b.Property(a => a.PerformanceManner).HasMaxLength(1000);
        b.Property(a => a.PerformanceDeadline).HasMaxLength(200);
        b.Property(a => a.SignedScanSha256).HasMaxLength(64);
    }
}

internal sealed class DisputeVisitConfiguration : IEntityTypeConfiguration<DisputeVisit>
{
    public void Configure(EntityTypeBuilder<DisputeVisit> b)
    {
        b.ToTable("DisputeVisits");
        b.Property(v => v.VisitedWith).HasMaxLength(200);
        b.Property(v => v.Note).HasMaxLength(2000);
        b.Property(v => v.ByUserId).HasMaxLength(450);
        b.Property(v => v.ByName).HasMaxLength(100);
        b.HasIndex(v => new { v.PlannedOn, v.VisitedOn });
    }
}

internal sealed class DisputeExtensionConfiguration : IEntityTypeConfiguration<DisputeExtension>
{
    public void Configure(EntityTypeBuilder<DisputeExtension> b)
    {
        b.ToTable("DisputeExtensions");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.ByName).HasMaxLength(100);
    }
}

internal sealed class DisputeSummonsConfiguration : IEntityTypeConfiguration<DisputeSummons>
{
    public void Configure(EntityTypeBuilder<DisputeSummons> b)
    {
        b.ToTable("DisputeSummonses");
        b.Property(x => x.DepartmentName).HasMaxLength(100);
        b.Property(x => x.Place).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.SummonedByName).HasMaxLength(100);
        b.Property(x => x.AcknowledgedByName).HasMaxLength(100);
        b.HasIndex(x => new { x.DepartmentId, x.AcknowledgedAt });
    }
}

internal sealed class DisputeAlertConfiguration : IEntityTypeConfiguration<DisputeAlert>
{
    public void Configure(EntityTypeBuilder<DisputeAlert> b)
    {
        b.ToTable("DisputeAlerts");
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Recipient).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(500);
    }
}

internal sealed class DisputeAttachmentConfiguration : IEntityTypeConfiguration<DisputeAttachment>
{
    public void Configure(EntityTypeBuilder<DisputeAttachment> b)
    {
        b.ToTable("DisputeAttachments");
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.Purpose).HasMaxLength(30);
    }
}
