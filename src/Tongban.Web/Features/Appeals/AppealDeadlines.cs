using System.Linq.Expressions;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>The times that decide an appeal's red/yellow/green light.</summary>
public sealed record AppealTimes(AppealState State, AppealUrgency Urgency, DateTimeOffset SubmittedAt, DateTimeOffset? DispatchedAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset DispatchDueAt, DateTimeOffset FeedbackDueAt, DateTimeOffset LastProgressAt, int UnsatisfiedStreak,
    DateTimeOffset? FirstDispatchedAt, DateTimeOffset PromisedFeedbackAt);

/// <summary>红黄绿灯: red when a limit has passed, yellow when one is close or a DOMAIN.md warning applies, else green.</summary>
public sealed record DeadlineStatus(string Color, string Label, IReadOnlyList<string> Reasons)
{
    public static readonly DeadlineStatus None = new("none", "—", []);

    /// <summary>The light with its label, as a list's export names it: 绿灯（正常）, 绿灯（本级正常）….</summary>
    public string Name => Color switch { "red" => "红灯", "yellow" => "黄灯", "green" => "绿灯", _ => "" } is { Length: > 0 } light ? $"{light}（{Label}）" : "—";
}

/// <summary>
/// One definition of "overdue", "due soon" and the warnings, used both in memory (the light on a row) and in SQL
/// (the queues and the status filter), so a row's light and the queue it appears in always agree.
/// </summary>
public static class AppealDeadlines
{
    public static bool IsOpen(AppealState s) =>
        s is AppealState.Submitted or AppealState.Accepted or AppealState.Dispatched or AppealState.Acknowledged or AppealState.InProgress;

    public static bool IsUndispatched(AppealState s) => s is AppealState.Submitted or AppealState.Accepted;

    /// <summary>
    /// Not yet responded to (响应 is the first dispatch): undispatched and never dispatched. An appeal the community
    /// dispatched and then escalated (or reopened) is undispatched again at its new tier but has been responded to.
    /// The "no response in 24 h" warning, light and filter (<see cref="Warned"/>, in SQL) start from this.
    /// </summary>
    public static bool AwaitsFirstResponse(AppealState s, DateTimeOffset? firstDispatchedAt) => IsUndispatched(s) && firstDispatchedAt is null;

    /// <summary>
    /// The light is measured against the limits of the tier that holds the appeal (the queues and the colour filters
    /// are too). A street or district gets fresh limits on escalation, so its light can be green while the promise to
    /// the resident has passed: then the label says whose limit it is (本级正常, 本级预警) and the first reason is the
    /// broken promise, so no one reads a bare 正常 beside 已超出承诺.
    /// </summary>
    public static DeadlineStatus Evaluate(AppealTimes t, DateTimeOffset now, AppealOptions o)
    {
        var status = ByTierLimits(t, now, o);
        if (PastPromise(t.State, t.PromisedFeedbackAt, now) is not { } past) return status;
        var promise = $"已超过承诺反馈时限（{t.PromisedFeedbackAt.ShowDeadline()}），{past}";
        return status with { Label = status.Color == "red" ? status.Label : "本级" + status.Label, Reasons = [promise, .. status.Reasons] };
    }

    private static DeadlineStatus ByTierLimits(AppealTimes t, DateTimeOffset now, AppealOptions o)
    {
        if (!IsOpen(t.State)) return DeadlineStatus.None;
        var red = new List<string>();
        var yellow = new List<string>();
        var undispatched = IsUndispatched(t.State);
        if (t.FeedbackDueAt < now) red.Add($"已超过办理时限（{t.FeedbackDueAt.ShowDeadline()}）");
        else if (t.FeedbackDueAt < now + o.FeedbackWarning(t.Urgency)) yellow.Add($"办理时限将于 {t.FeedbackDueAt.ShowDeadline()} 到期");
        if (undispatched)
        {
            if (t.DispatchDueAt < now) red.Add($"已超过派单时限（{t.DispatchDueAt.ShowDeadline()}）");
            else if (t.DispatchDueAt < now + o.DispatchWarning(t.Urgency)) yellow.Add($"派单时限将于 {t.DispatchDueAt.ShowDeadline()} 到期");
            if (AwaitsFirstResponse(t.State, t.FirstDispatchedAt) && t.SubmittedAt < now - TimeSpan.FromHours(o.NoResponseHours))
                yellow.Add($"提交后超过{o.NoResponseHours}小时未派单");
        }
        if (t.State == AppealState.Dispatched && t.DispatchedAt is { } dispatched && dispatched < now - TimeSpan.FromHours(o.NoResponseHours))
            yellow.Add($"派单后超过{o.NoResponseHours}小时未签收");
        if (t.LastProgressAt < now - TimeSpan.FromDays(o.NoProgressDays)) yellow.Add($"超过{o.NoProgressDays}天无进展");
        if (t.UnsatisfiedStreak >= o.UnsatisfiedStreak) yellow.Add($"连续{t.UnsatisfiedStreak}次回访不满意");
        if (red.Count > 0) return new DeadlineStatus("red", "超期", [.. red, .. yellow]);
        if (yellow.Count > 0) return new DeadlineStatus("yellow", "预警", yellow);
        return new DeadlineStatus("green", "正常", []);
    }

