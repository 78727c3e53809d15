using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record CloseDayRequest(DateOnly? Day, int? CommunityId = null);

public sealed record DailyCloseLine(string Item, string Outcome, int Count);

/// <param name="MaterialsDueOn">补正期限 of materials told missing, while they are awaited (absent in closes before session 18).</param>
public sealed record CarriedOver(long Id, string Number, string Item, string State, string Owner, DateOnly? PromisedOn, DateOnly? MaterialsDueOn = null);

/// <summary>An application received after the close of the day it was received on, counted by this close (补计).</summary>
public sealed record LateApplication(long Id, string Number, string Item, DateTimeOffset ReceivedAt, string Owner);

/// <summary>An application whose handling was ended (终止办理), archived by this close among the finished ones.</summary>
public sealed record TerminatedApplication(long Id, string Number, string Item, string Reason, string Owner);

/// <param name="Late">
/// Among those counted: the applications received after their own day had been closed (a home visit recorded in the
/// evening after the close), which no earlier close could count. Empty (or absent, in closes made before it existed)
/// when there were none.
/// </param>
/// <param name="Unclosed">
/// Among those counted: the applications of days nobody closed that have passed the last day a close could be made up
/// (<see cref="CloseDay.MaxDaysBack"/>), which no close of their own can count any more. Empty or absent when none.
/// </param>
/// <param name="Terminated">
/// Among those archived (finished): the ones ended by 终止办理 rather than done, so the finished count is not read as
/// all done. Empty or absent (closes made before session 18) when none.
/// </param>
public sealed record DailyCloseLines(IReadOnlyList<DailyCloseLine> ByItemAndOutcome, IReadOnlyList<CarriedOver> Open,
    IReadOnlyList<LateApplication>? Late = null, IReadOnlyList<LateApplication>? Unclosed = null, IReadOnlyList<TerminatedApplication>? Terminated = null);

/// <summary>A past day that may still be closed (made up): its date and how many applications it holds not yet counted.</summary>
public sealed record UnclosedDay(DateOnly Day, int Waiting);

public sealed record DailyCloseView(long Id, DateOnly Day, string Community, DateTimeOffset ClosedAt, string ClosedBy, int Received, int Finished, int CarriedOver,
    int Defects, int SecondTrips, double? AverageWindowMinutes, DailyCloseLines Lines);

/// <summary>
/// 日结: archives one community's day. The day's applications are counted by item and outcome, those finished are
/// stamped as archived, and every application still open (from any day) is listed as carried over. Once per day.
/// Today closes only once its last opening period has ended; a day that was not closed can be closed later, up to
/// <see cref="MaxDaysBack"/> days back and not before the community's first application.
/// Every application is counted as received by exactly one close (<see cref="ServiceApplication.TalliedOn"/>): its own
/// day's, or, when it was received after its day had been closed (a home visit recorded at 21:00 after the close),
/// the next close of the same community, which lists it apart as received after the last close. A closed day is never
/// reopened: its figures were read and archived as they stood, like a till's daily tally, and the late application
/// shows with its real time in the next one instead of changing a total already reported.
/// </summary>
public sealed class CloseDay(AppDbContext db, ServiceDesk desk, AppointmentSlots hours)
{
    /// <summary>How far back a missed close may be made up: a month covers a long holiday and the monthly figures.</summary>
    public const int MaxDaysBack = 31;

    /// <summary>How many times a close is tried when another close took some of its applications first.</summary>
    private const int Attempts = 3;

    public async Task<DailyCloseView> HandleAsync(CloseDayRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "日结");
        var staff = await desk.StaffAsync(ct);
        var community = await desk.CommunityAsync(staff, request.CommunityId, ct);
        var day = request.Day ?? desk.Today;
        await EnsureClosableAsync(community.Id, community.Name, day, ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CloseAsync(staff, community, day, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Another close (of another day: the late and the swept applications are every close's to take) counted
                // or archived some of the same applications first; their row versions refused this one, nothing of it
                // was saved. Read again: those are now counted and are left to the close that took them.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new DomainException($"{community.Name}的另一次日结正在计入同一批办件，本次日结没有保存；请稍后再试。");
            }
        }
    }

