using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Data;

/// <summary>
/// The one database context. Every entity that carries an area path gets the same query filter, so a user sees
/// only their subtree in every query, page and API alike. One subclass per provider keeps one migration set each.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<StaffUser>, IDataProtectionKeyContext
{
    private readonly ICurrentUser _user;

    protected AppDbContext(DbContextOptions options, ICurrentUser user) : base(options)
    {
        _user = user;
        // Nothing else here: a request that never queries (an appeal submission answered from memory and written by the
        // intake writer) should not pay for the change tracker and the context's services.
    }

    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Compound> Compounds => Set<Compound>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<BuildingUnit> BuildingUnits => Set<BuildingUnit>();
    public DbSet<Dwelling> Dwellings => Set<Dwelling>();
    public DbSet<BuildingGridChange> BuildingGridChanges => Set<BuildingGridChange>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ResidentTag> ResidentTags => Set<ResidentTag>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Appeal> Appeals => Set<Appeal>();
    public DbSet<AppealEvent> AppealEvents => Set<AppealEvent>();
    public DbSet<AppealAssignment> AppealAssignments => Set<AppealAssignment>();
    public DbSet<AppealCategory> AppealCategories => Set<AppealCategory>();
    public DbSet<TimeLimitRule> TimeLimitRules => Set<TimeLimitRule>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<AppealSupporter> AppealSupporters => Set<AppealSupporter>();
    public DbSet<AppealAttachment> AppealAttachments => Set<AppealAttachment>();
    public DbSet<ReplyTemplate> ReplyTemplates => Set<ReplyTemplate>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Open311Client> Open311Clients => Set<Open311Client>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<AppealLimitRecount> AppealLimitRecounts => Set<AppealLimitRecount>();
    public DbSet<Features.Calendar.CalendarYearEntry> CalendarYears => Set<Features.Calendar.CalendarYearEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    public abstract bool IsPostgres { get; }

    /// <summary>Collation name that orders Chinese text by pinyin on this engine.</summary>
    public string PinyinCollation => IsPostgres ? "zh-x-icu" : SqliteSetup.PinyinCollation;

    /// <summary>Null: no limit. Read on every query, so one context follows its user.</summary>
    internal string? ScopeLow => _user.ScopePath;
    internal string? ScopeHigh => _user.ScopePath is { } p ? AreaPaths.UpperBound(p) : null;
    internal string? CurrentUserId => _user.UserId;

    /// <summary>
    /// The area range for appeals: the caller's, except for callers who read appeals only by assignment (department
    /// liaisons), whose range is empty (from "~" to "~": it sorts after every path). Same SQL either way, so no plan changes.
    /// </summary>
    internal string? AppealScopeLow => ReadsAppealsByArea ? ScopeLow : HttpCurrentUser.NothingVisible;
    internal string? AppealScopeHigh => ReadsAppealsByArea ? ScopeHigh : HttpCurrentUser.NothingVisible;
    private bool ReadsAppealsByArea => _user.ScopePath is null || AppealPermissions.ReadsByArea(_user);

    /// <summary>
    /// Callers who read appeals only by assignment (department liaisons) keep reading what they were ever on, the
    /// department's record of its part, after a transfer, escalation or reopening ends their assignment. Everyone
    /// else's ended assignments give no sight.
    /// </summary>
    internal bool SeesEndedAssignments => !ReadsAppealsByArea;

    public ICurrentUser CurrentUser => _user;

    /// <summary>Set by bulk operations that write one summary audit entry instead of one per row.</summary>
    public bool SuppressEntityAudit { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace?.StartsWith("Tongban.Web.Features", StringComparison.Ordinal) == true);

        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IAreaScoped).IsAssignableFrom(t.ClrType)).ToList())
        {
            typeof(AppDbContext).GetMethod(nameof(ApplyScopeFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(entity.ClrType).Invoke(this, [builder]);
        }
        // An appeal is seen within the area (not by department liaisons, see AppealPermissions.ReadsByArea), by whoever
        // it is currently dispatched to (a department, or a grid worker asked to help outside their own grid), and by a
        // liaison whose department was ever on it.
        builder.Entity<Appeal>().HasQueryFilter(a => ScopeLow == null
            || (string.Compare(a.AreaPath, AppealScopeLow) >= 0 && string.Compare(a.AreaPath, AppealScopeHigh) < 0)
            || (CurrentUserId != null && a.Assignments.Any(x => x.AssigneeUserId == CurrentUserId && (x.EndedAt == null || SeesEndedAssignments))));
        // A resident's tags are seen exactly when the resident is.
        builder.Entity<ResidentTag>().HasQueryFilter(t => ScopeLow == null
            || (string.Compare(t.Resident!.AreaPath, ScopeLow) >= 0 && string.Compare(t.Resident!.AreaPath, ScopeHigh) < 0));
    }

    private void ApplyScopeFilter<T>(ModelBuilder builder) where T : class, IAreaScoped
    {
        var property = builder.Entity<T>().Property(e => e.AreaPath).HasMaxLength(200).IsRequired();
        if (IsPostgres) property.UseCollation("C"); // byte order, so the range below is exactly the subtree
        builder.Entity<T>().HasIndex(e => e.AreaPath);
        if (typeof(ICommunityShared).IsAssignableFrom(typeof(T)))
            builder.Entity<T>().HasQueryFilter(e => ScopeLow == null
                || (string.Compare(e.AreaPath, ScopeLow) >= 0 && string.Compare(e.AreaPath, ScopeHigh) < 0)
                || ScopeLow.StartsWith(e.AreaPath));
        else
            builder.Entity<T>().HasQueryFilter(e => ScopeLow == null
                || (string.Compare(e.AreaPath, ScopeLow) >= 0 && string.Compare(e.AreaPath, ScopeHigh) < 0));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Held reference rows (IHeldInMemory) added, changed or removed: caches must reload after the save. Also on
        // failure: a reload costs little, a stale row could mislead. (Entries detects changes first, as the save would.)
        var heldChanged = ChangeTracker.Entries<IHeldInMemory>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        try { return await SaveAndAuditAsync(acceptAllChangesOnSuccess, cancellationToken); }
        finally
        {
            if (heldChanged) HeldData.Changed();
        }
    }

    private async Task<int> SaveAndAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (SuppressEntityAudit) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var pending = EntityAudit.Capture(ChangeTracker);
        if (pending.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // The change and its audit entries commit together or not at all.
        var owned = Database.CurrentTransaction is null;
        await using var transaction = owned ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await AuditChain.AppendAsync(this, pending.Select(p => p.ToEntry()).ToList(), cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return count;
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, ICurrentUser user) : AppDbContext(options, user)
{
    public override bool IsPostgres => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteSetup.UseSortableTimes(configurationBuilder);
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, ICurrentUser user) : AppDbContext(options, user)
{
    public override bool IsPostgres => true;
}
