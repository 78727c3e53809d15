using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Web.Features.Appeals;

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> b)
    {
        b.Property(a => a.TrackingCode).HasMaxLength(16).IsRequired();
        b.HasIndex(a => a.TrackingCode).IsUnique();
        b.Property(a => a.Number).HasMaxLength(20).IsRequired();
        b.HasIndex(a => a.Number).IsUnique();
        b.Property(a => a.Title).HasMaxLength(100).IsRequired();
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.IdempotencyKey).HasMaxLength(100);
        b.HasIndex(a => a.IdempotencyKey).IsUnique();
        b.Property(a => a.Address).HasMaxLength(200);
        b.Property(a => a.ReporterName).HasMaxLength(50);
        b.Property(a => a.ReporterPhoneHash).HasMaxLength(64);
        b.Property(a => a.ReporterPhoneMasked).HasMaxLength(20);
        b.Property(a => a.CurrentAssignee).HasMaxLength(100);
        b.Property(a => a.RejectReason).HasMaxLength(500);
        b.Property(a => a.Result).HasMaxLength(2000);
        b.Property(a => a.SearchText).HasMaxLength(8000);
        // Closed appeals whose reporter's contact is still kept: what the retention job reads. New appeals are not
        // closed, so intake never writes to it.
        b.HasIndex(a => a.ClosedAt, "IX_Appeals_ContactToErase")
            .HasFilter("\"ContactErasedAt\" IS NULL AND \"ClosedAt\" IS NOT NULL AND (\"ReporterName\" IS NOT NULL OR \"ReporterPhoneCipher\" IS NOT NULL)");
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne(a => a.Category).WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.AppealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Assignments).WithOne().HasForeignKey(e => e.AppealId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.State, a.FeedbackDueAt });
        b.HasIndex(a => new { a.State, a.AreaPath }); // the area queues: open states within an area subtree
        // Open appeals by area, as AppealDeadlines.Open() says it (same states, same order, so SQLite matches the term too).
        // PostgreSQL under-estimates a subtree range on AreaPath and would otherwise walk every appeal of the area.
        b.HasIndex(a => a.AreaPath, "IX_Appeals_Open_AreaPath").HasFilter(AppealDeadlines.OpenStatesSql);
        b.HasIndex(a => new { a.State, a.DispatchDueAt });
        // The duplicate offer: open appeals of a category at a building in the order offered (most supported, then
        // oldest), so DuplicateQuery stops after the first five instead of reading and sorting every open appeal there.
        // Only open appeals are in it (the same states as AppealDeadlines.Open(), so both engines match the term).
        b.HasIndex(a => new { a.CategoryId, a.BuildingId, a.SupporterCount, a.Id }, "IX_Appeals_Open_Duplicates")
            .IsDescending(false, false, true, false).HasFilter(AppealDeadlines.OpenStatesSql);
        b.HasIndex(a => a.CurrentAssigneeUserId);
        b.HasIndex(a => a.SubmittedAt);
    }
}

internal sealed class AppealEventConfiguration : IEntityTypeConfiguration<AppealEvent>
{
    public void Configure(EntityTypeBuilder<AppealEvent> b)
    {
        b.Property(e => e.Type).HasMaxLength(30);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.ActorUnit).HasMaxLength(100);
        b.HasIndex(e => new { e.AppealId, e.At });
        b.HasIndex(e => e.At); // Open311 servicerequestupdates reads every event in a time window
    }
}

internal sealed class AppealAssignmentConfiguration : IEntityTypeConfiguration<AppealAssignment>
{
    public void Configure(EntityTypeBuilder<AppealAssignment> b)
    {
        b.Property(e => e.AssigneeName).HasMaxLength(100);
        b.HasIndex(e => new { e.AssigneeUserId, e.AcknowledgedAt });
        b.HasIndex(e => new { e.DepartmentId, e.AcknowledgedAt });
        // 我的待办 and 待签收 start from the caller's open assignments: a grid worker's few hundred among thousands ended.
        b.HasIndex(e => e.AssigneeUserId, "IX_AppealAssignments_Open_Assignee").HasFilter("\"EndedAt\" IS NULL");
        b.HasIndex(e => e.DepartmentId, "IX_AppealAssignments_Open_Department").HasFilter("\"EndedAt\" IS NULL");
    }
}