    public static DeadlineStatus Evaluate(Appeal a, DateTimeOffset now, AppealOptions o) => Evaluate(Times(a), now, o);

    public static AppealTimes Times(Appeal a) => new(a.State, a.Urgency, a.SubmittedAt, a.DispatchedAt, a.AcknowledgedAt, a.DispatchDueAt,
        a.FeedbackDueAt, a.LastProgressAt, a.UnsatisfiedStreak, a.FirstDispatchedAt, a.PromisedFeedback);

    /// <summary>
    /// 已超出承诺N天/小时 for an open appeal past the feedback limit promised to the resident, else null. A tier's own
    /// limit may lie later (each escalation gives the next tier time); the promise does not move.
    /// </summary>
    public static string? PastPromise(AppealState state, DateTimeOffset promised, DateTimeOffset now)
    {
        if (!IsOpen(state) || promised >= now) return null;
        var late = now - promised;
        return late < TimeSpan.FromDays(1) ? $"已超出承诺{Math.Max(1, (int)late.TotalHours)}小时" : $"已超出承诺{(int)late.TotalDays}天";
    }

    /// <summary>
    /// What a resident (tracking page) or an Open311 client (service_notice) is told once the promise has passed: at the
    /// community, that it is being chased; higher up, which centre now holds it and when that tier is due to answer.
    /// Units only, never staff. <paramref name="promised"/>, when given, is named after 时限.
    /// </summary>
    public static string MissedPromiseNote(AppealTier tier, DateTimeOffset tierDue, DateTimeOffset? promised = null)
    {
        var passed = promised is { } p ? $"已超过承诺的答复时限（{p.ShowDeadline()}）" : "已超过承诺的答复时限";
        return tier == AppealTier.Community
            ? $"{passed}，正在督促加快办理"
            : $"{passed}，已提级由{AppealNames.CentreOf(tier)}督办，预计 {tierDue.ShowDeadline()} 前答复";
    }

    /// <summary>The light's name in Chinese for filters: 红 超期, 黄 预警, 绿 正常.</summary>
    public static string ColorName(string color) => color switch
    {
        "red" => "红灯（超期）", "yellow" => "黄灯（预警）", "green" => "绿灯（正常）", PastPromiseStatus => "超出承诺时限", _ => "—",
    };

    /// <summary>The list filter's value for open appeals past the promise to the resident.</summary>
    public const string PastPromiseStatus = "past-promise";

    // ---- The same rules as SQL predicates ----

    /// <summary>The open states as SQL, for the partial index that serves the open queues (keep in step with <see cref="Open"/>).</summary>
    public const string OpenStatesSql = "\"State\" IN (1, 2, 5, 6, 7)";

    public static Expression<Func<Appeal, bool>> Open() => a =>
        a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
        || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress;

    /// <summary>
    /// What a person (or a department) has in hand: open appeals with an open assignment to them. A resolved appeal
    /// waits for the community's follow-up, not for its assignee. The handover list and the counts told on a change of
    /// staff all use this.
    /// </summary>
    public static IQueryable<Appeal> InHandOf(this IQueryable<Appeal> appeals, string userId) =>
        appeals.Where(Open()).Where(a => a.Assignments.Any(x => x.AssigneeUserId == userId && x.EndedAt == null));

