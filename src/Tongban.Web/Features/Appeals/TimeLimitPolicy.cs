using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Turns the time-limit rules into deadlines. A category's own rule wins over the urgency's default; with no rule in
/// the database the Beijing 12345 defaults of DOMAIN.md apply.
/// </summary>
public sealed class TimeLimitPolicy(AppDbContext db, WorkingCalendar calendar, AppealReferenceCache reference)
{
    /// <summary>Urgent: dispatch 1 h, feedback 2 h; utilities 2 h / 24 h; general 24 h / 7 working days; complex 24 h / 15 working days.</summary>
    public static readonly IReadOnlyList<TimeLimitRule> Defaults =
    [
        new() { Urgency = AppealUrgency.Urgent, DispatchHours = 1, FeedbackHours = 2, AcknowledgeHours = 1 },
        new() { Urgency = AppealUrgency.Utilities, DispatchHours = 2, FeedbackHours = 24, AcknowledgeHours = 1 },
        new() { Urgency = AppealUrgency.General, DispatchHours = 24, FeedbackWorkingDays = 7, AcknowledgeHours = 4 },
        new() { Urgency = AppealUrgency.Complex, DispatchHours = 24, FeedbackWorkingDays = 15, AcknowledgeHours = 8 },
    ];

    public async Task<TimeLimitRule> RuleAsync(int categoryId, AppealUrgency urgency, CancellationToken ct = default)
    {
        var rules = (await reference.RulesAsync(db, ct)).Where(r => r.Urgency == urgency && (r.CategoryId == categoryId || r.CategoryId == null)).ToList();
        return rules.FirstOrDefault(r => r.CategoryId == categoryId) ?? rules.FirstOrDefault(r => r.CategoryId == null) ?? Defaults.First(d => d.Urgency == urgency);
    }

    public TimeLimit Compute(TimeLimitRule rule, DateTimeOffset start) => rule.FeedbackHours is { } hours
        ? new(start.AddHours(rule.DispatchHours), start.AddHours(hours))
        : new(start.AddHours(rule.DispatchHours), calendar.DeadlineAfterWorkingDays(start, WorkingDaysOf(rule)!.Value), WorkingDaysOf(rule));

    /// <summary>The working days a rule's feedback limit counts, or null when it is in hours.</summary>
    public static int? WorkingDaysOf(TimeLimitRule rule) => rule.FeedbackHours is null ? rule.FeedbackWorkingDays ?? DefaultWorkingDays : null;

    /// <summary>A rule in working days without a number counts seven.</summary>
    public const int DefaultWorkingDays = 7;

    public async Task<TimeLimit> ForAsync(int categoryId, AppealUrgency urgency, DateTimeOffset start, CancellationToken ct = default) =>
        Compute(await RuleAsync(categoryId, urgency, ct), start);
}
