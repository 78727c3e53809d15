using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Web.Data;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Services;

namespace Tongban.Web.Features.Outreach;

/// <summary>The module's tables, reached as db.Visits and so on without widening the shared context class.</summary>
public static class OutreachData
{
    extension(AppDbContext db)
    {
        public DbSet<VisitRule> VisitRules => db.Set<VisitRule>();
        public DbSet<Visit> Visits => db.Set<Visit>();
        public DbSet<VisitFinding> VisitFindings => db.Set<VisitFinding>();
        public DbSet<VisitPhoto> VisitPhotos => db.Set<VisitPhoto>();
        public DbSet<DeskPlan> DeskPlans => db.Set<DeskPlan>();
        public DbSet<DeskSlot> DeskSlots => db.Set<DeskSlot>();
        public DbSet<DeskSession> DeskSessions => db.Set<DeskSession>();
        public DbSet<DeskQuestion> DeskQuestions => db.Set<DeskQuestion>();
        public DbSet<DiaryEntry> DiaryEntries => db.Set<DiaryEntry>();
        public DbSet<HouseholdVisitDue> HouseholdVisitDues => db.Set<HouseholdVisitDue>();
    }
}

internal sealed class VisitRuleConfiguration : IEntityTypeConfiguration<VisitRule>
{
    public void Configure(EntityTypeBuilder<VisitRule> b)
    {
        b.ToTable("VisitRules");
        b.Property(r => r.TagCode).HasMaxLength(40);
        b.HasIndex(r => r.TagCode).IsUnique();
    }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.ToTable("Visits");
        b.Property(v => v.VisitorUserId).HasMaxLength(450);
        b.Property(v => v.VisitorName).HasMaxLength(100);
        b.Property(v => v.Notes).HasMaxLength(2000);
        b.Property(v => v.TagCodes).HasMaxLength(400);
        b.Property(v => v.IdempotencyKey).HasMaxLength(100).IsRequired();
        b.HasIndex(v => v.IdempotencyKey).IsUnique();
        b.HasMany(v => v.Findings).WithOne().HasForeignKey(f => f.VisitId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(v => v.Photos).WithOne().HasForeignKey(p => p.VisitId).OnDelete(DeleteBehavior.Cascade);
        // The day list reads the last home visit of every household of one grid.
        b.HasIndex(v => new { v.AreaPath, v.Kind, v.HouseholdId, v.VisitedAt });
        b.HasIndex(v => new { v.AreaPath, v.Kind, v.BuildingId, v.VisitedAt });
        b.HasIndex(v => new { v.VisitorUserId, v.VisitedAt });
        b.HasIndex(v => v.VisitedAt);
        // A household's last home visit, wherever its building was then (kept in HouseholdVisitDues).
        b.HasIndex(v => new { v.HouseholdId, v.Kind, v.VisitedAt });
    }
}

internal sealed class HouseholdVisitDueConfiguration : IEntityTypeConfiguration<HouseholdVisitDue>
{
    public void Configure(EntityTypeBuilder<HouseholdVisitDue> b)
    {
        b.ToTable("HouseholdVisitDues");
        b.HasKey(d => d.HouseholdId);
        b.Property(d => d.HouseholdId).ValueGeneratedNever();
        b.Property(d => d.TagCodes).IsRequired();
        // Written by triggers from Households, removed with the household.
        b.HasOne<Household>().WithOne().HasForeignKey<HouseholdVisitDue>(d => d.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        // The day list: one grid's rows in due order; the counts read the same range.
        b.HasIndex(d => new { d.AreaPath, d.IntervalDays, d.NextDueOn, d.DwellingId }).HasDatabaseName("IX_HouseholdVisitDues_Due");
        // Only the rows waiting for a refresh, usually none.
        b.HasIndex(d => d.AreaPath, "IX_HouseholdVisitDues_Stale").HasFilter("\"Stale\"");
    }
}

internal sealed class VisitFindingConfiguration : IEntityTypeConfiguration<VisitFinding>
{
    public void Configure(EntityTypeBuilder<VisitFinding> b)
    {
        b.ToTable("VisitFindings");
        b.Property(f => f.Description).HasMaxLength(1000);
        b.HasIndex(f => f.AppealId);
    }
}

internal sealed class VisitPhotoConfiguration : IEntityTypeConfiguration<VisitPhoto>
{
    public void Configure(EntityTypeBuilder<VisitPhoto> b)
    {
        b.ToTable("VisitPhotos");
        b.Property(p => p.Sha256).HasMaxLength(64).IsRequired();
        b.Property(p => p.ContentType).HasMaxLength(40);
    }
}

internal sealed class DeskPlanConfiguration : IEntityTypeConfiguration<DeskPlan>
{
    public void Configure(EntityTypeBuilder<DeskPlan> b)
    {
        b.ToTable("DeskPlans");
        b.Property(p => p.Name).HasMaxLength(100).IsRequired();
        b.Property(p => p.Staff).HasMaxLength(200);
        b.Property(p => p.Departments).HasMaxLength(400);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.HasMany(p => p.Slots).WithOne(s => s.Plan).HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.CommunityId);
    }
}

