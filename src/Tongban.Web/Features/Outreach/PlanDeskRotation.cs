using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record DeskPlanInput(string? Name, int? CommunityId, int? CompoundId, DateOnly? StartDate, int? CadenceDays, TimeOnly? StartTime,
    TimeOnly? EndTime, string? Staff, string? Departments, bool Publish = true);

/// <summary>The rotation itself: every building once per cycle, in order, one every CadenceDays from the start.</summary>
public static class DeskRotation
{
    public sealed record Turn(int BuildingId, int Sequence, DateOnly Date);

    public static IReadOnlyList<Turn> Schedule(IReadOnlyList<int> orderedBuildingIds, DateOnly start, int cadenceDays) =>
        orderedBuildingIds.Distinct().Select((id, i) => new Turn(id, i + 1, start.AddDays(i * cadenceDays))).ToList();

    /// <summary>Buildings of a compound or community in the order residents expect: compound, then building number.</summary>
    public static async Task<List<int>> BuildingOrderAsync(AppDbContext db, int communityId, int? compoundId, CancellationToken ct)
    {
        var rows = (await OutreachPlaces.NamedAsync(db, db.Buildings.Where(b => compoundId == null || b.CompoundId == compoundId), ct))
            .Where(b => b.CommunityId == communityId).ToList();
        // The number is read from the building's own name ("10号楼"), not the displayed one, which starts with the compound.
        return rows.OrderBy(b => b.CompoundId).ThenBy(b => b.BuildingName, ChineseText.NaturalComparer).Select(b => b.Id).ToList();
    }
}

/// <summary>Plans a mobile desk (流动办公桌) for a compound or a community and schedules its first cycle; later cycles by ExtendAsync.</summary>
public sealed class PlanDeskRotation(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    public async Task<int> CreateAsync(DeskPlanInput input, CancellationToken ct)
    {
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length is >= 2 and <= 100, "name", "请填写计划名称（2到100字）");
        var today = clock.Today();
        if (input.StartDate is not { } start) v.Add("startDate", "请选择开始日期");
        else if (start < today) v.Add("startDate", "开始日期不能早于今天");
        v.Require(input.CadenceDays is >= 1 and <= 90, "cadenceDays", "轮换间隔应在1到90天之间（每周一栋填7）");
        if (input.StartTime is null || input.EndTime is null) v.Add("startTime", "请填写开始和结束时间");
        else if (input.EndTime <= input.StartTime) v.Add("endTime", "结束时间应晚于开始时间");
        v.Require((input.Staff?.Trim().Length ?? 0) is >= 2 and <= 200, "staff", "请填写值守人员（如：王书记、百通岗李敏）");
        v.Require((input.Departments?.Length ?? 0) <= 400, "departments", "参加部门不能超过400字");

        var community = input.CommunityId is { } cid
            ? await db.Areas.AsNoTracking().Where(a => a.Id == cid).Select(a => new { a.Id, a.Level, a.AreaPath }).FirstOrDefaultAsync(ct)
            : null;
        if (community is null) v.Add("communityId", "请选择本人管辖范围内的社区");
        else if (community.Level != AreaLevel.Community) v.Add("communityId", "流动办公桌按社区或小区安排，请选择社区");
        if (input.CompoundId is { } compoundId && community is not null
            && !await db.Compounds.AnyAsync(c => c.Id == compoundId && c.CommunityId == community.Id, ct))
            v.Add("compoundId", "所选小区不在该社区内");
        var order = community is null ? [] : await DeskRotation.BuildingOrderAsync(db, community.Id, input.CompoundId, ct);
        if (community is not null && order.Count == 0) v.Add("compoundId", "所选范围内没有楼栋");
        v.ThrowIfInvalid();

        var plan = new DeskPlan
        {
            Name = name, CommunityId = community!.Id, CompoundId = input.CompoundId, AreaPath = community.AreaPath, StartDate = input.StartDate!.Value,
            CadenceDays = input.CadenceDays!.Value, StartTime = input.StartTime!.Value, EndTime = input.EndTime!.Value,
            Staff = input.Staff!.Trim(), Departments = input.Departments?.Trim() ?? "", IsPublished = input.Publish, Cycles = 1,
            CreatedBy = user.UserName, CreatedAt = clock.GetUtcNow(),
        };
        await AddCycleAsync(plan, 1, plan.StartDate, order, ct);
        db.DeskPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    /// <summary>Schedules the next cycle after the last slot, over the buildings the scope has now.</summary>
    public async Task<int> ExtendAsync(int planId, CancellationToken ct)
    {
        var plan = await db.DeskPlans.Include(p => p.Slots).FirstOrDefaultAsync(p => p.Id == planId, ct)
            ?? throw new NotFoundException($"找不到编号为{planId}的流动办公计划，或不在您的管辖范围内。");
        var order = await DeskRotation.BuildingOrderAsync(db, plan.CommunityId, plan.CompoundId, ct);
        if (order.Count == 0) throw new DomainException("该计划范围内已没有楼栋，无法续排。");
        var last = plan.Slots.Count == 0 ? clock.Today().AddDays(-plan.CadenceDays) : plan.Slots.Max(s => s.Date);
        var start = last.AddDays(plan.CadenceDays);
        if (start < clock.Today()) start = clock.Today();
        plan.Cycles += 1;
        await AddCycleAsync(plan, plan.Cycles, start, order, ct);
        await db.SaveChangesAsync(ct);
        return plan.Cycles;
    }

    private async Task AddCycleAsync(DeskPlan plan, int cycle, DateOnly start, IReadOnlyList<int> order, CancellationToken ct)
    {
        var paths = await db.Buildings.AsNoTracking().Where(b => order.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.AreaPath, ct);
        foreach (var turn in DeskRotation.Schedule(order, start, plan.CadenceDays))
            plan.Slots.Add(new DeskSlot
            {
                Cycle = cycle, Sequence = turn.Sequence, BuildingId = turn.BuildingId, Date = turn.Date, StartTime = plan.StartTime, EndTime = plan.EndTime,
                AreaPath = paths[turn.BuildingId],
            });
    }

    public async Task PublishAsync(int planId, bool published, CancellationToken ct)
    {
        var plan = await db.DeskPlans.FirstOrDefaultAsync(p => p.Id == planId, ct)
            ?? throw new NotFoundException($"找不到编号为{planId}的流动办公计划，或不在您的管辖范围内。");
        plan.Publish(published);
        await db.SaveChangesAsync(ct);
    }
}
