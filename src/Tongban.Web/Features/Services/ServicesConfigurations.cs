using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Services;

/// <summary>The module's tables, reached without adding properties to the shared context.</summary>
public static class ServicesData
{
    public static DbSet<ServiceItem> ServiceItems(this AppDbContext db) => db.Set<ServiceItem>();
    public static DbSet<ServiceItemVersion> ServiceItemVersions(this AppDbContext db) => db.Set<ServiceItemVersion>();
    public static DbSet<ServiceMaterial> ServiceMaterials(this AppDbContext db) => db.Set<ServiceMaterial>();
    public static DbSet<ServiceApplication> ServiceApplications(this AppDbContext db) => db.Set<ServiceApplication>();
    public static DbSet<ApplicationEvent> ApplicationEvents(this AppDbContext db) => db.Set<ApplicationEvent>();
    public static DbSet<DailyClose> DailyCloses(this AppDbContext db) => db.Set<DailyClose>();
    public static DbSet<OpeningPeriod> OpeningPeriods(this AppDbContext db) => db.Set<OpeningPeriod>();
    public static DbSet<Appointment> Appointments(this AppDbContext db) => db.Set<Appointment>();
    public static DbSet<StaffSkill> StaffSkills(this AppDbContext db) => db.Set<StaffSkill>();
    public static DbSet<ServicePost> ServicePosts(this AppDbContext db) => db.Set<ServicePost>();
    public static DbSet<RotaAssignment> RotaAssignments(this AppDbContext db) => db.Set<RotaAssignment>();
    public static DbSet<StaffLeave> StaffLeaves(this AppDbContext db) => db.Set<StaffLeave>();
}

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> b)
    {
        b.Property(i => i.Code).HasMaxLength(60).IsRequired();
        b.HasIndex(i => i.Code).IsUnique();
        b.HasMany(i => i.Versions).WithOne().HasForeignKey(v => v.ServiceItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(i => i.CurrentVersion).WithMany().HasForeignKey(i => i.CurrentVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceItemVersionConfiguration : IEntityTypeConfiguration<ServiceItemVersion>
{
    public void Configure(EntityTypeBuilder<ServiceItemVersion> b)
    {
        b.Property(v => v.Name).HasMaxLength(100).IsRequired();
        b.Property(v => v.Group).HasMaxLength(30);
        b.Property(v => v.Summary).HasMaxLength(1000);
        b.Property(v => v.Eligibility).HasMaxLength(2000);
        b.Property(v => v.Steps).HasMaxLength(2000);
        b.Property(v => v.DecidingUnit).HasMaxLength(100);
        b.Property(v => v.Fees).HasMaxLength(200);
        b.Property(v => v.LegalBasis).HasMaxLength(1000);
        b.Property(v => v.SearchText).HasMaxLength(4000);
        b.Property(v => v.CreatedBy).HasMaxLength(100);
        b.HasIndex(v => new { v.ServiceItemId, v.Number }).IsUnique();
        b.HasMany(v => v.Materials).WithOne().HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(v => v.StepList);
    }
}

internal sealed class ServiceMaterialConfiguration : IEntityTypeConfiguration<ServiceMaterial>
{
    public void Configure(EntityTypeBuilder<ServiceMaterial> b)
    {
        b.Property(m => m.Name).HasMaxLength(100).IsRequired();
        b.Property(m => m.Notes).HasMaxLength(500);
    }
}

internal sealed class ServiceApplicationConfiguration : IEntityTypeConfiguration<ServiceApplication>
{
    public void Configure(EntityTypeBuilder<ServiceApplication> b)
    {
        b.Property(a => a.Number).HasMaxLength(20).IsRequired();
        b.HasIndex(a => a.Number).IsUnique();
        b.Property(a => a.ApplicantName).HasMaxLength(50).IsRequired();
        b.Property(a => a.ApplicantPhoneMasked).HasMaxLength(11);
        b.Property(a => a.OwnerUserId).HasMaxLength(450);
        b.Property(a => a.OwnerName).HasMaxLength(100);
        b.Property(a => a.HelperUserId).HasMaxLength(450);
        b.Property(a => a.HelperName).HasMaxLength(100);
        b.Property(a => a.TransferredTo).HasMaxLength(100);
        b.Property(a => a.TransferReason).HasMaxLength(500);
        b.Property(a => a.RejectReason).HasMaxLength(500);
        b.Property(a => a.TerminationReason).HasMaxLength(500);
        b.Property(a => a.Result).HasMaxLength(1000);
        b.Property(a => a.DefectNote).HasMaxLength(500);
        b.Property(a => a.RowVersion).IsConcurrencyToken();
        b.HasOne(a => a.ServiceItem).WithMany().HasForeignKey(a => a.ServiceItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.ItemVersion).WithMany().HasForeignKey(a => a.ServiceItemVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Materials).WithOne().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.OwnerUserId, a.State });
        b.HasIndex(a => new { a.CommunityId, a.ReceivedAt });
        // 日结 reads only what is not archived yet (the open ones and those finished since the last close), not the history.
        b.HasIndex(a => new { a.CommunityId, a.ReceivedAt }, "IX_ServiceApplication_Unarchived").HasFilter("\"ArchivedOn\" IS NULL");
        b.HasIndex(a => new { a.ServiceItemVersionId, a.State });
        // A calendar change reads the applications with a promise still to keep (办理中, 待补材料, 已转办), not the history.
        // The filter is written as the query says it (RecalculatePromisedDates.OpenApplications), so SQLite uses it.
        b.HasIndex(a => a.Id, "IX_ServiceApplication_Open").HasFilter("\"State\" IN (1, 2, 3)");
        b.HasIndex(a => a.AppointmentId).IsUnique(); // one booking, one application; NULLs (no booking) do not collide
        b.Ignore(a => a.IsOpen);
    }
}

internal sealed class ApplicationMaterialConfiguration : IEntityTypeConfiguration<ApplicationMaterial>
{
    public void Configure(EntityTypeBuilder<ApplicationMaterial> b) => b.Property(m => m.Name).HasMaxLength(200);
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.Property(e => e.Kind).HasMaxLength(30);
        b.Property(e => e.Text).HasMaxLength(2000);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.HasIndex(e => new { e.ApplicationId, e.At });
    }
}

