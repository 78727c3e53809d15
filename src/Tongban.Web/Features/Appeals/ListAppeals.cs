using System.Globalization;
using System.Text.RegularExpressions;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>The staff queues (工作队列).</summary>
public static class AppealQueues
{
    public const string All = "all";
    public const string Mine = "mine";
    public const string MyArea = "area";
    public const string ToAccept = "to-accept";
    public const string ToDispatch = "to-dispatch";
    public const string AwaitingAcknowledgement = "awaiting-ack";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string FollowUp = "follow-up";

    public static readonly IReadOnlyList<(string Code, string Name)> Names =
    [
        (Mine, "我的待办"), (MyArea, "本网格/辖区"), (ToAccept, "待受理"), (ToDispatch, "待派单"), (AwaitingAcknowledgement, "待签收"),
        (DueSoon, "即将到期"), (Overdue, "已超期"), (FollowUp, "待回访"), (All, "全部"),
    ];

    /// <summary>
    /// The tabs a person works from. 待受理, 待派单 and 待回访 are the handlers' (they accept, dispatch and follow up); 本网格/辖区 is for
    /// whoever reads appeals by area, so a department liaison, who reads only what is sent to the department, has neither.
    /// The other queues still answer if asked by address.
    /// </summary>
    public static IEnumerable<(string Code, string Name)> NamesFor(bool canHandle, bool readsByArea) =>
        Names.Where(n => canHandle || n.Code is not (ToAccept or ToDispatch or FollowUp)).Where(n => readsByArea || n.Code != MyArea);

    public static string NameOf(string? code) => Names.FirstOrDefault(n => n.Code == code).Name ?? "全部";
}

/// <summary>What a list, queue or export is filtered by. Dates are Beijing days of submission; Status is red, yellow, green or past-promise.</summary>
public sealed record AppealFilter(
    string? Queue = null, string? Q = null, AppealState? State = null, int? CategoryId = null, AppealKind? Kind = null,
    AppealChannel? Channel = null, AppealTier? Tier = null, AppealUrgency? Urgency = null, string? Status = null,
    DateOnly? From = null, DateOnly? To = null, int? AreaId = null, string? Assignee = null)
{
    public string Describe() => string.Join("；", new[]
    {
        Queue is { Length: > 0 } && Queue != AppealQueues.All ? $"队列={AppealQueues.NameOf(Queue)}" : null,
        string.IsNullOrWhiteSpace(Q) ? null : $"关键词={Q.Trim()}",
        State is { } s ? $"状态={AppealNames.Of(s)}" : null,
        CategoryId is { } c ? $"分类={c}" : null,
        Kind is { } k ? $"类型={AppealNames.Of(k)}" : null,
        Channel is { } ch ? $"渠道={AppealNames.Of(ch)}" : null,
        Tier is { } t ? $"层级={AppealNames.Of(t)}" : null,
        Urgency is { } u ? $"紧急程度={AppealNames.Of(u)}" : null,
        string.IsNullOrWhiteSpace(Status) ? null : $"红黄绿={AppealDeadlines.ColorName(Status)}",
        From is { } f ? $"起={f:yyyy-MM-dd}" : null,
        To is { } to ? $"止={to:yyyy-MM-dd}" : null,
        AreaId is { } a ? $"区域={a}" : null,
        string.IsNullOrWhiteSpace(Assignee) ? null : $"承办人账户={Assignee}",
    }.Where(x => x is not null));
}

public sealed record AppealListItem(long Id, string Number, string Title, string KindName, string CategoryName, AppealState State, string StateName,
    string TierName, string UrgencyName, string? CurrentAssignee, string Address, DateTimeOffset SubmittedAt, DateTimeOffset DispatchDueAt,
    DateTimeOffset FeedbackDueAt, DeadlineStatus Status, int SupporterCount, DateTimeOffset PromisedFeedbackAt, string? PastPromise)
{
    /// <summary>In 我的待办: what the appeal waits for (待受理, 待派单, 待签收, 待办结, 待回访; a summoned department's 待报到 or 配合办理); null in the other lists.</summary>
    public string? Awaiting { get; init; }

    /// <summary>The tier that has the appeal (<see cref="TierName"/> names it): who may dispatch it.</summary>
    public AppealTier Tier { get; init; }
}

public sealed record AppealListPage(IReadOnlyList<AppealListItem> Items, int Page, int PageSize, bool HasNext);