    private async Task<DailyCloseView> CloseAsync(DeskStaff staff, Places.Area community, DateOnly day, CancellationToken ct)
    {
        if (await db.DailyCloses().AnyAsync(d => d.CommunityId == community.Id && d.Day == day, ct))
            throw AlreadyClosed(community.Name, day);
        var to = AppointmentSlots.Utc(day, TimeOnly.MinValue).AddDays(1);
        var sweptBefore = desk.Today.AddDays(-MaxDaysBack);
        var (counted, late, unclosed) = await ToCountAsync(community.Id, day, sweptBefore, ct);
        // Each is claimed through its row version: a close that read it at the same time cannot save it as counted too.
        // One another close counted since it was read above is left to that close.
        var tallied = await db.ServiceApplications().Where(a => counted.Contains(a.Id) && a.TalliedOn == null).Include(a => a.ItemVersion).ToListAsync(ct);
        foreach (var a in tallied) a.Tally(day);
        var received = tallied.Select(a => new { a.Id, a.Number, Item = a.ItemVersion!.Name, a.Outcome, a.State, a.ReceivedAt, a.DecidedAt, a.HasDefect, a.Trips, a.OwnerName })
            .OrderBy(a => a.ReceivedAt).ToList();
        var finished = await db.ServiceApplications().Where(a => a.CommunityId == community.Id && a.ArchivedOn == null && a.CompletedAt != null && a.CompletedAt < to)
            .Include(a => a.ItemVersion).ToListAsync(ct);
        // An open application is never archived: the condition lets the close read the unarchived index, not the history.
        var open = await db.ServiceApplications().AsNoTracking()
            .Where(a => a.CommunityId == community.Id && a.ArchivedOn == null && a.ReceivedAt < to
                && !ServiceApplication.EndStates.Contains(a.State))
            .OrderBy(a => a.ReceivedAt)
            .Select(a => new { a.Id, a.Number, Item = a.ItemVersion!.Name, a.State, a.OwnerName, a.PromisedOn,
                MaterialsDueOn = a.State == ApplicationState.AwaitingMaterials ? a.MaterialsDueOn : null }).ToListAsync(ct);
        foreach (var a in finished) a.Archive(day);

        var lines = new DailyCloseLines(
            [.. received.GroupBy(a => (a.Item, Outcome: ApplicationTexts.Outcome(a.Outcome))).OrderBy(g => g.Key.Item, ChineseText.PinyinComparer)
                .Select(g => new DailyCloseLine(g.Key.Item, g.Key.Outcome, g.Count()))],
            [.. open.Select(a => new CarriedOver(a.Id, a.Number, a.Item, ApplicationTexts.State(a.State), a.OwnerName, a.PromisedOn, a.MaterialsDueOn))],
            [.. received.Where(a => late.Contains(a.Id)).Select(a => new LateApplication(a.Id, a.Number, a.Item, a.ReceivedAt, a.OwnerName))],
            [.. received.Where(a => unclosed.Contains(a.Id)).Select(a => new LateApplication(a.Id, a.Number, a.Item, a.ReceivedAt, a.OwnerName))],
            [.. finished.Where(a => a.State == ApplicationState.Terminated).OrderBy(a => a.CompletedAt)
                .Select(a => new TerminatedApplication(a.Id, a.Number, a.ItemVersion!.Name, a.TerminationReason ?? "", a.OwnerName))]);
        var decided = received.Where(a => a.DecidedAt is not null).ToList();
        var close = new DailyClose
        {
            CommunityId = community.Id, AreaPath = community.AreaPath, Day = day, ClosedAt = desk.Now, ClosedBy = staff.Name,
            Received = received.Count, Finished = finished.Count, CarriedOver = open.Count, Defects = received.Count(a => a.HasDefect),
            SecondTrips = received.Count(a => a.Trips > 1),
            AverageWindowMinutes = decided.Count == 0 ? null : Math.Round(decided.Average(a => (a.DecidedAt!.Value - a.ReceivedAt).TotalMinutes), 1),
            SweptBefore = sweptBefore,
            LinesJson = JsonSerializer.Serialize(lines),
        };
        db.DailyCloses().Add(close);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two closes of the same day at once: the unique key let one in, the other is told so (nothing of it was saved).
            db.ChangeTracker.Clear();
            if (await db.DailyCloses().AnyAsync(d => d.CommunityId == community.Id && d.Day == day, ct)) throw AlreadyClosed(community.Name, day);
            throw;
        }
        return ToView(close, community.Name);
    }

    /// <summary>
    /// The applications this close counts as received: those received on the day, those received after the close of
    /// the community's last closed day before it (late), and those of days nobody closed that can no longer be made up
    /// (unclosed), all not yet counted by any close. Only that last closed day can hold late ones: any close of a later
    /// day counts every late one before it, so one from an older day was counted already. Applications of a day not
    /// closed wait for that day's own (made-up) close while it may still be made; the first close after the day passes
    /// <see cref="MaxDaysBack"/> counts them, so none is left out. Every read is a range of days on (CommunityId,
    /// ReceivedAt), however long the community's history: the day, the last closed day, and the days that passed the
    /// limit since the community's closes last swept (<see cref="PastLimitAsync"/>). Applications of the last closed day from before
    /// <see cref="ServiceApplication.TalliedOn"/> was kept, which its close counted (received before it was made), are
    /// marked as counted by it; older ones are left as their closes left them, never read again.
    /// </summary>
    private async Task<(List<long> Counted, HashSet<long> Late, HashSet<long> Unclosed)> ToCountAsync(int communityId, DateOnly day, DateOnly sweepBefore,
        CancellationToken ct)
    {
        var counted = await UncountedAsync(communityId, day, day.AddDays(1), ct);
        var unclosed = await PastLimitAsync(communityId, sweepBefore, ct);
        var last = await db.DailyCloses().Where(d => d.CommunityId == communityId && d.Day < day).OrderByDescending(d => d.Day)
            .Select(d => new { d.Day, d.ClosedAt }).FirstOrDefaultAsync(ct);
        if (last is null) return ([.. counted.Select(a => a.Id), .. unclosed], [], unclosed);
        var earlier = await UncountedAsync(communityId, last.Day, last.Day.AddDays(1), ct);
        var late = earlier.Where(a => a.ReceivedAt >= last.ClosedAt).Select(a => a.Id).ToHashSet();
        // A fact about a close already made, true whether or not this close is saved: written at once.
        foreach (var chunk in earlier.Where(a => a.ReceivedAt < last.ClosedAt).Select(a => a.Id).Chunk(500))
            await db.ServiceApplications().Where(a => chunk.Contains(a.Id) && a.TalliedOn == null).ExecuteUpdateAsync(u => u.SetProperty(a => a.TalliedOn, last.Day), ct);
        return ([.. counted.Select(a => a.Id), .. late, .. unclosed.Where(id => !late.Contains(id))], late, unclosed);
    }

    /// <summary>
    /// The not-yet-counted applications of days never closed that have passed the last day a close could be made up
    /// (<paramref name="before"/>), from where the community's closes have swept (<see cref="DailyClose.SweptBefore"/>):
    /// a close that swept took every such day before its limit. Closes made before they swept (and before they said
    /// how far) leave it empty, so a community with none that swept is read from its first day, once: until session
    /// 18 the sweep started a month before the previous close, and a day that had passed the limit before a close that
    /// did not sweep was counted by no close. Days with a close are left to it and to the late rule.
    /// </summary>
    private async Task<HashSet<long>> PastLimitAsync(int communityId, DateOnly before, CancellationToken ct)
    {
        var from = await db.DailyCloses().Where(d => d.CommunityId == communityId).MaxAsync(d => d.SweptBefore, ct);
        if (from >= before) return [];
        var rows = await UncountedAsync(communityId, from, before, ct);
        if (rows.Count == 0) return [];
        var days = rows.Select(r => r.ReceivedAt.ShanghaiDay()).ToHashSet();
        var closed = await db.DailyCloses().Where(d => d.CommunityId == communityId && days.Contains(d.Day)).Select(d => d.Day).ToListAsync(ct);
        return [.. rows.Where(r => !closed.Contains(r.ReceivedAt.ShanghaiDay())).Select(r => r.Id)];
    }

    /// <summary>
    /// The past days still closable that were not closed, latest first, with the applications waiting for their close:
    /// the close page offers them and names those with applications, so that a forgotten day is made up while it can be
    /// (after that its applications are counted by the next close).
    /// </summary>
    public async Task<IReadOnlyList<UnclosedDay>> UnclosedDaysAsync(CancellationToken ct)
    {
        var staff = await desk.StaffAsync(ct);
        var community = await desk.CommunityAsync(staff, null, ct);
        var today = desk.Today;
        var rows = await UncountedAsync(community.Id, today.AddDays(-MaxDaysBack), today, ct);
        var closed = await db.DailyCloses().Where(d => d.CommunityId == community.Id && d.Day >= today.AddDays(-MaxDaysBack) && d.Day < today)
            .Select(d => d.Day).ToListAsync(ct);
        var waiting = rows.GroupBy(r => r.ReceivedAt.ShanghaiDay()).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enumerable.Range(1, MaxDaysBack).Select(n => today.AddDays(-n)).Where(d => !closed.Contains(d))
            .Select(d => new UnclosedDay(d, waiting.GetValueOrDefault(d)))];
    }

    /// <summary>Not-yet-counted applications received on the days from <paramref name="fromDay"/> (null: the first) to before <paramref name="toDay"/>.</summary>
    private async Task<List<(long Id, DateTimeOffset ReceivedAt)>> UncountedAsync(int communityId, DateOnly? fromDay, DateOnly toDay, CancellationToken ct)
    {
        var to = AppointmentSlots.Utc(toDay, TimeOnly.MinValue);
        var query = db.ServiceApplications().Where(a => a.CommunityId == communityId && a.ReceivedAt < to && a.TalliedOn == null);
        if (fromDay is { } f)
        {
            var from = AppointmentSlots.Utc(f, TimeOnly.MinValue);
            query = query.Where(a => a.ReceivedAt >= from);
        }
        var rows = await query.Select(a => new { a.Id, a.ReceivedAt }).ToListAsync(ct);
        return [.. rows.Select(a => (a.Id, a.ReceivedAt))];
    }

    /// <summary>
    /// Refuses a day in the future, more than <see cref="MaxDaysBack"/> days back or before the community's first
    /// application (422), and today while the desk is still open by the community's hours (409).
    /// </summary>
    private async Task EnsureClosableAsync(int communityId, string communityName, DateOnly day, CancellationToken ct)
    {
        var today = desk.Today;
        if (day > today) throw new ValidationFailedException("day", "不能对未来的日期日结");
        if (day < today)
        {
            var earliest = today.AddDays(-MaxDaysBack);
            if (day < earliest)
                throw new ValidationFailedException("day", $"只能补日结最近{MaxDaysBack}天（{earliest:yyyy年M月d日}及以后）的日子");
            var first = await db.ServiceApplications().IgnoreQueryFilters().Where(a => a.CommunityId == communityId)
                .OrderBy(a => a.ReceivedAt).Select(a => (DateTimeOffset?)a.ReceivedAt).FirstOrDefaultAsync(ct);
            if (first is null)
                throw new ValidationFailedException("day", $"{communityName}还没有接待过办件，只能日结今天");
            var firstDay = first.Value.ShanghaiDay();
            if (day < firstDay)
                throw new ValidationFailedException("day", $"{communityName}的第一件办件是{firstDay:yyyy年M月d日}接待的，此前没有可日结的办件");
            return;
        }
        var periods = hours.PeriodsOn(await hours.PeriodsAsync(communityId, ct), day).ToList();
        if (periods.Count == 0) return; // closed today (weekend, holiday): nobody is received at the desk
        var ends = periods.Max(p => p.End);
        if (TimeOnly.FromDateTime(desk.Now.ToShanghai().DateTime) < ends)
            throw new DomainException($"今天的办公时间到{ends:HH\\:mm}结束，请下班后再日结，以免之后接待的办件漏掉；当天忘了日结的，之后可以补日结。");
    }

    private static DomainException AlreadyClosed(string community, DateOnly day) => new($"{community}{day:yyyy年M月d日}已经日结，不能重复日结。");

    public async Task<IReadOnlyList<DailyCloseView>> ListAsync(int take, CancellationToken ct)
    {
        var rows = await db.DailyCloses().AsNoTracking().OrderByDescending(d => d.Day).Take(Math.Clamp(take, 1, 100)).ToListAsync(ct);
        var names = await db.Areas.AsNoTracking().Where(a => rows.Select(r => r.CommunityId).Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return [.. rows.Select(r => ToView(r, names.GetValueOrDefault(r.CommunityId, "")))];
    }

    private static DailyCloseView ToView(DailyClose d, string community) => new(d.Id, d.Day, community, d.ClosedAt, d.ClosedBy, d.Received, d.Finished,
        d.CarriedOver, d.Defects, d.SecondTrips, d.AverageWindowMinutes, JsonSerializer.Deserialize<DailyCloseLines>(d.LinesJson) ?? new DailyCloseLines([], []));
}