internal sealed class DeskSlotConfiguration : IEntityTypeConfiguration<DeskSlot>
{
    public void Configure(EntityTypeBuilder<DeskSlot> b)
    {
        b.ToTable("DeskSlots");
        b.Property(s => s.RescheduleReason).HasMaxLength(200);
        // The rotation's rule, kept by the database too: a building appears once per cycle of a plan.
        b.HasIndex(s => new { s.PlanId, s.Cycle, s.BuildingId }).IsUnique();
        b.HasIndex(s => new { s.BuildingId, s.Date });
        b.HasIndex(s => s.Date);
    }
}

internal sealed class DeskSessionConfiguration : IEntityTypeConfiguration<DeskSession>
{
    public void Configure(EntityTypeBuilder<DeskSession> b)
    {
        b.ToTable("DeskSessions");
        b.Property(s => s.Staff).HasMaxLength(200);
        b.Property(s => s.Departments).HasMaxLength(400);
        b.Property(s => s.Summary).HasMaxLength(2000);
        b.Property(s => s.RecordedBy).HasMaxLength(100);
        b.Property(s => s.RecordedByUserId).HasMaxLength(450);
        b.Property(s => s.IdempotencyKey).HasMaxLength(100).IsRequired();
        b.HasIndex(s => s.IdempotencyKey).IsUnique();
        b.HasMany(s => s.Questions).WithOne().HasForeignKey(q => q.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.BuildingId, s.HeldOn });
        b.HasIndex(s => s.HeldOn);
    }
}

internal sealed class DeskQuestionConfiguration : IEntityTypeConfiguration<DeskQuestion>
{
    public void Configure(EntityTypeBuilder<DeskQuestion> b)
    {
        b.ToTable("DeskQuestions");
        b.Property(q => q.Question).HasMaxLength(500).IsRequired();
        b.Property(q => q.Answer).HasMaxLength(1000);
        b.Property(q => q.ServiceItem).HasMaxLength(100);
        b.Property(q => q.FirstInquiryOwner).HasMaxLength(100);
        // Links into the Services module; items are withdrawn, never deleted, and applications stay.
        b.HasOne<ServiceItem>().WithMany().HasForeignKey(q => q.ServiceItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServiceApplication>().WithMany().HasForeignKey(q => q.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DiaryEntryConfiguration : IEntityTypeConfiguration<DiaryEntry>
{
    public void Configure(EntityTypeBuilder<DiaryEntry> b)
    {
        b.ToTable("DiaryEntries");
        b.Property(e => e.Concern).HasMaxLength(2000).IsRequired();
        b.Property(e => e.ResidentName).HasMaxLength(50);
        b.Property(e => e.ClosingNote).HasMaxLength(1000);
        b.Property(e => e.WrittenBy).HasMaxLength(100);
        b.Property(e => e.WrittenByUserId).HasMaxLength(450);
        b.HasIndex(e => new { e.State, e.WrittenAt });
        b.HasIndex(e => e.SessionId);
    }
}
