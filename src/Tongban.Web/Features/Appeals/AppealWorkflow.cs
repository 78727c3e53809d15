using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// What every staff action on an appeal shares: who is acting (as the timeline names them), loading the appeal
/// within the caller's scope (a 403 that is logged when it lies outside), the "is this yours to work on" rule,
/// and saving the change, its notices and its outbox messages in one transaction.
/// </summary>
public sealed class AppealWorkflow(AppDbContext db, ICurrentUser user, AuditLog audit, TimeProvider clock, AppealNotifier notifier,
    IOptions<AppealOptions> options, ActorCache actors)
{
    /// <summary>The deadline job and other work outside a request act as the system.</summary>
    public static readonly Actor System = new(null, "系统", "通办系统");

    private Actor? _actor;
    private IReadOnlyList<int>? _departments;

    public AppDbContext Db => db;
    public ICurrentUser User => user;
    public AppealNotifier Notifier => notifier;
    public AppealOptions Options => options.Value;
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The system (no request: jobs, seeding) or a role that owns the process.</summary>
    public bool CanHandle => user.ScopePath is null || AppealPermissions.Has(user, AppealPermissions.Handle);

    /// <summary>The acting person with their unit: a department's liaison acts for the department, others for their area.</summary>
    public async Task<Actor> ActorAsync(CancellationToken ct)
    {
        if (_actor is not null) return _actor;
        if (user.UserId is not { } id) return _actor = System;
        if (actors.TryGet(id, out var known)) return _actor = known;
        // One round trip: every state change of every request starts here.
        var staff = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new
        {
            u.DisplayName, u.UserName,
            Department = db.Departments.IgnoreQueryFilters().Where(d => d.LiaisonUserId == id).Select(d => d.Name).FirstOrDefault(),
            Area = db.Areas.IgnoreQueryFilters().Where(a => a.Id == u.AreaId).Select(a => a.Name).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        var name = string.IsNullOrWhiteSpace(staff?.DisplayName) ? staff?.UserName ?? user.UserName : staff.DisplayName;
        _actor = new Actor(id, name, staff?.Department ?? staff?.Area ?? "");
        if (staff is not null) actors.Keep(id, _actor);
        return _actor;
    }

    /// <summary>Departments whose liaison is the caller (their 报到 and queues).</summary>
    public async Task<IReadOnlyList<int>> MyDepartmentsAsync(CancellationToken ct)
    {
        if (_departments is not null) return _departments;
        if (user.UserId is not { } id) return _departments = [];
        return _departments = await db.Departments.IgnoreQueryFilters().Where(d => d.LiaisonUserId == id).Select(d => d.Id).ToListAsync(ct);
    }

    /// <summary>The appeal with its assignments, if the caller may see it; 403 (logged) when it is outside their scope.</summary>
    public async Task<Appeal> LoadAsync(long id, CancellationToken ct)
    {
        var appeal = await db.Appeals.Include(a => a.Assignments).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appeal is not null) return appeal;
        var outside = await db.Appeals.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.AreaPath).FirstOrDefaultAsync(ct);
        if (outside is not null) throw await audit.OutsideScopeAsync(nameof(Appeal), id.ToString(CultureInfo.InvariantCulture), outside, ct);
        throw new NotFoundException($"找不到编号为 {id} 的诉求。");
    }

    /// <summary>True when one of the appeal's open assignments is the caller's (their own or their department's).</summary>
    public async Task<bool> IsAssigneeAsync(Appeal appeal, bool leadOnly, CancellationToken ct)
    {
        if (user.UserId is not { } id) return false;
        var departments = await MyDepartmentsAsync(ct);
        return appeal.Assignments.Any(a => a.EndedAt is null && (!leadOnly || a.IsLead)
            && (a.AssigneeUserId == id || (a.DepartmentId is { } d && departments.Contains(d))));
    }

    /// <summary>
    /// Work on an appeal (start, progress, resolve) belongs to its lead assignee; the owners of the process (community
    /// and centre staff) may record it on the assignee's behalf, e.g. for a property company without an account.
    /// </summary>
    public async Task EnsureCanWorkAsync(Appeal appeal, CancellationToken ct)
    {
        if (HandlesAtTier(appeal) || await IsAssigneeAsync(appeal, leadOnly: true, ct)) return;
        throw new OutsideScopeException($"诉求 {appeal.Number} 当前由“{appeal.CurrentAssignee ?? "未派单"}”承办，不是派给您的，您只能查看。");
    }

    public void EnsureCanHandle(string action)
    {
        if (CanHandle) return;
        throw new OutsideScopeException($"您的角色不能{action}，请联系社区或街道工作人员。");
    }

    /// <summary>The rung an account works at, from its area: district accounts (and the system) at the district, street
    /// accounts at the street, community and grid accounts at the community.</summary>
    public static AppealTier TierOf(string? scopePath) => AreaPaths.Rung(scopePath) switch { 1 => AppealTier.District, 2 => AppealTier.Street, _ => AppealTier.Community };

    /// <summary>
    /// Whether the caller runs this appeal's process: an owner of the process (community, centre, admin) at the tier the
    /// appeal stands at or above. Once the street has an appeal, the community reads it but no longer dispatches, summons
    /// departments, escalates or closes it (小事不出社区、大事不出街道: the tier that has it decides).
    /// </summary>
    public bool HandlesAtTier(Appeal appeal) => HandlesAtTier(appeal.Tier);

    /// <inheritdoc cref="HandlesAtTier(Appeal)"/>
    public bool HandlesAtTier(AppealTier tier) => user.ScopePath is null || (CanHandle && TierOf(user.ScopePath) >= tier);

    /// <summary>Whether the caller may dispatch (or transfer) an appeal in this state at this tier: what bulk dispatch offers a tick box for.</summary>
    public bool CanDispatch(AppealState state, AppealTier tier) => Appeal.CanBeDispatched(state) && HandlesAtTier(tier);

    /// <summary>After <see cref="EnsureCanHandle(string)"/> (the role): the appeal must stand at the caller's tier or below.</summary>
    public void EnsureAtTier(Appeal appeal, string action)
    {
        if (HandlesAtTier(appeal)) return;
        throw new OutsideScopeException($"诉求 {appeal.Number} 已升级至{AppealNames.Of(appeal.Tier)}综治中心办理，{action}由{AppealNames.Of(appeal.Tier)}决定；您可以查看。");
    }

    private IReadOnlySet<int>? _departmentsWithLiaison;

    /// <summary>
    /// Whether the assignee has an account of its own (a grid worker, a department with a liaison): then it signs for
    /// (签收) or reports (报到) itself, and nobody may do it in its name. A property company or a community team without
    /// an account is recorded by the staff who run the appeal.
    /// </summary>
    public async Task<bool> HasOwnAccountAsync(AppealAssignment a, CancellationToken ct)
    {
        if (a.AssigneeUserId is not null) return true;
        if (a.DepartmentId is not { } department) return false;
        _departmentsWithLiaison ??= (await db.Departments.IgnoreQueryFilters().Where(d => d.LiaisonUserId != null).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        return _departmentsWithLiaison.Contains(department);
    }

    /// <summary>Saves the appeal change with its notices in one transaction; a concurrent change by someone else is a 409.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("这条诉求刚被其他人处理过，请刷新页面查看最新状态后再操作。");
        }
    }

    /// <summary>Merged appeals follow their main appeal's outcome (result, follow-up, closing, reopening).</summary>
    public async Task FollowedByMergedAsync(Appeal main, Actor actor, CancellationToken ct)
    {
        var merged = await db.Appeals.IgnoreQueryFilters().Where(a => a.MergedIntoId == main.Id && a.State == AppealState.Merged).ToListAsync(ct);
        foreach (var child in merged)
        {
            child.FollowMain(main, actor, Now);
            if (main.State == AppealState.Resolved)
                await notifier.QueueSmsAsync(child, "appeal-resolved", AppealSmsKeys.Resolved(child.Id, main.ReopenCount),
                    new Dictionary<string, string?> { ["number"] = child.Number, ["result"] = main.Result }, ct);
        }
    }

    /// <summary>Time limit for an escalation or reopening: the appeal's rule, counted from now.</summary>
    public static async Task<TimeLimit> LimitFromNowAsync(TimeLimitPolicy limits, Appeal appeal, DateTimeOffset now, CancellationToken ct) =>
        await limits.ForAsync(appeal.CategoryId, appeal.Urgency, now, ct);
}
