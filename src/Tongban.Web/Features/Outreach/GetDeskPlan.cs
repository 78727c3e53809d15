using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <param name="InArea">The building lies in the caller's area, so the caller may record the desk there and open its record
/// (a grid worker reads the whole plan of the community but records only the slots of their grid); false on the public view.</param>
public sealed record DeskSlotView(int Id, int Cycle, int Sequence, int BuildingId, string Building, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime,
    DeskSlotState State, string StateName, DateOnly? OriginalDate, string? RescheduleReason, long? SessionId, bool InArea);

public sealed record DeskPlanView(int Id, string Name, int CommunityId, string Community, int? CompoundId, string Scope, DateOnly StartDate, int CadenceDays,
    TimeOnly StartTime, TimeOnly EndTime, string Staff, string Departments, bool IsPublished, int Cycles, bool IsSample, IReadOnlyList<DeskSlotView> Slots);

/// <summary>A scheduled desk in the caller's area, for the desk page's list of desks to hold or record.</summary>
public sealed record NearDeskSlot(int Id, int PlanId, string Plan, string Building, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime);

public sealed record DeskPlanSummary(int Id, string Name, string Scope, int CadenceDays, bool IsPublished, int Buildings, int Held, DateOnly? Next, bool IsSample);

/// <summary>
/// Desk plans for staff (within scope: the plans of the caller's community, for a grid worker too) and, for published
/// plans, for residents (upcoming desks only, no staff ids).
/// </summary>
public sealed class GetDeskPlan(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    public async Task<IReadOnlyList<DeskPlanSummary>> ListAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var plans = await db.DeskPlans.AsNoTracking().OrderByDescending(p => p.Id).Take(200)
            .Select(p => new { p.Id, p.Name, p.CommunityId, p.CompoundId, p.CadenceDays, p.IsPublished, p.IsSample }).ToListAsync(ct);
        // The figures are the whole plan's, as its page shows it, also to a grid worker whose area holds only some of its slots.
        var ids = plans.Select(p => p.Id).ToList();
        var figures = await db.DeskSlots.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.PlanId)).GroupBy(s => s.PlanId)
            .Select(g => new
            {
                PlanId = g.Key,
                Buildings = g.Select(s => s.BuildingId).Distinct().Count(),
                Held = g.Count(s => s.State == DeskSlotState.Held),
                Next = g.Where(s => s.State == DeskSlotState.Scheduled && s.Date >= today).Min(s => (DateOnly?)s.Date),
            }).ToDictionaryAsync(f => f.PlanId, ct);
        var names = await ScopeNamesAsync(db.Areas.IgnoreQueryFilters(), db.Compounds.IgnoreQueryFilters(), plans.Select(p => (p.CommunityId, p.CompoundId)).ToList(), ct);
        return plans.Select(p =>
        {
            var f = figures.GetValueOrDefault(p.Id);
            return new DeskPlanSummary(p.Id, p.Name, names[(p.CommunityId, p.CompoundId)], p.CadenceDays, p.IsPublished, f?.Buildings ?? 0, f?.Held ?? 0, f?.Next, p.IsSample);
        }).ToList();
    }

    /// <summary>
    /// The scheduled desks in the caller's area (a grid worker: their grid's) from the oldest that may still be recorded
    /// (30 days) to two weeks ahead, soonest first.
    /// </summary>
    public async Task<IReadOnlyList<NearDeskSlot>> NearAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var (from, to) = (today.AddDays(-30), today.AddDays(14));
        var slots = await db.DeskSlots.AsNoTracking().Where(s => s.State == DeskSlotState.Scheduled && s.Date >= from && s.Date <= to)
            .OrderBy(s => s.Date).ThenBy(s => s.Id).Take(50)
            .Select(s => new { s.Id, s.PlanId, Plan = s.Plan!.Name, s.BuildingId, s.Date, s.StartTime, s.EndTime }).ToListAsync(ct);
        var names = await OutreachPlaces.NamesAsync(db, slots.Select(s => s.BuildingId).Distinct().ToList(), ct);
        return slots.Select(s => new NearDeskSlot(s.Id, s.PlanId, s.Plan, names.GetValueOrDefault(s.BuildingId, ""), s.Date, s.StartTime, s.EndTime)).ToList();
    }

    public async Task<DeskPlanView> StaffAsync(int id, CancellationToken ct) =>
        await ViewAsync(db.DeskPlans.AsNoTracking().Where(p => p.Id == id), publicView: false, ct)
        ?? throw new NotFoundException($"找不到编号为{id}的流动办公计划，或不在您的管辖范围内。");

    /// <summary>A published plan as residents see it: upcoming and recent desks.</summary>
    public async Task<DeskPlanView> PublicAsync(int id, CancellationToken ct) =>
        await ViewAsync(db.DeskPlans.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == id && p.IsPublished), publicView: true, ct)
        ?? throw new NotFoundException("找不到该流动办公安排，可能已停止公布。");

    private async Task<DeskPlanView?> ViewAsync(IQueryable<DeskPlan> query, bool publicView, CancellationToken ct)
    {
        var plan = await query.FirstOrDefaultAsync(ct);
        if (plan is null) return null;
        var slots = db.DeskSlots.IgnoreQueryFilters().AsNoTracking().Where(s => s.PlanId == plan.Id);
        if (publicView) { var from = clock.Today().AddDays(-7); slots = slots.Where(s => s.Date >= from && s.State != DeskSlotState.Cancelled); }
        var rows = await slots.OrderBy(s => s.Date).ThenBy(s => s.Cycle).ThenBy(s => s.Sequence).ToListAsync(ct);
        var ids = rows.Select(s => s.BuildingId).Distinct().ToList();
        // The plan is already within scope (or published); its slots' buildings are shown whoever asks.
        var buildings = (await OutreachPlaces.NamedAsync(db, db.Buildings.IgnoreQueryFilters().Where(b => ids.Contains(b.Id)), ct)).ToDictionary(b => b.Id, b => b.Name);
        var names = await ScopeNamesAsync(db.Areas.IgnoreQueryFilters(), db.Compounds.IgnoreQueryFilters(), [(plan.CommunityId, plan.CompoundId)], ct);
        var community = await db.Areas.IgnoreQueryFilters().Where(a => a.Id == plan.CommunityId).Select(a => a.Name).FirstAsync(ct);
        return new DeskPlanView(plan.Id, plan.Name, plan.CommunityId, community, plan.CompoundId, names[(plan.CommunityId, plan.CompoundId)], plan.StartDate,
            plan.CadenceDays, plan.StartTime, plan.EndTime, plan.Staff, plan.Departments, plan.IsPublished, plan.Cycles, plan.IsSample,
            rows.Select(s => new DeskSlotView(s.Id, s.Cycle, s.Sequence, s.BuildingId, buildings.GetValueOrDefault(s.BuildingId, ""), s.Date, s.StartTime, s.EndTime,
                s.State, OutreachNames.Of(s.State), s.OriginalDate, s.RescheduleReason, publicView ? null : s.SessionId,
                !publicView && AreaPaths.Contains(user.ScopePath, s.AreaPath))).ToList());
    }

    private static async Task<Dictionary<(int, int?), string>> ScopeNamesAsync(IQueryable<Places.Area> areas, IQueryable<Places.Compound> compounds,
        IReadOnlyList<(int CommunityId, int? CompoundId)> keys, CancellationToken ct)
    {
        var communityIds = keys.Select(k => k.CommunityId).Distinct().ToList();
        var compoundIds = keys.Where(k => k.CompoundId is not null).Select(k => k.CompoundId!.Value).Distinct().ToList();
        var communityNames = await areas.AsNoTracking().Where(a => communityIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var compoundNames = await compounds.AsNoTracking().Where(c => compoundIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return keys.Distinct().ToDictionary(k => k, k => k.CompoundId is { } c ? compoundNames.GetValueOrDefault(c, "") : $"{communityNames.GetValueOrDefault(k.CommunityId, "")}（全社区）");
    }
}