    public static IQueryable<Appeal> InHandOfDepartment(this IQueryable<Appeal> appeals, int departmentId) =>
        appeals.Where(Open()).Where(a => a.Assignments.Any(x => x.DepartmentId == departmentId && x.EndedAt == null));

    /// <summary>Red: open and past the feedback limit, or not yet dispatched and past the dispatch limit.</summary>
    public static Expression<Func<Appeal, bool>> Overdue(DateTimeOffset now) => a =>
        (a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
            || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress)
        && (a.FeedbackDueAt < now || ((a.State == AppealState.Submitted || a.State == AppealState.Accepted) && a.DispatchDueAt < now));

    /// <summary>Due soon: open, not overdue, and within the warning lead of a limit (lead per urgency).</summary>
    public static Expression<Func<Appeal, bool>> DueSoon(DateTimeOffset now, AppealOptions o)
    {
        var fu = now + o.FeedbackWarning(AppealUrgency.Urgent);
        var ft = now + o.FeedbackWarning(AppealUrgency.Utilities);
        var fg = now + o.FeedbackWarning(AppealUrgency.General);
        var fc = now + o.FeedbackWarning(AppealUrgency.Complex);
        var du = now + o.DispatchWarning(AppealUrgency.Urgent);
        var dt = now + o.DispatchWarning(AppealUrgency.Utilities);
        var dg = now + o.DispatchWarning(AppealUrgency.General);
        var dc = now + o.DispatchWarning(AppealUrgency.Complex);
        return a =>
            (a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
                || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress)
            && a.FeedbackDueAt >= now
            && !((a.State == AppealState.Submitted || a.State == AppealState.Accepted) && a.DispatchDueAt < now)
            && ((a.Urgency == AppealUrgency.Urgent && a.FeedbackDueAt < fu)
                || (a.Urgency == AppealUrgency.Utilities && a.FeedbackDueAt < ft)
                || (a.Urgency == AppealUrgency.General && a.FeedbackDueAt < fg)
                || (a.Urgency == AppealUrgency.Complex && a.FeedbackDueAt < fc)
                || ((a.State == AppealState.Submitted || a.State == AppealState.Accepted)
                    && ((a.Urgency == AppealUrgency.Urgent && a.DispatchDueAt < du)
                        || (a.Urgency == AppealUrgency.Utilities && a.DispatchDueAt < dt)
                        || (a.Urgency == AppealUrgency.General && a.DispatchDueAt < dg)
                        || (a.Urgency == AppealUrgency.Complex && a.DispatchDueAt < dc))));
    }

    /// <summary>The DOMAIN.md warnings: no response in 24 h, no progress in 3 days, two unsatisfied in a row.</summary>
    public static Expression<Func<Appeal, bool>> Warned(DateTimeOffset now, AppealOptions o)
    {
        var noResponse = now - TimeSpan.FromHours(o.NoResponseHours);
        var noProgress = now - TimeSpan.FromDays(o.NoProgressDays);
        var streak = o.UnsatisfiedStreak;
        return a =>
            (a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
                || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress)
            && (((a.State == AppealState.Submitted || a.State == AppealState.Accepted) && a.FirstDispatchedAt == null && a.SubmittedAt < noResponse)
                || (a.State == AppealState.Dispatched && a.DispatchedAt < noResponse)
                || a.LastProgressAt < noProgress
                || a.UnsatisfiedStreak >= streak);
    }
}

/// <summary>Combines predicates over one parameter so EF can still translate them.</summary>
public static class Predicates
{
    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> e) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(e.Body), e.Parameters);

    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b) =>
        Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body)), a.Parameters);

    /// <summary>
    /// The same test written as <c>CASE WHEN … THEN 1 ELSE 0 END = 1</c>, which no index can answer. For a list that
    /// starts from a short list of ids (the caller's own assignments): otherwise SQLite walks a city-wide index of
    /// states or deadlines and tests every row against the list (at 5M appeals a grid worker's 已超期 took 45-55 ms
    /// that way, against a few milliseconds looking their few hundred appeals up by key).
    /// </summary>
    public static Expression<Func<T, bool>> WithoutIndex<T>(Expression<Func<T, bool>> e) =>
        Expression.Lambda<Func<T, bool>>(
            Expression.Equal(Expression.Condition(e.Body, Expression.Constant(1), Expression.Constant(0)), Expression.Constant(1)), e.Parameters);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
