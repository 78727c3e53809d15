using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// The appeal panel of the workbench (首页): the queues this person works from, each with how many appeals wait in
/// it, counted in the database by the same queries as the queue page; and how many of their own to-do are past the
/// promise to the resident (an escalated appeal has fresh limits, so it is not in 已超期). The bench times it as a
/// whole at city scale (`bench workbench`).
/// </summary>
public sealed class AppealWorkbench(ICurrentUser me, ListAppeals appeals)
{
    /// <summary>Null for someone without appeal rights.</summary>
    public async Task<IReadOnlyList<(string Href, string Name, int Count)>?> CountsAsync(CancellationToken ct)
    {
        if (Filters() is not { } filters) return null;
        var counts = new List<(string, string, int)>();
        foreach (var (name, filter) in filters)
        {
            var count = await CountAsync(filter, ct);
            // 其中已超出承诺时限 follows 我的待办, and only when there is any.
            if (filter.Status is null || count > 0) counts.Add(($"/Appeals?queue={filter.Queue}" + (filter.Status is { } s ? $"&status={s}" : ""), name, count));
        }
        return counts;
    }

    /// <summary>
    /// What the panel counts, in the order shown: the queues this person works from, and after 我的待办 how many of it are
    /// past the promise (only one's own to-do is tested, as 我的待办 is counted anyway). Null without appeal rights.
    /// </summary>
    public IReadOnlyList<(string Name, AppealFilter Filter)>? Filters()
    {
        if (!AppealPermissions.Has(me, AppealPermissions.View)) return null;
        string[] queues = AppealPermissions.Has(me, AppealPermissions.Handle)
            ? [AppealQueues.Mine, AppealQueues.ToAccept, AppealQueues.ToDispatch, AppealQueues.AwaitingAcknowledgement, AppealQueues.DueSoon, AppealQueues.Overdue, AppealQueues.FollowUp]
            : [AppealQueues.Mine, AppealQueues.AwaitingAcknowledgement, AppealQueues.DueSoon, AppealQueues.Overdue];
        var filters = queues.Select(q => (AppealQueues.NameOf(q), new AppealFilter(Queue: q))).ToList();
        filters.Insert(1, ("其中已超出承诺时限", new AppealFilter(Queue: AppealQueues.Mine, Status: AppealDeadlines.PastPromiseStatus)));
        return filters;
    }

    /// <summary>One line's count, by the queue page's own query.</summary>
    public async Task<int> CountAsync(AppealFilter filter, CancellationToken ct) => await (await appeals.QueryAsync(filter, ct)).CountAsync(ct);
}
