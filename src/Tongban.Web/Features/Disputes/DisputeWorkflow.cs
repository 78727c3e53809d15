using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// What every dispute action shares: the acting person, which cases the caller may see, loading one case (a logged 403
/// outside the scope), the "is this your case" rule, and saving the change with its notices in one transaction.
/// </summary>
public sealed class DisputeWorkflow(AppDbContext db, ICurrentUser user, AuditLog audit, TimeProvider clock, WorkingCalendar calendar,
    Microsoft.Extensions.Options.IOptions<DisputeOptions> options)
{
    public static readonly DisputeActor System = new(null, "系统", "通办系统");

    private DisputeActor? _actor;

    public AppDbContext Db => db;
    public ICurrentUser User => user;
    public WorkingCalendar Calendar => calendar;
    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => clock.Today();
    public IQueryable<DisputeCase> Cases => db.Set<DisputeCase>();

    public async Task<DisputeActor> ActorAsync(CancellationToken ct)
    {
        if (_actor is not null) return _actor;
        if (user.UserId is not { } id) return _actor = System;
        var staff = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.DisplayName, u.UserName, u.AreaId }).FirstOrDefaultAsync(ct);
        var department = await db.Departments.IgnoreQueryFilters().AsNoTracking().Where(d => d.LiaisonUserId == id).Select(d => d.Name).FirstOrDefaultAsync(ct);
        var area = staff is null ? null : await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == staff.AreaId).Select(a => a.Name).FirstOrDefaultAsync(ct);
        var name = string.IsNullOrWhiteSpace(staff?.DisplayName) ? staff?.UserName ?? user.UserName : staff.DisplayName;
        return _actor = new DisputeActor(id, name, department ?? area ?? "");
    }

    public bool SeesWholeArea => user.ScopePath is null || DisputePermissions.SeeWholeArea.Any(user.IsInRole);

    /// <summary>
    /// The cases the caller may see. The area filter already applies; mediators, grid workers and department liaisons see
    /// only the cases they mediate (or mediated), registered, or were summoned to; the police station's liaison also
    /// sees the high-risk cases the police were alerted to (公安联动), which their alert links to.
    /// </summary>
    public async Task<IQueryable<DisputeCase>> VisibleAsync(CancellationToken ct)
    {
        if (SeesWholeArea) return Cases;
        var id = user.UserId ?? "~";
        var departments = await MyDepartmentsAsync(ct);
        var police = departments.Count > 0 ? await PoliceStationAsync(ct) : null;
        var alerted = police is not null && departments.Contains(police.Id);
        // A mediator keeps reading a case after handing it up a tier, unless they stepped aside for a conflict of interest.
        return Cases.Where(c => c.RegisteredByUserId == id || (c.Mediators.Any(m => m.UserId == id) && !c.Conflicts.Any(x => x.UserId == id))
            || c.Summonses.Any(s => departments.Contains(s.DepartmentId))
            || (alerted && c.Alerts.Any(a => a.Channel == DisputeAlert.PoliceChannel)));
    }

    private IReadOnlyList<int>? _departments;

    /// <summary>The departments whose liaison is the caller: their summonses are theirs to 报到 for, and their cases theirs to read.</summary>
    public async Task<IReadOnlyList<int>> MyDepartmentsAsync(CancellationToken ct) =>
        _departments ??= user.UserId is { } me
            ? await db.Departments.IgnoreQueryFilters().Where(d => d.LiaisonUserId == me).Select(d => d.Id).ToListAsync(ct)
            : [];

    /// <summary>A department without a liaison account, whose 报到 the centre records for it.</summary>
    public Task<bool> HasNoLiaisonAsync(int departmentId, CancellationToken ct) =>
        db.Departments.IgnoreQueryFilters().AnyAsync(d => d.Id == departmentId && d.LiaisonUserId == null, ct);

    /// <summary>The police station high-risk cases are reported to: the first active department whose name has the configured word.</summary>
    public Task<PoliceStation?> PoliceStationAsync(CancellationToken ct) =>
        db.Departments.IgnoreQueryFilters().Where(d => d.IsActive && d.Name.Contains(options.Value.PoliceDepartmentName)).OrderBy(d => d.Id)
            .Select(d => new PoliceStation(d.Id, d.Name, d.LiaisonUserId, d.Contact)).FirstOrDefaultAsync(ct);

    /// <summary>The case with everything on it, if the caller may see it; a 403 (logged) otherwise.</summary>
    public async Task<DisputeCase> LoadAsync(long id, CancellationToken ct)
    {
        var found = await (await VisibleAsync(ct)).Where(c => c.Id == id)
            .Include(c => c.Parties).Include(c => c.Events).Include(c => c.Mediators).Include(c => c.Conflicts).Include(c => c.Sessions)
            .Include(c => c.Agreement).Include(c => c.Visits).Include(c => c.Extensions).Include(c => c.Summonses).Include(c => c.Alerts)
            .Include(c => c.Attachments).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (found is not null) return found;
        var outside = await db.Set<DisputeCase>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.AreaPath).FirstOrDefaultAsync(ct);
        if (outside is null) throw new NotFoundException($"找不到编号为 {id} 的调解案件。");
        if (await Cases.AnyAsync(c => c.Id == id, ct)) throw new OutsideScopeException("这件调解案件不是由您承办的，您不能查看或办理。");
        throw await audit.OutsideScopeAsync(nameof(DisputeCase), id.ToString(CultureInfo.InvariantCulture), outside, ct);
    }

    /// <summary>The rung an account works at, from its area: district accounts (and the system) at the district, street
    /// accounts at the street, community and grid accounts at the community.</summary>
    public static MediationTier TierOf(string? scopePath) => AreaPaths.Rung(scopePath) switch { 1 => MediationTier.District, 2 => MediationTier.Street, _ => MediationTier.Community };

    /// <summary>Whether the caller works at the rung that owns the case or above (a street case is not the community's to decide).</summary>
    public bool AtCaseTier(DisputeCase c) => TierOf(user.ScopePath) >= c.OwningTier;

    /// <summary>Assessing, choosing mediators and escalating are decisions of the rung that owns the case.</summary>
    public void EnsureAtCaseTier(DisputeCase c, string action)
    {
        if (AtCaseTier(c)) return;
        throw new OutsideScopeException($"案件 {c.Number} 已由{c.TierName}承办，{action}由{DisputeNames.Of(c.OwningTier)}决定；您可以查看，不能办理。");
    }

    /// <summary>
    /// Mediation work belongs to the case's mediators; managers (secretary, centre, admin) may record it for them at the
    /// rung that owns the case or above. A community secretary does not act on a case the street has taken over.
    /// </summary>
    public bool MayMediate(DisputeCase c)
    {
        if (user.ScopePath is null) return true;
        if (user.UserId is { } id && c.Mediators.Any(m => m.UserId == id && m.EndedAt is null)) return true;
        return (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.CommunityAdmin) || user.IsInRole(Roles.Centre)) && AtCaseTier(c);
    }

    public void EnsureCanMediate(DisputeCase c)
    {
        if (MayMediate(c)) return;
        if (!AtCaseTier(c)) EnsureAtCaseTier(c, "调解工作");
        throw new OutsideScopeException($"案件 {c.Number} 的主办调解员是{c.LeadMediatorName ?? "（尚未指派）"}，您不是本案调解员，只能查看。");
    }

    public void EnsureCan(string permission, string action)
    {
        if (DisputePermissions.Has(user, permission)) return;
        throw new OutsideScopeException($"您的角色不能{action}。");
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("这件案件刚被其他人处理过，请刷新页面查看最新状态后再操作。");
        }
    }

    /// <summary>Notices to these users under one key each; a retried action writes none twice.</summary>
    public async Task NotifyAsync(IEnumerable<string?> userIds, string text, long caseId, string key, CancellationToken ct)
    {
        var wanted = userIds.Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).Distinct().ToDictionary(u => $"{key}:{u}", u => u);
        if (wanted.Count == 0) return;
        var keys = wanted.Keys.ToList();
        var existing = await db.Notifications.Where(n => n.Key != null && keys.Contains(n.Key)).Select(n => n.Key!).ToListAsync(ct);
        var pending = db.ChangeTracker.Entries<Appeals.Notification>().Select(e => e.Entity.Key).Where(k => k != null).Select(k => k!);
        var skip = existing.Concat(pending).ToHashSet();
        foreach (var (k, userId) in wanted)
        {
            if (skip.Contains(k)) continue;
            db.Notifications.Add(new Appeals.Notification { UserId = userId, Text = text.Length > 500 ? text[..499] + "…" : text, Link = $"/Disputes/{caseId}", Key = k, CreatedAt = Now });
        }
    }

    /// <summary>Accounts in these roles whose area covers the path (street or district centre above a case).</summary>
    public async Task<List<string>> UsersAboveAsync(string areaPath, string[] roles, CancellationToken ct)
    {
        var candidates = await (from u in db.Users
                                join ur in db.UserRoles on u.Id equals ur.UserId
                                join r in db.Roles on ur.RoleId equals r.Id
                                where roles.Contains(r.Name!)
                                select new { u.Id, u.AreaPath }).ToListAsync(ct);
        return candidates.Where(u => u.AreaPath.Length > 0 && areaPath.StartsWith(u.AreaPath, StringComparison.Ordinal)).Select(u => u.Id).Distinct().ToList();
    }
}

public sealed record PoliceStation(int Id, string Name, string? LiaisonUserId, string? Contact);
