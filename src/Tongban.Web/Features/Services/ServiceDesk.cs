using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>The staff member acting at the desk.</summary>
public sealed record DeskStaff(string UserId, string Name, string AreaPath);

/// <summary>What every application use case needs: who acts, the time, the calendar, loading and saving one application.</summary>
public sealed class ServiceDesk(AppDbContext db, ICurrentUser user, TimeProvider clock, WorkingCalendar calendar, Accounts.AuditLog audit,
    Microsoft.Extensions.Options.IOptions<ServicesOptions> options)
{
    public AppDbContext Db => db;
    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => clock.Today();
    public WorkingCalendar Calendar => calendar;

    /// <summary>Refuses the change unless the caller's roles carry the right (see <see cref="ServicePermissions.Ensure"/>).</summary>
    public void Ensure(string permission, string action) => ServicePermissions.Ensure(user, permission, action);

    public async Task<DeskStaff> StaffAsync(CancellationToken ct)
    {
        if (user.UserId is not { } id) throw new DomainException("请先登录。");
        var staff = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new DeskStaff(u.Id, u.DisplayName, u.AreaPath)).FirstOrDefaultAsync(ct);
        return staff ?? throw new DomainException("找不到当前工作人员的账户。");
    }

    /// <summary>The promised date: N working days after today (0: today).</summary>
    public DateOnly PromisedOn(int workingDays) => workingDays == 0 ? Today : calendar.AddWorkingDays(Today, workingDays);

    /// <summary>补正期限 of materials told missing on <paramref name="noticeDay"/> (today when not given), in working days.</summary>
    public DateOnly MaterialsDueOn(DateOnly? noticeDay = null) =>
        calendar.AddWorkingDays(noticeDay ?? Today, options.Value.MaterialsDays);

    /// <summary>
    /// An application's 补正期限: the one kept on it, or for one told before it was kept, counted from its last notice
    /// (needs its events loaded).
    /// </summary>
    public DateOnly MaterialsDueOf(ServiceApplication application) =>
        application.MaterialsDueOn ?? MaterialsDueOn(application.LastNoticeDay());

    public async Task<ServiceApplication> LoadAsync(long id, CancellationToken ct)
    {
        var application = await db.ServiceApplications().Include(a => a.Materials).Include(a => a.Events)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is not null) return application;
        var outside = await db.ServiceApplications().IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.AreaPath).FirstOrDefaultAsync(ct);
        if (outside is not null)
            throw await audit.OutsideScopeAsync("ServiceApplication", id.ToString(System.Globalization.CultureInfo.InvariantCulture), outside, ct);
        throw new NotFoundException("找不到该办件。");
    }

    public async Task<ServiceItemVersion> VersionAsync(ServiceApplication application, CancellationToken ct) =>
        await db.ServiceItemVersions().AsNoTracking().Include(v => v.Materials).FirstAsync(v => v.Id == application.ServiceItemVersionId, ct);

    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该办件刚被其他人更新，请刷新后再操作；您这次的操作没有保存。");
        }
    }

    /// <summary>The community a staff member works in: their own (or their grid's), or the one they chose if they cover several.</summary>
    public async Task<Area> CommunityAsync(DeskStaff staff, int? communityId, CancellationToken ct)
    {
        if (communityId is { } cid)
        {
            // Past the filter, since a grid worker's own community lies above their grid; then it must be theirs or under them.
            var chosen = await db.Areas.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == cid && a.Level == AreaLevel.Community, ct);
            return chosen is not null && (AreaPaths.Contains(staff.AreaPath, chosen.AreaPath) || AreaPaths.Contains(chosen.AreaPath, staff.AreaPath))
                ? chosen
                : throw new ValidationFailedException("communityId", "找不到该社区，或不在您的管辖范围内");
        }
        var segments = staff.AreaPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3) throw new ValidationFailedException("communityId", "您的账户覆盖多个社区，请选择办件所属社区");
        var path = string.Join('/', segments.Take(3)) + "/";
        // A grid worker's account covers only the grid, so the community above it is outside the area filter; it is
        // still the community they work in (its rota, skills and leave are theirs too).
        return await db.Areas.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.AreaPath == path && a.Level == AreaLevel.Community, ct)
            ?? throw new ValidationFailedException("communityId", "您的账户没有所属社区，请联系系统管理员设置管辖区域");
    }
}
