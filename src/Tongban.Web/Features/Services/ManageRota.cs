using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record GenerateRotaRequest(string? Month, int? CommunityId = null, IReadOnlyList<string>? StaffUserIds = null, bool Overwrite = false);

public sealed record RotaAssignmentView(long Id, DateOnly Day, int PostId, string Post, PairRole Role, string Start, string End, bool IsExtended,
    string? Meal, string UserId, string StaffName, bool IsManual);

public sealed record RotaView(string Month, int CommunityId, string Community, IReadOnlyList<RotaPost> Posts, IReadOnlyList<RotaAssignmentView> Assignments,
    IReadOnlyList<RotaConflict> Conflicts, IReadOnlyList<RotaLoad> Loads, double HoursSpread, long ElapsedMilliseconds);

public sealed record EditRotaRequest(string? UserId, bool AcceptConflicts = false);

public sealed record LeaveRequest(string? UserId, DateOnly? From, DateOnly? To, string? Reason, int? CommunityId = null);

public sealed record LeaveView(long Id, string UserId, string StaffName, DateOnly From, DateOnly To, string Reason);

/// <summary>
/// The month's rota of one community: generate it from staff, posts, opening hours and leave; read it with its
/// conflicts and load; edit one line with the conflicts it would cause shown (and refused unless accepted); leave.
/// </summary>
public sealed class ManageRota(AppDbContext db, ServiceDesk desk, AppointmentSlots hours)
{
    /// <summary>Roles that take turns on the desk: window staff, the secretary and grid workers (一岗通办 rotates them all).</summary>
    public static readonly string[] RotaRoles = [Roles.WindowStaff, Roles.CommunityAdmin, Roles.GridWorker];

    public async Task<RotaView> GenerateAsync(GenerateRotaRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Manage, "生成排班");
        var month = ParseMonth(request.Month);
        var community = await CommunityAsync(request.CommunityId, ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var input = await InputAsync(db, hours, community, month, request.StaffUserIds, ct);
        if (input.Staff.Count < 2) throw new ValidationFailedException("staffUserIds", "至少需要2名工作人员才能排AB岗");
        if (input.Posts.Count == 0) throw new DomainException("本社区还没有设置百通岗，请先设置岗位。");
        var (first, last) = Range(month);
        var existing = await db.RotaAssignments().Where(r => r.CommunityId == community.Id && r.Day >= first && r.Day <= last).ToListAsync(ct);
        if (existing.Count > 0 && !request.Overwrite)
            throw new DomainException($"{month:yyyy年M月}已有排班{existing.Count}条（其中手工调整{existing.Count(e => e.IsManual)}条）。确认重新生成并覆盖，请勾选“覆盖已有排班”。");
        var lines = RotaGenerator.Generate(input);
        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.RotaAssignments().RemoveRange(existing);
            db.RotaAssignments().AddRange(lines.Select(l => Row(community, l)));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
        var view = await ViewAsync(community, month, input, ct);
        return view with { ElapsedMilliseconds = watch.ElapsedMilliseconds };
    }

    public async Task<RotaView> GetAsync(string? monthText, int? communityId, CancellationToken ct)
    {
        var month = ParseMonth(monthText);
        var community = await CommunityAsync(communityId, ct);
        return await ViewAsync(community, month, await InputAsync(db, hours, community, month, null, ct), ct);
    }