internal sealed class AppealCategoryConfiguration : IEntityTypeConfiguration<AppealCategory>
{
    public void Configure(EntityTypeBuilder<AppealCategory> b)
    {
        b.Property(c => c.Code).HasMaxLength(40).IsRequired();
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Name).HasMaxLength(40).IsRequired();
        b.Property(c => c.Description).HasMaxLength(500);
        b.Property(c => c.Group).HasMaxLength(40);
    }
}

internal sealed class TimeLimitRuleConfiguration : IEntityTypeConfiguration<TimeLimitRule>
{
    public void Configure(EntityTypeBuilder<TimeLimitRule> b) => b.HasIndex(r => new { r.CategoryId, r.Urgency }).IsUnique();
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(d => d.Name).HasMaxLength(60).IsRequired();
        b.Property(d => d.Contact).HasMaxLength(100);
        b.Property(d => d.LiaisonUserId).HasMaxLength(450);
        b.HasIndex(d => d.LiaisonUserId);
    }
}

internal sealed class AppealSupporterConfiguration : IEntityTypeConfiguration<AppealSupporter>
{
    public void Configure(EntityTypeBuilder<AppealSupporter> b)
    {
        b.Property(s => s.TrackingCode).HasMaxLength(16);
        b.HasIndex(s => s.TrackingCode).IsUnique(); // /track looks supporters up by their own code
        b.Property(s => s.Note).HasMaxLength(500);
        b.HasIndex(s => s.AppealId);
        b.Property(s => s.IdempotencyKey).HasMaxLength(100);
        b.HasIndex(s => s.IdempotencyKey).IsUnique(); // a retried "me too" finds its first answer
    }
}

internal sealed class AppealAttachmentConfiguration : IEntityTypeConfiguration<AppealAttachment>
{
    public void Configure(EntityTypeBuilder<AppealAttachment> b)
    {
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.ContentType).HasMaxLength(60);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.Purpose).HasMaxLength(20);
        b.HasIndex(a => a.AppealId);
    }
}

internal sealed class ReplyTemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> b)
    {
        b.Property(t => t.Title).HasMaxLength(60);
        b.Property(t => t.Text).HasMaxLength(1000);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.Link).HasMaxLength(200);
        b.Property(n => n.Key).HasMaxLength(200);
        b.HasIndex(n => n.Key).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAt });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.IdempotencyKey).HasMaxLength(120).IsRequired();
        b.HasIndex(m => m.IdempotencyKey).IsUnique();
        b.Property(m => m.Channel).HasMaxLength(20);
        b.Property(m => m.RecipientMasked).HasMaxLength(20);
        b.Property(m => m.Template).HasMaxLength(60);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.HasIndex(m => m.SentAt);
        b.HasIndex(m => m.SentAt, "IX_OutboxMessages_RecipientToErase").HasFilter("\"RecipientErasedAt\" IS NULL AND \"SentAt\" IS NOT NULL");
    }
}

internal sealed class Open311ClientConfiguration : IEntityTypeConfiguration<Open311Client>
{
    public void Configure(EntityTypeBuilder<Open311Client> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.KeyHash).HasMaxLength(64);
        b.HasIndex(c => c.KeyHash).IsUnique();
        b.Property(c => c.AreaPath).HasMaxLength(200);
    }
}

/// <summary>
/// Fills the limit starts and the promise of appeals that existed before they were stored (migration AppealPromise,
/// same SQL on both engines). The current limit started at the last escalation or reopening, else at submission. The
/// promise's first value is not in the timeline (events keep no deadlines), so it is the current feedback limit and
/// its start: exact for an appeal never escalated since its submission or reopening, the escalated tier's for the rest.
/// Only open appeals are filled: closed ones are read as <c>PromisedFeedbackAt ?? FeedbackDueAt</c>, and leaving them
/// alone keeps the migration from rewriting every row of a large installation (5 million in the bench).
/// </summary>
public static class AppealPromiseBackfill
{
    public const string Sql = $$"""
        UPDATE "Appeals" SET "FeedbackLimitFrom" = COALESCE(
            (SELECT MAX(e."At") FROM "AppealEvents" e WHERE e."AppealId" = "Appeals"."Id" AND e."Type" IN ('escalate', 'reopen')),
            "SubmittedAt")
        WHERE {{AppealDeadlines.OpenStatesSql}};
        UPDATE "Appeals" SET "PromiseMadeAt" = "FeedbackLimitFrom", "PromisedFeedbackAt" = "FeedbackDueAt"
        WHERE {{AppealDeadlines.OpenStatesSql}};
        """;
}
