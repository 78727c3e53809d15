using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record BulkDispatchAppealsRequest(IReadOnlyList<long>? AppealIds, AssigneeInput? Lead, string? Reason = null);

public sealed record BulkDispatchResult(int Count, IReadOnlyList<string> Numbers);

/// <summary>
/// 批量派单: the same lead unit for many appeals (a property company per compound is looked up for each). All or
/// nothing: if one appeal cannot be dispatched, none is, and the message lists every refusal. The bulk form names only
/// a lead, so each appeal keeps the departments it has summoned (吹哨), as the single transfer form keeps them ticked;
/// an appeal handed to the unit that leads it already is therefore unchanged and refused (无需改派).
/// </summary>
public sealed class BulkDispatchAppeals(AppealWorkflow workflow, DispatchAppeal dispatch)
{
    public const int MaxAppeals = 100;

    public async Task<BulkDispatchResult> HandleAsync(BulkDispatchAppealsRequest request, CancellationToken ct)
    {
        workflow.EnsureCanHandle("批量派单");
        var ids = (request.AppealIds ?? []).Distinct().ToList();
        var v = new Validation()
            .Require(ids.Count > 0, "appealIds", "请至少勾选一条诉求")
            .Require(ids.Count <= MaxAppeals, "appealIds", $"一次最多批量派单{MaxAppeals}条")
            .Require(request.Lead is not null, "lead", "请选择承办单位")
            .Require(request.Lead?.Kind != AssigneeKind.GridWorker || !string.IsNullOrWhiteSpace(request.Lead.UserId), "lead.userId", "请选择要派给的网格员");
        v.ThrowIfInvalid();

        var refusals = new List<string>();
        var numbers = new List<string>();
        foreach (var id in ids)
        {
            var appeal = await workflow.LoadAsync(id, ct);
            try
            {
                // One appeal the street took over among the community's selection is one refusal in the list, not a 403 for all.
                workflow.EnsureAtTier(appeal, "派单");
                await dispatch.DispatchLoadedAsync(appeal, new DispatchAppealRequest(request.Lead, Summoned(appeal, request.Lead), request.Reason), ct);
                numbers.Add(appeal.Number);
            }
            catch (Exception e) when (e is DomainException or ValidationFailedException or OutsideScopeException)
            {
                refusals.Add($"{appeal.Number}：{e.Message}");
            }
        }
        if (refusals.Count > 0)
        {
            workflow.Db.ChangeTracker.Clear();
            throw new DomainException($"以下{refusals.Count}条诉求不能派单，本次未派出任何诉求：{string.Join("；", refusals)}");
        }
        await workflow.SaveAsync(ct);
        return new BulkDispatchResult(numbers.Count, numbers);
    }

    /// <summary>The departments the appeal has summoned now, but the one that becomes its lead.</summary>
    private static List<AssigneeInput> Summoned(Appeal appeal, AssigneeInput? lead) =>
        [.. appeal.Assignments.Where(a => a.EndedAt is null && !a.IsLead && a.DepartmentId is { } d
                && !(lead?.Kind == AssigneeKind.Department && lead.DepartmentId == d))
            .Select(a => new AssigneeInput(AssigneeKind.Department, DepartmentId: a.DepartmentId))];
}