    public async Task<RotaView> EditAsync(long id, EditRotaRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Manage, "调整排班");
        var line = await db.RotaAssignments().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("找不到该排班，或不在您的管辖范围内。");
        var community = await db.Areas.AsNoTracking().FirstAsync(a => a.Id == line.CommunityId, ct);
        var month = new DateOnly(line.Day.Year, line.Day.Month, 1);
        var input = await InputAsync(db, hours, community, month, null, ct);
        var person = input.Staff.FirstOrDefault(s => s.UserId == request.UserId)
            ?? throw new ValidationFailedException("userId", "请选择本社区参与轮岗的工作人员");
        var before = RotaGenerator.Check(input, await LinesAsync(community.Id, month, ct)).Where(c => c.Day == line.Day).Select(c => c.Message).ToHashSet();
        line.UserId = person.UserId;
        line.StaffName = person.Name;
        line.IsManual = true;
        var after = RotaGenerator.Check(input, await LinesAsync(community.Id, month, ct, line)).Where(c => c.Day == line.Day).Select(c => c.Message).ToList();
        var added = after.Where(c => !before.Contains(c)).ToList();
        if (added.Count > 0 && !request.AcceptConflicts)
            throw new ValidationFailedException("userId", $"这样调整会产生冲突：{string.Join("；", added)}。未保存；如确需这样安排，请勾选“接受冲突”后再保存。");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(community, month, input, ct);
    }

    public async Task<LeaveView> AddLeaveAsync(LeaveRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Manage, "登记请假");
        var v = new Validation();
        v.Require(request.From is not null, "from", "请填写开始日期");
        v.Require(request.To is not null, "to", "请填写结束日期");
        v.Require(request.From is null || request.To is null || request.To >= request.From, "to", "结束日期不能早于开始日期");
        v.Require(request.From is null || request.To is null || request.To.Value.DayNumber - request.From.Value.DayNumber <= 90, "to", "一次请假不超过90天");
        v.Require((request.Reason?.Length ?? 0) <= 200, "reason", "事由不能超过200字");
        v.ThrowIfInvalid();
        var community = await CommunityAsync(request.CommunityId, ct);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId && u.AreaPath.StartsWith(community.AreaPath))
            .Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct)
            ?? throw new ValidationFailedException("userId", "请选择本社区的工作人员");
        var leave = new StaffLeave
        {
            CommunityId = community.Id, AreaPath = community.AreaPath, UserId = person.Id, StaffName = person.DisplayName,
            From = request.From!.Value, To = request.To!.Value, Reason = request.Reason?.Trim() ?? "",
        };
        db.StaffLeaves().Add(leave);
        await db.SaveChangesAsync(ct);
        return new LeaveView(leave.Id, leave.UserId, leave.StaffName, leave.From, leave.To, leave.Reason);
    }

    public async Task<IReadOnlyList<LeaveView>> LeavesAsync(string? monthText, int? communityId, CancellationToken ct)
    {
        var month = ParseMonth(monthText);
        var community = await CommunityAsync(communityId, ct);
        var (first, last) = Range(month);
        return await db.StaffLeaves().AsNoTracking().Where(l => l.CommunityId == community.Id && l.From <= last && l.To >= first).OrderBy(l => l.From)
            .Select(l => new LeaveView(l.Id, l.UserId, l.StaffName, l.From, l.To, l.Reason)).ToListAsync(ct);
    }

    /// <summary>A generated line as the row it is kept in.</summary>
    public static RotaAssignment Row(Area community, RotaLine l) => new()
    {
        CommunityId = community.Id, AreaPath = community.AreaPath, Day = l.Day, PostId = l.PostId, Role = l.Role, Start = l.Start, End = l.End,
        IsExtended = l.IsExtended, MealStart = l.MealStart, MealEnd = l.MealEnd, UserId = l.UserId, StaffName = l.StaffName,
    };

    /// <summary>Who takes turns, on which posts, in which opening hours and leave, for one community's month.</summary>
    public static async Task<RotaInput> InputAsync(AppDbContext db, AppointmentSlots hours, Area community, DateOnly month, IReadOnlyList<string>? staffIds,
        CancellationToken ct)
    {
        var staff = await (from u in db.Users.AsNoTracking()
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.AreaPath.StartsWith(community.AreaPath) && RotaRoles.Contains(r.Name!)
                           select new { u.Id, u.DisplayName, u.UserName }).Distinct().ToListAsync(ct);
        var pool = staff.Where(s => staffIds is null || staffIds.Contains(s.Id)).OrderBy(s => s.UserName, StringComparer.Ordinal)
            .Select(s => new RotaStaff(s.Id, s.DisplayName)).ToList();
        var posts = await db.ServicePosts().AsNoTracking().Where(p => p.CommunityId == community.Id).OrderBy(p => p.Order)
            .Select(p => new RotaPost(p.Id, p.Order, p.Name)).ToListAsync(ct);
        var periods = await hours.PeriodsAsync(community.Id, ct);
        var (first, last) = Range(month);
        var rotaPeriods = new List<RotaPeriod>();
        for (var d = first; d <= last; d = d.AddDays(1))
            rotaPeriods.AddRange(hours.PeriodsOn(periods, d).Select(p => new RotaPeriod(d, p.Start, p.End, p.IsExtended, p.PostsOpen)));
        var leaves = await db.StaffLeaves().AsNoTracking().Where(l => l.CommunityId == community.Id && l.From <= last && l.To >= first).ToListAsync(ct);
        var leaveDays = new HashSet<(string, DateOnly)>();
        foreach (var l in leaves)
            for (var d = l.From; d <= l.To; d = d.AddDays(1)) leaveDays.Add((l.UserId, d));
        return new RotaInput(pool, posts, rotaPeriods, leaveDays);
    }

    private async Task<RotaView> ViewAsync(Area community, DateOnly month, RotaInput input, CancellationToken ct)
    {
        var (first, last) = Range(month);
        var rows = await db.RotaAssignments().AsNoTracking().Where(r => r.CommunityId == community.Id && r.Day >= first && r.Day <= last)
            .OrderBy(r => r.Day).ThenBy(r => r.Start).ThenBy(r => r.PostId).ThenBy(r => r.Role).ToListAsync(ct);
        var lines = rows.Select(ToLine).ToList();
        var loads = RotaGenerator.Loads(input, lines);
        var postNames = input.Posts.ToDictionary(p => p.Id, p => p.Name);
        var spread = loads.Count == 0 ? 0 : loads.Max(l => l.Hours) - loads.Min(l => l.Hours);
        return new RotaView($"{month:yyyy-MM}", community.Id, community.Name, input.Posts,
            [.. rows.Select(r => new RotaAssignmentView(r.Id, r.Day, r.PostId, postNames.GetValueOrDefault(r.PostId, ""), r.Role, $"{r.Start:HH\\:mm}", $"{r.End:HH\\:mm}",
                r.IsExtended, r.MealStart is { } ms ? $"{ms:HH\\:mm}-{r.MealEnd:HH\\:mm}" : null, r.UserId, r.StaffName, r.IsManual))],
            RotaGenerator.Check(input, lines), loads, Math.Round(spread, 1), 0);
    }

    private async Task<List<RotaLine>> LinesAsync(int communityId, DateOnly month, CancellationToken ct, RotaAssignment? changed = null)
    {
        var (first, last) = Range(month);
        var rows = await db.RotaAssignments().AsNoTracking().Where(r => r.CommunityId == communityId && r.Day >= first && r.Day <= last).ToListAsync(ct);
        return [.. rows.Select(r => changed is not null && r.Id == changed.Id ? ToLine(changed) : ToLine(r))];
    }

    private static RotaLine ToLine(RotaAssignment r) => new(r.Day, r.PostId, r.Role, r.Start, r.End, r.IsExtended, r.MealStart, r.MealEnd, r.UserId, r.StaffName);

    private async Task<Area> CommunityAsync(int? communityId, CancellationToken ct) => await desk.CommunityAsync(await desk.StaffAsync(ct), communityId, ct);

    private static (DateOnly First, DateOnly Last) Range(DateOnly month) => (month, month.AddMonths(1).AddDays(-1));

    private DateOnly ParseMonth(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new DateOnly(desk.Today.Year, desk.Today.Month, 1);
        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var m))
            return m;
        throw new ValidationFailedException("month", "月份格式应为 yyyy-MM，如 2026-12");
    }
}
