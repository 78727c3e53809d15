using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>What a person has in hand when their account is about to be disabled, and what happened to it when it was.</summary>
/// <param name="Open">Open appeals with an open assignment to the person.</param>
/// <param name="Personal">Of those, the ones given to the person themselves (a grid worker): disabling sends them back to be dispatched again.</param>
/// <param name="Departments">The departments the person is liaison for that hold the rest: those stay with the department, which needs a new liaison.</param>
public sealed record AppealsInHand(int Open, int Personal, IReadOnlyList<string> Departments)
{
    public static readonly AppealsInHand None = new(0, 0, []);
}

/// <summary>
/// 停用 of a staff account hands its open appeals back. An appeal led by the person themselves (a grid worker who left)
/// returns to its tier to be dispatched again: the assignment ends, the state goes back to 已受理 with a fresh dispatch
/// limit, the timeline says why, and whoever dispatches at that tier is told. An appeal held by a department stays with
/// the department (the department, not its liaison, owes the work); the administrator is told to name a new liaison,
/// and the dispatchers are told that the department cannot report in until then.
/// </summary>
public sealed class HandBackAppeals(AppealWorkflow workflow, TimeLimitPolicy limits)
{
    public static async Task<AppealsInHand> CountAsync(Data.AppDbContext db, string userId, CancellationToken ct)
    {
        var held = await db.Appeals.IgnoreQueryFilters().InHandOf(userId)
            .Select(a => a.Assignments.Where(x => x.EndedAt == null && x.AssigneeUserId == userId)
                .Select(x => x.DepartmentId == null ? null : db.Departments.IgnoreQueryFilters().Where(d => d.Id == x.DepartmentId).Select(d => d.Name).FirstOrDefault())
                .FirstOrDefault())
            .ToListAsync(ct);
        return new AppealsInHand(held.Count, held.Count(d => d is null), [.. held.OfType<string>().Distinct().Order()]);
    }

    /// <summary>Runs inside the caller's transaction, before it saves; returns what was in hand.</summary>
    public async Task<AppealsInHand> HandBackAsync(string userId, string leaverName, string reason, CancellationToken ct)
    {
        var db = workflow.Db;
        var appeals = await db.Appeals.IgnoreQueryFilters().InHandOf(userId).Include(a => a.Assignments).OrderBy(a => a.Id).ToListAsync(ct);
        if (appeals.Count == 0) return AppealsInHand.None;
        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        var personal = 0;
        var departments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var appeal in appeals)
        {
            var mine = appeal.Assignments.Where(x => x.EndedAt is null && x.AssigneeUserId == userId).ToList();
            if (mine.All(x => x.DepartmentId is not null))
            {
                foreach (var held in mine) departments.Add(held.AssigneeName);
                await workflow.Notifier.NotifyOwnersAsync(appeal,
                    $"诉求 {appeal.Number}「{appeal.Title}」的承办部门{string.Join("、", mine.Select(x => x.AssigneeName))}联络员{leaverName}的账户已停用，更换联络员前该部门无法在系统中报到和反馈，请与部门联系。",
                    $"liaison-disabled:{appeal.Id}:{userId}", ct);
                continue;
            }
            personal++;
            var limit = await AppealWorkflow.LimitFromNowAsync(limits, appeal, now, ct);
            appeal.ReturnForDispatch(leaverName, reason, actor, now, limit.DispatchDue);
            await workflow.Notifier.NotifyRelievedAsync(appeal, now, "因承办人员变动退回重新派单", [userId], ct);
            await workflow.Notifier.NotifyOwnersAsync(appeal,
                $"诉求 {appeal.Number}「{appeal.Title}」的承办人{leaverName}账户已停用，已退回{AppealNames.Of(appeal.Tier)}，请于 {appeal.DispatchDueAt.ShowDeadline()} 前重新派单。",
                $"hand-back:{appeal.Id}:{appeal.Version}", ct);
        }
        await workflow.SaveAsync(ct);
        return new AppealsInHand(appeals.Count, personal, [.. departments]);
    }
}