internal sealed class DailyCloseConfiguration : IEntityTypeConfiguration<DailyClose>
{
    public void Configure(EntityTypeBuilder<DailyClose> b)
    {
        b.HasIndex(d => new { d.CommunityId, d.Day }).IsUnique();
        b.Property(d => d.ClosedBy).HasMaxLength(100);
    }
}

internal sealed class OpeningPeriodConfiguration : IEntityTypeConfiguration<OpeningPeriod>
{
    public void Configure(EntityTypeBuilder<OpeningPeriod> b) => b.HasIndex(p => new { p.CommunityId, p.Day });
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.Property(a => a.Code).HasMaxLength(12).IsRequired();
        b.HasIndex(a => a.Code).IsUnique();
        // The guarantee behind "one seat, one booking": NULL once cancelled, so the seat can be booked again.
        b.Property(a => a.ActiveKey).HasMaxLength(40);
        b.HasIndex(a => a.ActiveKey).IsUnique();
        b.Property(a => a.ApplicantName).HasMaxLength(50);
        b.Property(a => a.PhoneMasked).HasMaxLength(11);
        b.Property(a => a.Note).HasMaxLength(500);
        b.Property(a => a.BookedBy).HasMaxLength(100);
        b.HasOne(a => a.ServiceItem).WithMany().HasForeignKey(a => a.ServiceItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.CommunityId, a.StartsAt });
        b.HasIndex(a => new { a.Status, a.StartsAt });
    }
}

internal sealed class StaffSkillConfiguration : IEntityTypeConfiguration<StaffSkill>
{
    public void Configure(EntityTypeBuilder<StaffSkill> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.HasIndex(s => new { s.UserId, s.ServiceItemId }).IsUnique();
        b.HasIndex(s => s.ServiceItemId);
        b.Ignore(s => s.CanHandle);
    }
}

internal sealed class ServicePostConfiguration : IEntityTypeConfiguration<ServicePost>
{
    public void Configure(EntityTypeBuilder<ServicePost> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.HasIndex(p => new { p.CommunityId, p.Order }).IsUnique();
    }
}

internal sealed class RotaAssignmentConfiguration : IEntityTypeConfiguration<RotaAssignment>
{
    public void Configure(EntityTypeBuilder<RotaAssignment> b)
    {
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.StaffName).HasMaxLength(100);
        b.HasIndex(r => new { r.CommunityId, r.Day });
        b.HasIndex(r => new { r.UserId, r.Day });
    }
}

internal sealed class StaffLeaveConfiguration : IEntityTypeConfiguration<StaffLeave>
{
    public void Configure(EntityTypeBuilder<StaffLeave> b)
    {
        b.Property(l => l.UserId).HasMaxLength(450);
        b.Property(l => l.StaffName).HasMaxLength(100);
        b.Property(l => l.Reason).HasMaxLength(200);
        b.HasIndex(l => new { l.CommunityId, l.From });
    }
}