/// <summary>
/// Appeal lists for staff: the queues, filters and Chinese search (SQLite FTS5 / PostgreSQL GIN over the bigram
/// tokens, so 噪音 and 漏水 are found), always within the caller's scope (area subtree or dispatched to them).
/// </summary>
public sealed partial class ListAppeals(AppDbContext db, ICurrentUser user, AuditLog audit, TimeProvider clock, IOptions<AppealOptions> options,
    AppealWorkflow workflow)
{
    public const int MaxPageSize = 100;
    private const int MaxSearchTokens = 8;

    /// <param name="branchLimit">
    /// For a page: how many rows the page needs from the start of the list (offset + size + 1). 我的待办 of those who run
    /// the process is a union of index-backed queries; each part takes only that many. Without it (counts, export) the
    /// parts are whole.
    /// </param>
    public async Task<IQueryable<Appeal>> QueryAsync(AppealFilter f, CancellationToken ct, int? branchLimit = null)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        string? chosenArea = null;
        if (f.AreaId is { } areaId)
        {
            chosenArea = await db.Areas.Where(x => x.Id == areaId).Select(x => x.AreaPath).FirstOrDefaultAsync(ct);
            if (chosenArea is null)
            {
                var outside = await db.Areas.IgnoreQueryFilters().Where(x => x.Id == areaId).Select(x => x.AreaPath).FirstOrDefaultAsync(ct);
                if (outside is not null) throw await audit.OutsideScopeAsync("Area", areaId.ToString(CultureInfo.InvariantCulture), outside, ct);
                throw new ValidationFailedException("areaId", "没有这个区域");
            }
        }
        // A number that names no state, kind… would quietly give an empty list, as if there were nothing to do.
        new Validation()
            .Require(f.State is not { } st || Enum.IsDefined(st), "state", "没有这个状态，可选 1（已提交）至 10（已关闭）")
            .Require(f.Kind is not { } k || Enum.IsDefined(k), "kind", "没有这个类型，可选 1（咨询）至 5（建议）")
            .Require(f.Channel is not { } ch || Enum.IsDefined(ch), "channel", "没有这个渠道，可选 1（窗口）至 8（Open311接口）")
            .Require(f.Tier is not { } t || Enum.IsDefined(t), "tier", "没有这个层级，可选 1（社区）、2（街道）、3（区）")
            .Require(f.Urgency is not { } u || Enum.IsDefined(u), "urgency", "没有这个紧急程度，可选 1（紧急）至 4（复杂）")
            .ThrowIfInvalid();
        var query = Search(f.Q, chosenArea);
        // What one member of staff has in hand now: the list a handover starts from.
        if (!string.IsNullOrWhiteSpace(f.Assignee)) query = query.InHandOf(f.Assignee);

        // The filters first, then the queue: 我的待办 for those who run the process is a union whose parts each take one
        // page's worth, so every filter must be inside each part, not after the union.
        if (f.State is { } state) query = query.Where(a => a.State == state);
        if (f.CategoryId is { } categoryId)
        {
            var ids = await db.AppealCategories.Where(c => c.Id == categoryId || c.ParentId == categoryId).Select(c => c.Id).ToListAsync(ct);
            if (ids.Count == 0) throw new ValidationFailedException("categoryId", "没有这个问题分类");
            query = query.Where(a => ids.Contains(a.CategoryId));
        }
        if (f.Kind is { } kind) query = query.Where(a => a.Kind == kind);
        if (f.Channel is { } channel) query = query.Where(a => a.Channel == channel);
        if (f.Tier is { } tier) query = query.Where(a => a.Tier == tier);
        if (f.Urgency is { } urgency) query = query.Where(a => a.Urgency == urgency);
        switch (f.Status)
        {
            case null or "":
                break;
            case "red":
                query = query.Where(AppealDeadlines.Overdue(now));
                break;
            case "yellow":
                query = query.Where(Predicates.Not(AppealDeadlines.Overdue(now)))
                    .Where(Predicates.Or(AppealDeadlines.DueSoon(now, o), AppealDeadlines.Warned(now, o)));
                break;
            case "green":
                query = query.Where(AppealDeadlines.Open()).Where(Predicates.Not(AppealDeadlines.Overdue(now)))
                    .Where(Predicates.Not(Predicates.Or(AppealDeadlines.DueSoon(now, o), AppealDeadlines.Warned(now, o))));
                break;
            case AppealDeadlines.PastPromiseStatus:
                // Open and past the promise to the resident, whatever the tier's limit: tested on the rows the other
                // filters leave (no index on the promise; the queues' indexes and plans stay as they were measured).
                query = query.Where(AppealDeadlines.Open()).Where(Predicates.WithoutIndex<Appeal>(a => (a.PromisedFeedbackAt ?? a.FeedbackDueAt) < now));
                break;
            default:
                throw new ValidationFailedException("status", "红黄绿灯只能是 red、yellow、green 或 past-promise（超出承诺时限）");
        }
        if (f.From is { } from)
        {
            var start = StartOfDay(from);
            query = query.Where(a => a.SubmittedAt >= start);
        }
        if (f.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            query = query.Where(a => a.SubmittedAt < end);
        }
        if (f.From is { } a1 && f.To is { } b1 && a1 > b1) throw new ValidationFailedException("to", "结束日期不能早于开始日期");
        if (chosenArea is { } area)
        {
            var high = AreaPaths.UpperBound(area);
            query = query.Where(a => string.Compare(a.AreaPath, area) >= 0 && string.Compare(a.AreaPath, high) < 0);
        }
        switch (f.Queue ?? AppealQueues.All)
        {
            case AppealQueues.Mine when RunsTheProcess:
                query = await WaitingOnMeAsync(query, branchLimit, ct);
                break;
            case AppealQueues.Mine:
                // The current lead (CurrentAssigneeUserId) always holds an open assignment, so this covers it too.
                query = await AssignedToMeAsync(query, AppealDeadlines.Open(), ct);
                break;
            case AppealQueues.MyArea:
                if (user.ScopePath is { } scope)
                {
                    var high = AreaPaths.UpperBound(scope);
                    query = query.Where(a => string.Compare(a.AreaPath, scope) >= 0 && string.Compare(a.AreaPath, high) < 0);
                }
                query = query.Where(AppealDeadlines.Open());
                break;
            case AppealQueues.ToAccept:
                query = InMyArea(query).Where(ToAccept);
                break;
            case AppealQueues.ToDispatch:
                // Accepted and waiting at the caller's own tier: the community's after accepting or a reopening, the
                // street's or district's after an escalation (小事不出社区、大事不出街道: each rung dispatches what it holds).
                var myTier = AppealWorkflow.TierOf(user.ScopePath);
                query = workflow.CanHandle ? InMyArea(query).Where(ToDispatch).Where(a => a.Tier == myTier) : query.Where(a => false);
                break;
            case AppealQueues.AwaitingAcknowledgement:
                if (workflow.CanHandle)
                    query = AtMyTierOrBelow(InMyArea(query)).Where(AppealDeadlines.Open()).Where(a => a.Assignments.Any(x => x.EndedAt == null && x.AcknowledgedAt == null));
                else
                    query = await AssignedToMeAsync(query, AppealDeadlines.Open(), ct, unacknowledgedOnly: true);
                break;
            case AppealQueues.DueSoon:
                query = await DeadlineQueueAsync(query, AppealDeadlines.DueSoon(now, o), ct);
                break;
            case AppealQueues.Overdue:
                query = await DeadlineQueueAsync(query, AppealDeadlines.Overdue(now), ct);
                break;
            case AppealQueues.FollowUp:
                query = AtMyTierOrBelow(InMyArea(query)).Where(ToFollowUp);
                break;
            case AppealQueues.All:
                break;
            default:
                throw new ValidationFailedException("queue", $"没有名为“{f.Queue}”的队列，可选：{string.Join("、", AppealQueues.Names.Select(n => $"{n.Code}（{n.Name}）"))}");
        }

        if (f.Queue == AppealQueues.Mine && RunsTheProcess) return query.OrderBy(UrgentLimit).ThenBy(a => a.Id);
        if (f.Queue == AppealQueues.ToDispatch) return query.OrderBy(a => a.DispatchDueAt).ThenBy(a => a.Id);
        return f.Queue is AppealQueues.DueSoon or AppealQueues.Overdue or AppealQueues.Mine or AppealQueues.AwaitingAcknowledgement or AppealQueues.MyArea
            ? query.OrderBy(a => a.FeedbackDueAt).ThenBy(a => a.Id)
            : query.OrderByDescending(a => a.Id);
    }

    /// <summary>
    /// Appeals the caller or one of the caller's departments holds an open assignment on. Driven from the assignments
    /// (an index on the assignee), not by testing every open appeal of the city: at millions of appeals that is the
    /// difference between milliseconds and seconds.
    /// The queue's own test is kept from the indexes (<see cref="Predicates.WithoutIndex{T}"/>), so the assignments
    /// drive the plan on SQLite too.
    /// </summary>
    private async Task<IQueryable<Appeal>> AssignedToMeAsync(IQueryable<Appeal> query, Expression<Func<Appeal, bool>> test, CancellationToken ct,
        bool unacknowledgedOnly = false)
    {
        var me = user.UserId ?? "";
        var departments = await workflow.MyDepartmentsAsync(ct);
        var assignments = db.AppealAssignments.Where(x => x.EndedAt == null
            && (x.AssigneeUserId == me || (x.DepartmentId != null && departments.Contains(x.DepartmentId.Value))));
        if (unacknowledgedOnly) assignments = assignments.Where(x => x.AcknowledgedAt == null);
        var assignedToMe = assignments.Select(x => x.AppealId);
        return query.Where(a => assignedToMe.Contains(a.Id)).Where(Predicates.WithoutIndex(test));
    }

    private static readonly Expression<Func<Appeal, bool>> ToAccept = a => a.State == AppealState.Submitted;
    private static readonly Expression<Func<Appeal, bool>> ToDispatch = a => a.State == AppealState.Accepted;
    private static readonly Expression<Func<Appeal, bool>> ToFollowUp = a => a.State == AppealState.Resolved;

    /// <summary>Dispatched and not yet resolved: in the hands of whoever it was dispatched to.</summary>
    private static readonly Expression<Func<Appeal, bool>> InHand = a =>
        a.State == AppealState.Dispatched || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress;

    /// <summary>
    /// The limit that presses on what an appeal waits for: the dispatch limit until it is dispatched, then the feedback
    /// limit (by which the resident is to hear the outcome, so a resolved appeal's follow-up too). 我的待办 of those who
    /// run the process is in this order. No index can give this order, so each part of the union sorts its own rows.
    /// </summary>
    private static readonly Expression<Func<Appeal, DateTimeOffset>> UrgentLimit = a =>
        a.State == AppealState.Submitted || a.State == AppealState.Accepted ? a.DispatchDueAt : a.FeedbackDueAt;

    /// <summary>What a row of 我的待办 waits for, said as the queue that holds that work.</summary>
    public static string? Awaiting(AppealState state) => state switch
    {
        AppealState.Submitted => "待受理",
        AppealState.Accepted => "待派单",
        AppealState.Dispatched => "待签收",
        AppealState.Acknowledged or AppealState.InProgress => "待办结",
        AppealState.Resolved => "待回访",
        _ => null,
    };

    /// <summary>Those who accept, dispatch and follow up appeals in an area: window staff, secretaries, street centres, the district.</summary>
    private bool RunsTheProcess => user.ScopePath is not null && workflow.CanHandle;

    /// <summary>
    /// 我的待办 of those who run the process: what waits on them or their desk. The appeals to accept, to dispatch and to
    /// follow up in their area at their own tier (what the street holds waits on the street, not on the community that
    /// sent it up), and what is dispatched to them. Each part is the index-backed query of its own queue (待受理, 待派单,
    /// 待回访: state and area, the (State, AreaPath) index; the assignments: the open-assignment index) and, for a page,
    /// takes only the rows the page can need (<paramref name="limit"/>), so the union never reads more than four short
    /// lists; one query with an OR of the four would leave the planner no index to use. The parts cannot hold the same
    /// appeal: each is a different state (an appeal to accept or dispatch has no open assignment: accepting makes none,
    /// and escalating, returning and reopening end them).
    /// </summary>
    private async Task<IQueryable<Appeal>> WaitingOnMeAsync(IQueryable<Appeal> query, int? limit, CancellationToken ct)
    {
        var tier = AppealWorkflow.TierOf(user.ScopePath);
        var atMyDesk = InMyArea(query).Where(a => a.Tier == tier);
        var parts = new List<IQueryable<Appeal>> { await AssignedToMeAsync(query, InHand, ct) };
        // A new appeal starts at the community (Appeal.Tier); a street or district has none to accept.
        if (tier == AppealTier.Community) parts.Add(atMyDesk.Where(ToAccept));
        parts.Add(atMyDesk.Where(ToDispatch));
        parts.Add(atMyDesk.Where(ToFollowUp));
        if (limit is { } n) parts = [.. parts.Select(p => p.OrderBy(UrgentLimit).ThenBy(a => a.Id).Take(n))];
        return parts.Aggregate((all, part) => all.Concat(part));
    }

    /// <summary>即将到期 and 已超期: the area's open appeals for those who answer for the area, otherwise the caller's own.</summary>
    private async Task<IQueryable<Appeal>> DeadlineQueueAsync(IQueryable<Appeal> query, Expression<Func<Appeal, bool>> due, CancellationToken ct) =>
        OwnsArea ? InMyArea(query).Where(AppealDeadlines.Open()).Where(due) : await AssignedToMeAsync(query, due, ct);

    /// <summary>
    /// Whose 即将到期 and 已超期 are their area's: those who handle appeals there, and a grid worker, who answers for the
    /// grid. A mediator or a department's liaison (whose account covers the whole district) answers for the work given
    /// to them.
    /// </summary>
    private bool OwnsArea => workflow.CanHandle || user.IsInRole(Roles.GridWorker);

    /// <summary>
    /// The area queues (待受理, 待签收 for the owners, 即将到期 and 已超期 for those who handle the area, 待回访) are the
    /// caller's area, said outright so the index on (State, AreaPath) finds them; work dispatched to the caller from
    /// elsewhere is in 我的待办.
    /// </summary>
    private IQueryable<Appeal> InMyArea(IQueryable<Appeal> query)
    {
        if (user.ScopePath is not { } scope) return query;
        var high = AreaPaths.UpperBound(scope);
        return query.Where(a => string.Compare(a.AreaPath, scope) >= 0 && string.Compare(a.AreaPath, high) < 0);
    }

    /// <summary>
    /// The handlers' action queues (待签收 to chase, 待回访 to call) hold only what the caller may act on: once the street
    /// has an appeal, the community reads it but the street chases and follows it up (<see cref="AppealWorkflow.HandlesAtTier"/>).
    /// </summary>
    private IQueryable<Appeal> AtMyTierOrBelow(IQueryable<Appeal> query)
    {
        if (user.ScopePath is null) return query;
        var tier = AppealWorkflow.TierOf(user.ScopePath);
        return query.Where(a => a.Tier <= tier);
    }

    public async Task<AppealListPage> PageAsync(AppealFilter f, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = await QueryAsync(f, ct, branchLimit: page * pageSize + 1);
        var rows = await Project(query.Skip((page - 1) * pageSize).Take(pageSize + 1)).ToListAsync(ct);
        var hasNext = rows.Count > pageSize;
        if (hasNext) rows.RemoveAt(rows.Count - 1);
        var now = clock.GetUtcNow();
        var mine = f.Queue == AppealQueues.Mine;
        var rated = await ResidentRating.AmongAsync(db, rows.Where(r => r.State == AppealState.FollowedUp).Select(r => r.Id).ToList(), ct);
        var summoned = mine ? await SummonedAsync(rows.Select(r => r.Id).ToList(), ct) : new Dictionary<long, bool>();
        return new AppealListPage(rows.Select(r => r.ToItem(now, options.Value) with
        {
            Awaiting = !mine ? null : summoned.TryGetValue(r.Id, out var reported) ? (reported ? "配合办理" : "待报到") : Awaiting(r.State),
            StateName = ResidentRating.StateNameOf(r.State, rated.Contains(r.Id)),
        }).ToList(), page, pageSize, hasNext);
    }

    /// <summary>
    /// The rows where the caller's department is summoned beside another lead unit (吹哨): it waits to report in (报到)
    /// and then helps, so its row says that rather than the lead's 待签收 or 待办结. Value: whether it has reported in.
    /// </summary>
    private async Task<Dictionary<long, bool>> SummonedAsync(List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0 || user.UserId is null) return [];
        var departments = await workflow.MyDepartmentsAsync(ct);
        if (departments.Count == 0) return [];
        var mine = await db.AppealAssignments.AsNoTracking()
            .Where(x => ids.Contains(x.AppealId) && x.EndedAt == null && x.DepartmentId != null && departments.Contains(x.DepartmentId.Value))
            .Select(x => new { x.AppealId, x.IsLead, x.AcknowledgedAt }).ToListAsync(ct);
        // Leading one appeal and summoned on it too cannot happen (the dispatch refuses it); a lead row keeps its own word.
        return mine.GroupBy(x => x.AppealId).Where(g => g.All(x => !x.IsLead))
            .ToDictionary(g => g.Key, g => g.All(x => x.AcknowledgedAt != null));
    }

    internal sealed record Row(long Id, string Number, string Title, AppealKind Kind, string? CategoryName, AppealState State, AppealTier Tier,
        AppealUrgency Urgency, string? CurrentAssignee, string Address, DateTimeOffset SubmittedAt, DateTimeOffset? DispatchedAt,
        DateTimeOffset? AcknowledgedAt, DateTimeOffset DispatchDueAt, DateTimeOffset FeedbackDueAt, DateTimeOffset LastProgressAt,
        int UnsatisfiedStreak, int SupporterCount, DateTimeOffset? FirstDispatchedAt, DateTimeOffset PromisedFeedbackAt)
    {
        public AppealListItem ToItem(DateTimeOffset now, AppealOptions o) => new(Id, Number, Title, AppealNames.Of(Kind), CategoryName ?? "", State,
            AppealNames.Of(State), AppealNames.Of(Tier), AppealNames.Of(Urgency), CurrentAssignee, Address, SubmittedAt, DispatchDueAt, FeedbackDueAt,
            AppealDeadlines.Evaluate(new AppealTimes(State, Urgency, SubmittedAt, DispatchedAt, AcknowledgedAt, DispatchDueAt, FeedbackDueAt,
                LastProgressAt, UnsatisfiedStreak, FirstDispatchedAt, PromisedFeedbackAt), now, o), SupporterCount,
            PromisedFeedbackAt, AppealDeadlines.PastPromise(State, PromisedFeedbackAt, now)) { Tier = Tier };
    }

    internal static IQueryable<Row> Project(IQueryable<Appeal> query) => query.Select(a => new Row(a.Id, a.Number, a.Title, a.Kind,
        a.Category!.Name, a.State, a.Tier, a.Urgency, a.CurrentAssignee, a.Address, a.SubmittedAt, a.DispatchedAt, a.AcknowledgedAt,
        a.DispatchDueAt, a.FeedbackDueAt, a.LastProgressAt, a.UnsatisfiedStreak, a.SupporterCount, a.FirstDispatchedAt,
        a.PromisedFeedbackAt ?? a.FeedbackDueAt));

    /// <summary>
    /// The text index yields matching ids (FTS5 rowids / a GIN bitmap). Every query token must match: bigrams for
    /// Chinese, prefixes for letters and digits (numbers like SQ2611…). Within an area the area's own token
    /// (<see cref="AreaPaths.SearchToken"/>) is one more term, so the index intersects "噪音" with the caller's grid
    /// instead of listing the city's hundreds of thousands of noise complaints; appeals dispatched to the caller from
    /// outside their area are added from their open assignments. The scope filter still checks every row.
    /// </summary>
    private IQueryable<Appeal> Search(string? q, string? chosenArea)
    {
        if (string.IsNullOrWhiteSpace(q)) return db.Appeals;
        if (q.Length > 100) throw new ValidationFailedException("q", "搜索词不能超过100个字");
        // An appeal number or a tracking code read out by the resident goes straight to its unique index.
        var code = q.Trim().ToUpperInvariant();
        if (NumberPattern().IsMatch(code)) return db.Appeals.Where(a => a.Number == code);
        if (TrackingPattern().IsMatch(code)) return db.Appeals.Where(a => a.TrackingCode == code);
        var tokens = ChineseText.QueryTokens(q).Take(MaxSearchTokens).ToList();
        if (tokens.Count == 0) return db.Appeals.Where(a => false);
        var area = chosenArea ?? user.ScopePath;
        // A chosen area excludes work from elsewhere anyway; within the caller's own scope, add what is dispatched to them.
        var me = chosenArea is null ? user.UserId : null;
        if (db.IsPostgres)
        {
            var words = string.Join(" & ", tokens.Select(t => "'" + t.Token.Replace("\\", "", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (t.Prefix ? ":*" : "")));
            if (string.IsNullOrEmpty(area))
                return db.Appeals.FromSql($"""SELECT * FROM "Appeals" WHERE to_tsvector('simple', "SearchText") @@ to_tsquery('simple', {words})""");
            var inArea = words + " & '" + AreaPaths.SearchToken(area) + "'";
            // OFFSET 0 keeps the planner from walking the primary key backwards for "newest first" and tokenising every
            // row it passes (it under-estimates that cost); the GIN intersection is a few thousand rows at most.
            return db.Appeals.FromSql($"""
                SELECT * FROM (SELECT * FROM "Appeals" WHERE to_tsvector('simple', "SearchText") @@ to_tsquery('simple', {inArea}) OFFSET 0) AS m
                UNION ALL
                SELECT a.* FROM "Appeals" a
                WHERE a."Id" IN (SELECT x."AppealId" FROM "AppealAssignments" x WHERE x."AssigneeUserId" = {me} AND x."EndedAt" IS NULL)
                  AND NOT (a."AreaPath" >= {area} AND a."AreaPath" < {AreaPaths.UpperBound(area)})
                  AND to_tsvector('simple', a."SearchText" || '') @@ to_tsquery('simple', {words})
                """); // || '' keeps the GIN index out of this branch: it starts from the caller's few open assignments
        }
        var match = string.Join(" AND ", tokens.Select(t => "\"" + t.Token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (t.Prefix ? "*" : "")));
        // Appeals past the index's progress mark (at most a second or a few hundred submissions old, see
        // AppealIntakeWriter.IndexSearchTail) are read directly from the primary key and matched token by token the way
        // the index would match them: whole tokens, or token prefixes for letters and digits. The index and the tail
        // never hold the same appeal, so the branches cannot repeat one.
        var args = new List<object?>();
        string Arg(object? value) { args.Add(value); return "{" + (args.Count - 1) + "}"; }
        // Tokens are Han characters or ASCII letters and digits (ChineseText.QueryTokens): nothing to escape in LIKE.
        string Tail(IEnumerable<(string Token, bool Prefix)> wanted) =>
            """a."Id" > (SELECT "IndexedThrough" FROM "AppealSearchProgress") AND """
            + string.Join(" AND ", wanted.Select(t => $"""(' ' || a."SearchText" || ' ') LIKE {Arg("% " + t.Token + (t.Prefix ? "%" : " %"))}"""));
        // Only placeholders ({0}, {1}, …) are put into the SQL text; every value is a parameter.
        string sql;
        if (string.IsNullOrEmpty(area))
        {
            sql = $"""
                SELECT * FROM "Appeals" WHERE "Id" IN (SELECT rowid FROM "AppealSearch" WHERE "AppealSearch" MATCH {Arg(match)})
                UNION ALL
                SELECT a.* FROM "Appeals" a WHERE {Tail(tokens)}
                """;
            return db.Appeals.FromSqlRaw(sql, args.ToArray());
        }
        var areaToken = AreaPaths.SearchToken(area);
        var matchInArea = match + " AND \"" + areaToken + "\"";
        sql = $"""
            SELECT * FROM "Appeals" WHERE "Id" IN (SELECT rowid FROM "AppealSearch" WHERE "AppealSearch" MATCH {Arg(matchInArea)})
            UNION ALL
            SELECT a.* FROM "Appeals" a WHERE {Tail(tokens.Append((areaToken, false)))}
            UNION ALL
            SELECT a.* FROM "Appeals" a
            WHERE a."Id" IN (SELECT x."AppealId" FROM "AppealAssignments" x WHERE x."AssigneeUserId" = {Arg(me)} AND x."EndedAt" IS NULL)
              AND NOT (a."AreaPath" >= {Arg(area)} AND a."AreaPath" < {Arg(AreaPaths.UpperBound(area))})
              AND (EXISTS (SELECT 1 FROM "AppealSearch" WHERE "AppealSearch" MATCH {Arg(match)} AND "AppealSearch".rowid = a."Id")
                   OR ({Tail(tokens)}))
            """;
        return db.Appeals.FromSqlRaw(sql, args.ToArray());
    }

    [GeneratedRegex("^SQ[0-9]{12,}$")]
    private static partial Regex NumberPattern();

    // Also the S, B and Z of codes issued before SubmitAppeal.CodeAlphabet dropped them.
    [GeneratedRegex("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$")]
    private static partial Regex TrackingPattern();

    private static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
